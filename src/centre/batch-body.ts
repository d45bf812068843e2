import { CentreError } from './register.js';
import { yielder } from './yielder.js';
import { LIMIT_FLAGS, MAX_JSON_DEPTH, recordSizeBreach, type CentreLimits, type LimitBreach } from './limits.js';

/**
 * Incremental reading of a records batch (`{"records": [record, …], "batchId"?, "profile"?}`).
 * One pass over the bytes finds the records array and each record's span, counting records and nesting depth, so
 * a batch over --max-batch, a record over --max-record or nested deeper than MAX_JSON_DEPTH is refused before
 * anything is parsed. The rest of the body (the "skeleton", records replaced by 0) and each record are then parsed
 * on their own; the scan and the parse give way to other requests every few milliseconds, so a large batch never
 * holds the event loop.
 */

/** One record of a batch: its parsed value, or the limit that kept it from being parsed. */
export interface BatchRecord { value?: unknown; breach?: LimitBreach }

/** Where one record lies in the body, and how deep it nests. */
export interface Span { start: number; end: number; depth: number }

export interface ScannedBatch {
  /** The body with every record replaced by 0 (batchId, profile, …), parsed. */
  envelope: unknown;
  spans: Span[];
}

// yielder lives in its own file: register.ts uses it too, and this file imports register.ts's CentreError.
export { yielder } from './yielder.js';

const invalid = (detail: string) => new CentreError(400, 'invalid-json', { detail });
const SKELETON_MAX = 64 * 1024;
const Q = 0x22, BS = 0x5c, LB = 0x7b, RB = 0x7d, LS = 0x5b, RS = 0x5d, COMMA = 0x2c, COLON = 0x3a;

/** Scan `buf` for the top-level "records" array: its bounds and its elements' spans (with nesting depth). */
async function scan(buf: Buffer, limits: CentreLimits): Promise<{ open: number; close: number; spans: Span[] } | undefined> {
  const pause = yielder();
  let depth = 0, maxOutside = 0, inString = false, keyStart = -1, lastKey = '';
  let open = -1, close = -1, elStart = -1, elDepth = 0;
  const spans: Span[] = [];
  const endElement = (at: number) => {
    if (buf.subarray(elStart, at).toString('latin1').trim()) spans.push({ start: elStart, end: at, depth: elDepth });
    if (spans.length > limits.maxBatchRecords) {
      throw new CentreError(413, 'too-many-records', { max: limits.maxBatchRecords, flag: LIMIT_FLAGS.maxBatchRecords }, { limit: limits.maxBatchRecords, flag: LIMIT_FLAGS.maxBatchRecords });
    }
  };
  for (let i = 0; i < buf.length; i++) {
    if ((i & 0xfffff) === 0) await pause();
    const c = buf[i];
    if (inString) {
      if (c === BS) i++;
      else if (c === Q) {
        inString = false;
        if (depth === 1 && keyStart >= 0) lastKey = buf.toString('utf8', keyStart, Math.min(i, keyStart + 64));
      }
      continue;
    }
    if (c === Q) { inString = true; keyStart = depth === 1 ? i + 1 : -1; continue; }
    const inRecords = open >= 0 && close < 0;
    if (c === LB || c === LS) {
      depth++;
      if (depth === 2 && c === LS && lastKey === 'records' && open < 0) { open = i; elStart = i + 1; elDepth = 0; continue; }
      if (inRecords) elDepth = Math.max(elDepth, depth - 2);
      else if ((maxOutside = Math.max(maxOutside, depth)) > MAX_JSON_DEPTH) throw invalid(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === RB || c === RS) {
      if (inRecords && depth === 2) { endElement(i); close = i; }
      depth--;
    } else if (c === COMMA && inRecords && depth === 2) {
      endElement(i);
      elStart = i + 1;
      elDepth = 0;
    } else if (c === COLON && depth === 1 && lastKey === 'records' && open >= 0 && close >= 0) {
      throw new CentreError(400, 'invalid-body', { detail: '"records" occurs twice' });
    }
  }
  return open >= 0 && close >= 0 ? { open, close, spans } : undefined;
}

function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid(`${what}: ${(err as Error).message}`);
  }
}

/** Scan a records batch and parse its envelope (everything but the records); the records are parsed later. */
export async function readBatchEnvelope(buf: Buffer, limits: CentreLimits): Promise<ScannedBatch> {
  const found = await scan(buf, limits);
  if (!found) {
    // no records array: the body is small or malformed; it is parsed whole only if small
    if (buf.length > SKELETON_MAX) throw new CentreError(400, 'invalid-body', { detail: 'the body must be {"records": [record, …]}' });
    return { envelope: parse(buf.toString('utf8'), 'body'), spans: [] };
  }
  const { open, close, spans } = found;
  const skeleton = buf.toString('utf8', 0, open + 1) + spans.map(() => '0').join(',') + buf.toString('utf8', close);
  if (skeleton.length > SKELETON_MAX) throw new CentreError(400, 'invalid-body', { detail: `everything but the records must fit in ${SKELETON_MAX} bytes` });
  return { envelope: parse(skeleton, 'body'), spans };
}

/** Parse the records of a scanned batch, leaving those over --max-record or the depth limit unparsed. */
export async function parseBatchRecords(buf: Buffer, spans: Span[], limits: CentreLimits): Promise<BatchRecord[]> {
  const pause = yielder();
  const out: BatchRecord[] = [];
  for (const [n, s] of spans.entries()) {
    await pause();
    const breach = recordSizeBreach(s.end - s.start, limits)
      ?? (s.depth > MAX_JSON_DEPTH ? { code: 'record-too-deep' as const, path: '/', limit: MAX_JSON_DEPTH, size: s.depth, flag: 'fixed' } : undefined);
    if (breach) { out.push({ breach }); continue; }
    out.push({ value: parse(buf.toString('utf8', s.start, s.end), `record ${n}`) });
  }
  return out;
}
