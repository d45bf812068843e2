/** Parsed pointers: templates use a few dozen, set once per row each (bounded so odd callers cannot grow it). */
const parsed = new Map<string, readonly string[]>();
/** The concrete pointer written for parsed pointers without "*" (re-escaped, as setSegs builds it). */
const concrete = new WeakMap<readonly string[], string>();

/** JSON pointer segments, unescaped (~1 → /, ~0 → ~). */
export function parsePointer(pointer: string): string[] {
  return [...parseCached(pointer)];
}

function parseCached(pointer: string): readonly string[] {
  let segs = parsed.get(pointer);
  if (!segs) {
    segs = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(pointer, segs);
    if (segs.length && !segs.includes('*')) concrete.set(segs, segs.map((x) => '/' + escapeSeg(x)).join(''));
  }
  return segs;
}

const escapeSeg = (s: string) => (s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s);

/** The value at a concrete pointer, or undefined. */
export function getAt(doc: unknown, pointer: string): unknown {
  let cur: any = doc;
  for (const seg of parseCached(pointer)) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/**
 * Set `value` at `pointer` in `doc`, creating objects and arrays on the way (a numeric or "*" segment makes an array).
 * "*" stands for every element: an array value is spread index by index ("/items/*\/name" ← ["a","b"] gives two items);
 * a single value goes to element 0 of an empty list, or to every existing element. A pointer ending in "*" appends.
 * Returns the concrete pointers written (for per-field provenance).
 */
export function setAt(doc: Record<string, unknown>, pointer: string, value: unknown): string[] {
  const written = setAtOne(doc, pointer, value);
  return typeof written === 'string' ? [written] : written;
}

/** setAt for the common pointer without "*": the one concrete pointer written as a string, else the list. */
export function setAtOne(doc: Record<string, unknown>, pointer: string, value: unknown): string | string[] {
  const segs = parseCached(pointer);
  const plain = concrete.get(segs);
  if (plain !== undefined) {
    // No "*": exactly one place is written, the same for every row.
    let cur: any = doc;
    for (let at = 0; at < segs.length - 1; at++) {
      const key: string | number = Array.isArray(cur) ? Number(segs[at]) : segs[at];
      if (cur[key] === undefined || cur[key] === null || typeof cur[key] !== 'object') cur[key] = nextContainer(segs[at + 1]);
      cur = cur[key];
    }
    cur[Array.isArray(cur) ? Number(segs[segs.length - 1]) : segs[segs.length - 1]] = value;
    return plain;
  }
  return setSegs(doc, segs, 0, value, '');
}


function setSegs(container: any, segs: readonly string[], at: number, value: unknown, prefix: string): string[] {
  const seg = segs[at];
  const restLength = segs.length - at - 1;
  const next = segs[at + 1];
  if (seg === '*') {
    const arr = container as unknown[];
    if (!restLength) {
      const vals = Array.isArray(value) ? value : [value];
      const start = arr.length;
      arr.push(...vals);
      return vals.map((_, i) => `${prefix}/${start + i}`);
    }
    const written: string[] = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (arr[i] === undefined || arr[i] === null) arr[i] = nextContainer(next);
        written.push(...setSegs(arr[i], segs, at + 1, v, `${prefix}/${i}`));
      });
    } else {
      if (!arr.length) arr.push(nextContainer(next));
      arr.forEach((el, i) => written.push(...setSegs(el, segs, at + 1, value, `${prefix}/${i}`)));
    }
    return written;
  }
  const key: string | number = Array.isArray(container) ? Number(seg) : seg;
  const here = `${prefix}/${escapeSeg(seg)}`;
  if (!restLength) {
    container[key] = value;
    return [here];
  }
  if (container[key] === undefined || container[key] === null || typeof container[key] !== 'object') container[key] = nextContainer(next);
  return setSegs(container[key], segs, at + 1, value, here);
}

function nextContainer(seg: string): unknown {
  return seg === '*' || /^\d+$/.test(seg) ? [] : {};
}
