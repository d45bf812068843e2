import type { SourceRow } from '../readers/row.js';
import type { ReadOptions } from '../readers/options.js';
import { blank, FOOTER_TEXT, numeric } from '../readers/footer.js';
import { columnCount, sparseValues, type NumericColumns } from '../readers/footer-stream.js';
import type { TailInfo } from './batch.js';

/**
 * Whether the single-thread reader looks for footers below this CSV table (src/readers/csv.ts): not in a headerless
 * file, not with footerRows 0. (A template's footerRows > 0 keeps the file on one thread: src/parallel/split.ts.)
 */
export const footersApply = (read: ReadOptions): boolean => read.header !== false && read.footerRows === undefined;

/**
 * What a worker can tell of a row, knowing only the rows of its range: undefined when the row can never be a
 * footer (withoutTrailingNotes would let it through whatever came before: a dense row, which `learned` learns
 * from, or a sparse one with no text a column of numbers could refuse); else what the main thread needs to decide
 * once it knows every row before (src/parallel/footer-filter.ts).
 */
export function tailInfo(row: SourceRow, learned: NumericColumns): TailInfo | undefined {
  const values = sparseValues(row, columnCount(row));
  if (values === undefined) {
    learned.learnDense(row);
    return undefined;
  }
  if (!values.length) return { row: row.provenance.row, text: '', empty: true, footerText: false };
  const footerText = values.some((v) => FOOTER_TEXT.test(v));
  if (!footerText && !Object.values(row.values).some((v) => !blank(v as never) && !numeric(v as never))) return undefined;
  return { row: row.provenance.row, text: values.join(' '), empty: false, footerText, ...(footerText ? {} : { values: row.values }) };
}
