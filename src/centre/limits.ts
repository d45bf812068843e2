import { loadProfile } from '../profiles/load.js';

/**
 * The centre's resource limits (docs/security.md "Limits"). Each is checked before the work it bounds is done,
 * and each refusal names the limit and the `catalog centre serve` flag that sets it.
 */
export interface CentreLimits {
  /** Largest request body in bytes (--max-body). */
  maxBodyBytes: number;
  /** Longest string in a record, in characters, where the profile gives no maxLength (--max-field). */
  maxFieldChars: number;
  /** Largest record, in bytes of its JSON (--max-record). */
  maxRecordBytes: number;
  /** Most records in one POST /api/v1/records (--max-batch). */
  maxBatchRecords: number;
  /** Largest total uncompressed size of a package's entries in bytes (--max-package). */
  maxPackageBytes: number;
  /** Longest text of one field in list answers (search, browse page), in characters (--max-list-text). */
  maxListTextChars: number;
  /** Largest OAI-PMH list page in bytes; the page ends early with a resumptionToken (--max-oai-page). */
  maxOaiPageBytes: number;
}

export const DEFAULT_LIMITS: CentreLimits = {
  maxBodyBytes: 32 * 1024 * 1024,
  maxFieldChars: 65_536,
  maxRecordBytes: 1024 * 1024,
  maxBatchRecords: 1000,
  maxPackageBytes: 128 * 1024 * 1024,
  maxListTextChars: 500,
  maxOaiPageBytes: 8 * 1024 * 1024,
};

/** The limits of a centre: its options' limits over DEFAULT_LIMITS (maxBodyBytes also from the older option). */
export function limitsOf(opts: { maxBodyBytes?: number; limits?: Partial<CentreLimits> }): CentreLimits {
  const set = Object.fromEntries(Object.entries(opts.limits ?? {}).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_LIMITS, ...(opts.maxBodyBytes ? { maxBodyBytes: opts.maxBodyBytes } : {}), ...set };
}

/** The `catalog centre serve` flag of each limit, named in refusals so an operator knows what to change. */
export const LIMIT_FLAGS: Record<keyof CentreLimits, string> = {
  maxBodyBytes: '--max-body',
  maxFieldChars: '--max-field',
  maxRecordBytes: '--max-record',
  maxBatchRecords: '--max-batch',
  maxPackageBytes: '--max-package',
  maxListTextChars: '--max-list-text',
  maxOaiPageBytes: '--max-oai-page',
};

/** Nesting depth of JSON the centre reads (records are ~4 deep); deeper input is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

/**
 * Bytes of the unread body the centre discards after an early answer (401, 413) before it drops the connection:
 * 4 × --max-body, at least 64 MiB. Discarding costs no memory; dropping the connection earlier would make a client
 * still sending a somewhat larger body see a reset (`write EPIPE`) instead of the answer.
 */
export const drainCap = (limits: CentreLimits) => Math.max(4 * limits.maxBodyBytes, 64 * 1024 * 1024);

const profileCaps = new Map<string, Map<string, number>>();

/**
 * maxLength of each string field the profile's JSON Schema gives, by JSON pointer with array indexes as `*`
 * (e.g. "/title" → 500 in guide2017). Such a field's limit is the profile's, not --max-field.
 */
export function profileFieldCaps(profile: string): Map<string, number> {
  const hit = profileCaps.get(profile);
  if (hit) return hit;
  const caps = new Map<string, number>();
  const walk = (node: any, pointer: string, depth: number) => {
    if (!node || typeof node !== 'object' || depth > 8) return;
    if (typeof node.maxLength === 'number') caps.set(pointer, node.maxLength);
    for (const [k, v] of Object.entries<any>(node.properties ?? {})) walk(v, `${pointer}/${k}`, depth + 1);
    if (node.items) walk(node.items, `${pointer}/*`, depth + 1);
  };
  walk(loadProfile(profile).schema, '', 0);
  profileCaps.set(profile, caps);
  return caps;
}

/** A record over a limit: the JSON pointer, the limit, and the actual size. */
export interface LimitBreach {
  code: 'field-too-long' | 'record-too-large' | 'record-too-deep';
  path: string;
  limit: number;
  size: number;
  flag: string;
}

/**
 * The first string of `record` longer than its limit (the profile's maxLength, else maxFieldChars), or nesting
 * deeper than MAX_JSON_DEPTH. Iterative, so a hostile record cannot exhaust the stack.
 */
export function fieldBreach(record: unknown, limits: CentreLimits, caps: Map<string, number>): LimitBreach | undefined {
  const stack: { v: unknown; path: string; pattern: string; depth: number }[] = [{ v: record, path: '', pattern: '', depth: 0 }];
  while (stack.length) {
    const { v, path, pattern, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const profileCap = caps.get(pattern);
      const limit = profileCap ?? limits.maxFieldChars;
      if (v.length > limit) return { code: 'field-too-long', path: path || '/', limit, size: v.length, flag: profileCap !== undefined ? 'profile' : LIMIT_FLAGS.maxFieldChars };
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { code: 'record-too-deep', path: path || '/', limit: MAX_JSON_DEPTH, size: depth + 1, flag: 'fixed' };
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: `${path}/${i}`, pattern: `${pattern}/*`, depth: depth + 1 }));
    else {
      for (const k of Object.keys(v)) {
        const seg = k.replace(/~/g, '~0').replace(/\//g, '~1');
        stack.push({ v: (v as Record<string, unknown>)[k], path: `${path}/${seg}`, pattern: `${pattern}/${seg}`, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** A record's JSON over maxRecordBytes. */
export function recordSizeBreach(bytes: number, limits: CentreLimits): LimitBreach | undefined {
  if (bytes <= limits.maxRecordBytes) return undefined;
  return { code: 'record-too-large', path: '/', limit: limits.maxRecordBytes, size: bytes, flag: LIMIT_FLAGS.maxRecordBytes };
}
