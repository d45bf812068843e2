import type { FieldRule, MappingTemplate } from './template.js';
import { findSynonymInContext, normaliseHeader, SYNONYMS, type Synonym } from './synonyms.js';
import { meaningOfValues } from './value-meaning.js';
import { isEmpty } from './map.js';

/** What `--guess` decided for one column. */
export interface GuessedColumn {
  column: string;
  meaning?: string;
  /** The record field (a JSON pointer); its label in zh or en is added where it is shown (fieldLabel). */
  field?: string;
  /** Not placed: the column that took the same meaning (ranked higher), e.g. 发布时间 over 创建时间. */
  runnerUpOf?: string;
}

export interface GuessResult {
  template: MappingTemplate;
  columns: GuessedColumn[];
  /** Columns with no known meaning: they will land in record.extensions. */
  unplaced: string[];
}

/** Meanings a header gives that its values may overrule (a 开放条件 column holding 无条件开放 is the openness type). */
const VALUES_OVERRULE = new Set(['open-condition', 'share-condition', 'openness', 'share-type', 'open']);

/** Meanings whose values have a kind meaningOfValues can see (a code list, URLs, credit codes, dates, yes/no). */
const KIND_OF: Record<string, string> = {
  'share-type': 'share-type', openness: 'openness', 'update-cycle': 'update-cycle', 'share-method': 'share-method', url: 'url',
  'provider-code': 'provider-code', published: 'date', 'metadata-updated': 'date', open: 'yes-no',
};

const DATE_HEADER = /时间|日期|date|time|issued|modified|created/i;
const OPEN_HEADER = /开放|公开|open/i;
const meaning = (m: string) => SYNONYMS.find((x) => x.meaning === m);

/**
 * A column's meaning from its header and its values, which weigh as much: a header the table does not know, or a
 * condition column full of code-list values, goes by its values (dates and yes/no only where the header hints at a
 * date or at openness). `rank` orders columns competing for one field: the position of the header among the
 * meaning's names (exact names first); a column whose values contradict the meaning after one whose values agree;
 * values-only meanings last.
 */
function withValues(header: string, byHeader: Synonym | undefined, values: unknown[] | undefined): { s: Synonym; rank: number } | undefined {
  const v = values ? meaningOfValues(values) : undefined;
  const leafHeader = header.split('/').pop() ?? header;
  let byValues: Synonym | undefined;
  if (v === 'date') byValues = !byHeader && DATE_HEADER.test(leafHeader) ? meaning('published') : undefined;
  else if (v === 'yes-no') byValues = (!byHeader || VALUES_OVERRULE.has(byHeader.meaning)) && OPEN_HEADER.test(header) ? meaning('open') : undefined;
  else if (v) byValues = meaning(v);
  if (byValues && (!byHeader || (VALUES_OVERRULE.has(byHeader.meaning) && byHeader.meaning !== byValues.meaning && byValues.field !== '/updateCycle'))) return { s: byValues, rank: 5000 };
  if (!byHeader) return undefined;
  const h = normaliseHeader(leafHeader);
  const at = byHeader.names.findIndex((n) => normaliseHeader(n) === h);
  const kind = KIND_OF[byHeader.meaning];
  const judged = (values ?? []).filter((x) => !isEmpty(x)).length >= 2;
  const contradicted = kind !== undefined && judged && v !== kind;
  return { s: byHeader, rank: (at >= 0 ? at : 1000) + (contradicted ? 2000 : 0) };
}

/** The read options a guessed template keeps in its source (the CLI's --sheet, --header-row, --encoding). */
export interface GuessSource {
  sheet?: string | number;
  headerRow?: number;
  encoding?: string;
}

/**
 * Propose a template from header names: one rule per recognised column (a merged parent header gives context, see
 * findSynonymInContext); a field is taken by its first column only; a field derived from another column (the format
 * category from the format list) is left to a column that holds it directly.
 */
export function guessFromHeaders(headers: string[], o: { read?: GuessSource; name?: string; values?: unknown[][] } = {}): GuessResult {
  const fields: FieldRule[] = [];
  const columns: GuessedColumn[] = [];
  const unplaced: string[] = [];
  const found = headers.map((h, i) => withValues(h, findSynonymInContext(h), o.values?.[i]));
  const meanings = found.map((f) => f?.s);
  // Two columns with one meaning: the better-ranked name wins (发布时间 over 创建时间), the other is named unplaced.
  const best = new Map<string, number>();
  found.forEach((f, i) => {
    if (!f) return;
    const j = best.get(f.s.field);
    if (j === undefined || f.rank < found[j]!.rank) best.set(f.s.field, i);
  });
  const taken = new Map<string, Synonym>([...best].map(([field, i]) => [field, found[i]!.s]));
  const used = new Set<string>();
  headers.forEach((h, i) => {
    const s = meanings[i];
    if (!s || best.get(s.field) !== i || used.has(s.field)) {
      unplaced.push(h);
      const winner = s ? best.get(s.field) : undefined;
      columns.push(winner !== undefined && winner !== i ? { column: h, runnerUpOf: headers[winner], meaning: s!.meaning } : { column: h });
      return;
    }
    used.add(s.field);
    fields.push({ field: s.field, column: h, transforms: s.transforms, ...(s.field === '/title' ? { required: true } : {}) });
    for (const w of s.with ?? []) fields.push({ field: w.field, value: w.value, when: h });
    for (const a of s.also ?? []) if (!taken.has(a.field)) fields.push({ field: a.field, column: h, transforms: a.transforms });
    columns.push({ column: h, meaning: s.meaning, field: s.field });
  });
  const source: MappingTemplate['source'] = {};
  if (o.read?.sheet !== undefined) source.sheet = o.read.sheet;
  if (o.read?.headerRow) source.headerRow = o.read.headerRow;
  if (o.read?.encoding) source.encoding = o.read.encoding;
  const template: MappingTemplate = {
    name: o.name ?? 'guessed',
    description: 'Proposed by catalog map --guess from the column headers; review before use.',
    source: { layout: 'table', ...source },
    fields,
  };
  return { template, columns, unplaced };
}
