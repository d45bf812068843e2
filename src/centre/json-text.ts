/** Array elements stringified between two pauses. */
const PIECE = 1000;

/**
 * The JSON text of an object (as JSON.stringify gives it, compact) made in pieces: each array among its values is
 * stringified PIECE elements at a time with `pause()` between pieces. A package's answer lists every record
 * (100,000 records: ~10 MB of JSON); stringified at once it held the event loop for hundreds of milliseconds.
 */
export async function jsonText(value: Record<string, unknown>, pause: () => Promise<void>): Promise<string> {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      parts.push(`${JSON.stringify(k)}:${JSON.stringify(v)}`);
      continue;
    }
    const pieces: string[] = [];
    for (let i = 0; i < v.length; i += PIECE) {
      await pause();
      pieces.push(JSON.stringify(v.slice(i, i + PIECE)).slice(1, -1));
    }
    parts.push(`${JSON.stringify(k)}:[${pieces.join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}
