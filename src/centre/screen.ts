import type { Issue } from '../issues/issue.js';
import { ref } from '../issues/text.js';
import { fieldBreach, profileFieldCaps, type CentreLimits, type LimitBreach } from './limits.js';
import { recordShapeProblem } from './request-shapes.js';
import type { BatchRecord } from './batch-body.js';

/**
 * Records screened before the centre does any work on them: a record over a limit (size, depth, one field) or whose
 * key/provider fields have the wrong type is refused with an issue naming the limit or the pointer, and is neither
 * validated nor looked up in the store.
 */
export interface Screened {
  /** Every record, in order (undefined where it could not be parsed). */
  records: unknown[];
  /** Refused records by index, with the reason. */
  refused: Map<number, Issue[]>;
}

/** The issue for a record over a limit (code field-too-long, record-too-large or record-too-deep). */
export function breachIssue(b: LimitBreach, index: number): Issue {
  const params = { path: b.path, limit: b.limit, size: b.size, flag: b.flag };
  return { code: b.code, severity: 'error', path: b.path === '/' ? '' : b.path, record: index, params, wording: breachWording(b) };
}

/** The centre's message for a limit breach: a profile's own cap reads differently from a --max-… flag. */
export const breachWording = (b: LimitBreach) => ref(`centre-api.${b.code}${b.flag === 'profile' ? '-profile' : ''}`, { path: b.path, limit: b.limit, size: b.size, flag: b.flag });

export function screenRecords(batch: BatchRecord[], profile: string, limits: CentreLimits): Screened {
  const caps = profileFieldCaps(profile);
  const refused = new Map<number, Issue[]>();
  const records = batch.map((r, index) => {
    if (r.breach) { refused.set(index, [breachIssue(r.breach, index)]); return undefined; }
    // a non-object record is reported by registerRecords (record-not-object)
    if (!r.value || typeof r.value !== 'object' || Array.isArray(r.value)) return r.value;
    const shape = recordShapeProblem(r.value);
    if (shape) {
      const params = { pointer: shape.pointer, detail: shape.detail };
      refused.set(index, [{ code: 'record-shape', severity: 'error', path: shape.pointer, record: index, params, wording: ref('centre-api.record-shape') }]);
      return undefined;
    }
    const breach = fieldBreach(r.value, limits, caps);
    if (breach) { refused.set(index, [breachIssue(breach, index)]); return undefined; }
    return r.value;
  });
  return { records, refused };
}
