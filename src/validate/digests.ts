/**
 * Fixed-size key digests for the cross-record rules: a 64-bit hash of each key string in open-addressing tables
 * of typed arrays (9 bytes a slot for a set, 12 with a value; a table grows by 1.5× at 80 % load), so remembering
 * 1,000,000 keys costs ~14–18 MB instead of the strings themselves. Two different
 * keys share a digest with probability about n²/2⁶⁵ (≈ 3·10⁻⁸ for a million keys); such a collision would report
 * a false duplicate.
 */

/** Two 32-bit halves of a 64-bit hash of a string's UTF-16 code units (cyrb53-style mixing, both halves kept). */
export function digest64(s: string): [number, number] {
  hash(s);
  return [H1, H2];
}

let H1 = 0;
let H2 = 0;
/** Hash of `s`, or of `s + "\u0000" + t` when `t` is given (without building that string). */
function hash(s: string, t?: string): void {
  const len = t === undefined ? s.length : s.length + 1 + t.length;
  let h1 = 0xdeadbeef ^ len;
  let h2 = 0x41c6ce57 ^ len;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  if (t !== undefined) {
    h1 = Math.imul(h1, 2654435761); // the "\u0000" between the parts
    h2 = Math.imul(h2, 1597334677);
    for (let i = 0; i < t.length; i++) {
      const ch = t.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  H1 = h1 >>> 0;
  H2 = h2 >>> 0;
}

/** One open-addressing table of a DigestMap. */
class Shard {
  hi: Uint32Array;
  lo: Uint32Array;
  /** Slot in use (set) or value + 1 (map); 0 marks an empty slot. */
  val: Int32Array | Uint8Array;
  size = 0;

  constructor(cap: number, private withValues: boolean) {
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = withValues ? new Int32Array(cap) : new Uint8Array(cap);
  }

  slot(hi: number, lo: number): number {
    const cap = this.val.length;
    // Multiply-shift onto [0, cap) (capacities are not powers of two).
    let i = Math.floor(((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0) * cap / 4294967296);
    while (this.val[i] !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo)) if (++i === cap) i = 0;
    return i;
  }

  /** Store value + 1 (or 1 for a set) unless the digest is present; returns the stored slot value, or 0 when added. */
  put(hi: number, lo: number, stored: number): number {
    const i = this.slot(hi, lo);
    if (this.val[i] !== 0) return this.val[i];
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.val[i] = stored;
    if (++this.size * 5 > this.val.length * 4) this.grow();
    return 0;
  }

  private grow(): void {
    const { hi, lo, val } = this;
    const cap = Math.ceil(val.length * 1.5);
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = this.withValues ? new Int32Array(cap) : new Uint8Array(cap);
    for (let j = 0; j < val.length; j++) {
      if (val[j] === 0) continue;
      const i = this.slot(hi[j], lo[j]);
      this.hi[i] = hi[j];
      this.lo[i] = lo[j];
      this.val[i] = val[j];
    }
  }
}

/** Tables per DigestMap (a power of two; the top bits of a digest pick one). */
const SHARDS = 16;

/**
 * Set of key digests (keys themselves are not kept); with `withValues`, a map to non-negative integers.
 * Kept in 16 tables that grow one at a time (their sizes are staggered by 1.5^(k/16)), so growing never holds two
 * copies of the whole map at once: one table of one map is copied at a time, about 1/16 of it.
 */
export class DigestMap {
  private shards: Shard[] = [];
  size = 0;

  constructor(capacity = 1024, private withValues = true) {
    const per = Math.max(16, Math.ceil(capacity / SHARDS));
    for (let k = 0; k < SHARDS; k++) this.shards.push(new Shard(Math.ceil(per * 1.5 ** (k / SHARDS)), withValues));
  }

  private shard(lo: number): Shard {
    return this.shards[lo >>> 28];
  }

  /** The value stored for `key` (0 for a set), or undefined. */
  get(key: string): number | undefined {
    hash(key);
    const sh = this.shard(H2);
    const v = sh.val[sh.slot(H1, H2)];
    return v === 0 ? undefined : this.withValues ? v - 1 : 0;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Store `value` for `key` unless it is present; returns the value already stored (0 for a set), or undefined when added. */
  setIfAbsent(key: string, value = 0): number | undefined {
    hash(key);
    return this.put(value);
  }

  /** setIfAbsent for the key `a + "\u0000" + b`, without building it. */
  setPairIfAbsent(a: string, b: string, value = 0): number | undefined {
    hash(a, b);
    return this.put(value);
  }

  /** setIfAbsent for the digest in H1/H2. */
  private put(value: number): number | undefined {
    const v = this.shard(H2).put(H1, H2, this.withValues ? value + 1 : 1);
    if (v === 0) {
      this.size++;
      return undefined;
    }
    return this.withValues ? v - 1 : 0;
  }
}
