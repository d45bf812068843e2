/**
 * Fixed-size key digests for the cross-record rules: a 64-bit hash of each key string in an
 * open-addressing table of typed arrays (12 bytes a slot), so remembering 1,000,000 keys costs
 * ~24 MB instead of the strings themselves. Two different keys share a digest with probability
 * about n²/2⁶⁵ (≈ 3·10⁻⁸ for a million keys); such a collision would report a false duplicate.
 */

/** Two 32-bit halves of a 64-bit hash of a string's UTF-16 code units (cyrb53-style mixing, both halves kept). */
export function digest64(s: string): [number, number] {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** Map from key digest to a non-negative integer (a record index); keys themselves are not kept. */
export class DigestMap {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** value + 1; 0 marks an empty slot. */
  private val: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private slot(hi: number, lo: number): number {
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while (this.val[i] !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo)) i = (i + 1) & this.mask;
    return i;
  }

  /** The value stored for `key`, or undefined. */
  get(key: string): number | undefined {
    const [hi, lo] = digest64(key);
    const v = this.val[this.slot(hi, lo)];
    return v === 0 ? undefined : v - 1;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Store `value` for `key` unless it is present; returns the value already stored, or undefined when added. */
  setIfAbsent(key: string, value: number): number | undefined {
    const [hi, lo] = digest64(key);
    const i = this.slot(hi, lo);
    if (this.val[i] !== 0) return this.val[i] - 1;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.val[i] = value + 1;
    if (++this.size * 4 > this.val.length * 3) this.grow();
    return undefined;
  }

  private grow(): void {
    const { hi, lo, val } = this;
    const cap = val.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < val.length; j++) {
      if (val[j] === 0) continue;
      const i = this.slot(hi[j], lo[j]);
      this.hi[i] = hi[j];
      this.lo[i] = lo[j];
      this.val[i] = val[j];
    }
  }
}
