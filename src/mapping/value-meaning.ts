import { loadCodeList, lookupCode } from '../profiles/codelist.js';
import { checkProviderCode } from '../validate/identifiers.js';
import { normaliseDate } from './dates.js';
import { parseBoolean } from './transforms.js';
import { isEmpty } from './map.js';

/** Code lists whose values identify a column by themselves, and the meaning (SYNONYMS) such a column has. */
const LISTS: [string, string][] = [['share-type', 'share-type'], ['open-type', 'openness'], ['update-cycle', 'update-cycle'], ['share-method', 'share-method']];

/** Share of a column's values a kind must cover to speak for the column. */
const CLEAR = 0.8;
/** Fewest non-empty values to judge by. */
const MIN_VALUES = 2;

/** What a column's values can say besides a meaning of the synonym table: dates and yes/no. */
export type ValueKind = string | 'date' | 'yes-no';

/**
 * What a column's values say it is, when they are clearly one kind: one code list (share types, openness types,
 * update cycles, share methods), URLs, unified social credit codes, dates or yes/no. Undefined when mixed or too few.
 * Code lists are matched by their labels and aliases only: a column of numbers (序号 1, 2, 3…) is no list of codes.
 */
export function meaningOfValues(values: unknown[]): ValueKind | undefined {
  const texts = values.filter((v) => !isEmpty(v)).map((v) => String(v).trim()).slice(0, 200);
  if (texts.length < MIN_VALUES) return undefined;
  const share = (ok: (s: string) => boolean) => texts.filter(ok).length / texts.length;
  const numeric = (s: string) => /^[\d.]+$/.test(s);
  for (const [list, meaning] of LISTS) {
    const cl = loadCodeList(list);
    if (share((s) => !numeric(s) && lookupCode(cl, s) !== undefined) >= CLEAR) return meaning;
  }
  if (share((s) => /^https?:\/\/\S+$/i.test(s)) >= CLEAR) return 'url';
  if (share((s) => /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s) && checkProviderCode(s).valid) >= CLEAR) return 'provider-code';
  if (share((s) => /\d{4}/.test(s) && normaliseDate(s) !== undefined) >= CLEAR) return 'date';
  if (share((s) => !numeric(s) && parseBoolean(s) !== undefined) >= CLEAR) return 'yes-no';
  return undefined;
}
