/** JSON pointer segments, unescaped (~1 → /, ~0 → ~). */
export function parsePointer(pointer: string): string[] {
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const escapeSeg = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The value at a concrete pointer, or undefined. */
export function getAt(doc: unknown, pointer: string): unknown {
  let cur: any = doc;
  for (const seg of parsePointer(pointer)) {
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
  return setSegs(doc, parsePointer(pointer), value, '');
}

function setSegs(container: any, segs: string[], value: unknown, prefix: string): string[] {
  const [seg, ...rest] = segs;
  if (seg === '*') {
    const arr = container as unknown[];
    if (!rest.length) {
      const vals = Array.isArray(value) ? value : [value];
      const start = arr.length;
      arr.push(...vals);
      return vals.map((_, i) => `${prefix}/${start + i}`);
    }
    const written: string[] = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (arr[i] === undefined || arr[i] === null) arr[i] = nextContainer(rest[0]);
        written.push(...setSegs(arr[i], rest, v, `${prefix}/${i}`));
      });
    } else {
      if (!arr.length) arr.push(nextContainer(rest[0]));
      arr.forEach((el, i) => written.push(...setSegs(el, rest, value, `${prefix}/${i}`)));
    }
    return written;
  }
  const key: string | number = Array.isArray(container) ? Number(seg) : seg;
  const here = `${prefix}/${escapeSeg(seg)}`;
  if (!rest.length) {
    container[key] = value;
    return [here];
  }
  if (container[key] === undefined || container[key] === null || typeof container[key] !== 'object') container[key] = nextContainer(rest[0]);
  return setSegs(container[key], rest, value, here);
}

function nextContainer(seg: string): unknown {
  return seg === '*' || /^\d+$/.test(seg) ? [] : {};
}
