import type { SourceRow } from './row.js';
import { blank, FOOTER_TEXT, numeric, sparse, type SkippedRow } from './footer.js';

/** Footer-like rows held back at most while waiting to see whether data follows (more are data after all). */
export const MAX_HELD = 1000;

/** Distinct non-empty values of a row, as text. */
export function distinct(row: Pick<SourceRow, 'values'>): string[] {
  return [...new Set(Object.values(row.values).filter((v) => !blank(v as never)).map((v) => String(v).trim()))];
}

/** Number of columns of a row (its keys), without building the array of them. */
export function columnCount(row: Pick<SourceRow, 'values'>): number {
  let n = 0;
  for (const _ in row.values) n++;
  return n;
}

/**
 * distinct(row) for a row that is sparse or empty (see `sparse`); undefined for a dense row, known as soon as one
 * more distinct value than a sparse row may hold is seen. Most rows are dense records: this skips the Set, the
 * arrays and trimming every cell that distinct() costs per row (~10 % of a CSV map+validate run).
 */
export function sparseValues(row: Pick<SourceRow, 'values'>, width: number): string[] | undefined {
  const limit = Math.max(3, Math.floor(width / 4));
  const out: string[] = [];
  for (const k in row.values) {
    const v = row.values[k];
    if (blank(v as never)) continue;
    const s = String(v).trim();
    if (out.includes(s)) continue;
    if (out.length === limit) return undefined;
    out.push(s);
  }
  return out;
}

/**
 * Columns where every dense row so far held a number (序号, counts), learned as rows stream by: text there marks a
 * note, not data (as numericColumns does for a whole grid).
 */
export class NumericColumns {
  readonly seen = new Map<string, number>();
  readonly broken = new Set<string>();
  learn(row: Pick<SourceRow, 'values'>, width: number): void {
    if (distinct(row).length <= Math.max(3, Math.floor(width / 4))) return;
    this.learnDense(row);
  }
  /** learn() for a row already known to be dense. */
  learnDense(row: Pick<SourceRow, 'values'>): void {
    for (const k in row.values) {
      // a column once broken stays broken: most columns are text, so most cells stop here
      if (this.broken.has(k)) continue;
      const v = row.values[k];
      if (blank(v as never)) continue;
      if (numeric(v as never)) this.seen.set(k, (this.seen.get(k) ?? 0) + 1);
      else this.broken.add(k);
    }
  }
  textIn(row: Pick<SourceRow, 'values'>): boolean {
    return [...this.seen].some(([k, n]) => n >= 2 && !this.broken.has(k) && !blank(row.values[k] as never) && !numeric(row.values[k] as never));
  }
  /**
   * Add what another learned from the rows after this one's (a CSV read in byte ranges learns per range,
   * src/parallel): counts add up and a column broken in either is broken, as if one had seen all the rows.
   */
  merge(o: Pick<NumericColumns, 'seen' | 'broken'>): void {
    for (const [k, n] of o.seen) this.seen.set(k, (this.seen.get(k) ?? 0) + n);
    for (const k of o.broken) this.broken.add(k);
  }
}

/**
 * Rows of a streamed table (CSV, the large-xlsx path) without the footers and notes below it, like trailingNotes does
 * for a whole grid: a run of sparse rows that look like 填表人/审核人/注/说明 lines or put text in a column of numbers is
 * held back; a record after them lets them through as data, the end of the stream skips them (told to `onSkip`).
 * With `explicit` (a template's source.footerRows) the last that many non-empty rows are skipped. The first row is
 * never a footer. Empty rows pass through as they are.
 */
export async function* withoutTrailingNotes(rows: AsyncIterable<SourceRow> | Iterable<SourceRow>, o: { explicit?: number; onSkip?: (row: SkippedRow) => void }): AsyncGenerator<SourceRow> {
  const held: SourceRow[] = [];
  let numericCols = new NumericColumns();
  let first = true;
  let sheet: string | undefined;
  // The end of a table (of the stream, or of a sheet when the next begins): what is still held back is not data.
  function* end(): Generator<SourceRow> {
    for (const r of held.splice(0)) {
      const values = distinct(r);
      if (values.length) o.onSkip?.({ file: r.provenance.file, ...(r.provenance.sheet !== undefined ? { sheet: r.provenance.sheet } : {}), row: r.provenance.row, reason: o.explicit !== undefined ? 'template' : 'footer', text: values.join(' ') });
      else yield r;
    }
    numericCols = new NumericColumns();
    first = true;
  }
  for await (const row of rows) {
    if (row.provenance.sheet !== sheet) {
      yield* end();
      sheet = row.provenance.sheet;
    }
    const width = columnCount(row);
    const values = o.explicit !== undefined ? distinct(row) : sparseValues(row, width);
    if (values === undefined) {
      // a dense row is data whatever came before it
      first = false;
      yield* held.splice(0);
      numericCols.learnDense(row);
      yield row;
      continue;
    }
    const candidate = o.explicit !== undefined ? values.length > 0 : !first && (values.length === 0 || (sparse(values, width) && (values.some((v) => FOOTER_TEXT.test(v)) || numericCols.textIn(row))));
    if (values.length) first = false;
    if (o.explicit === undefined && !candidate) {
      yield* held.splice(0);
      numericCols.learn(row, width);
      yield row;
      continue;
    }
    held.push(row);
    // explicit: keep only the last `explicit` non-empty rows back; detected: a long run is data after all.
    while (o.explicit !== undefined ? held.filter((r) => distinct(r).length).length > o.explicit : held.length > MAX_HELD) yield held.shift()!;
  }
  yield* end();
}
