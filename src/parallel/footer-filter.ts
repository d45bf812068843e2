import { MAX_HELD, NumericColumns } from '../readers/footer-stream.js';
import type { SkippedRow } from '../readers/footer.js';
import type { Batch, TailRow } from './batch.js';

/**
 * The main thread's half of footer detection for a CSV read in ranges: what withoutTrailingNotes
 * (src/readers/footer-stream.ts) does to rows, done to batches in file order. A batch's head holds rows that are
 * data whatever came before; its tail rows are decided here, knowing the columns of numbers every row before
 * taught: a footer candidate is held back, data lets what is held through, and what is held at the end of the
 * file is skipped (told to `onSkip`, blank rows kept), so the same rows are skipped and reported in the same order.
 */
export class FooterFilter {
  private held: TailRow[] = [];
  private numeric = new NumericColumns();
  private first = true;

  constructor(private file: string, private onSkip?: (row: SkippedRow) => void) {}

  /** The batches to pass on now, in order. */
  *push(batch: Batch): Generator<Batch> {
    const { tail, numeric, ...head } = batch;
    if (head.rows + head.blank > 0) {
      // The head ends with a row that is data: what is held is data too.
      yield* this.release();
      this.first = false;
      yield head;
    }
    if (numeric) this.numeric.merge(numeric);
    for (const t of tail ?? []) {
      const candidate = !this.first && (t.empty || t.footerText || this.numeric.textIn({ values: t.values ?? {} }));
      if (!t.empty) this.first = false;
      if (!candidate) {
        yield* this.release();
        yield t.part;
        continue;
      }
      this.held.push(t);
      while (this.held.length > MAX_HELD) yield this.held.shift()!.part;
    }
  }

  /** At the end of the file: what is still held is not data. */
  *end(): Generator<Batch> {
    for (const t of this.held.splice(0)) {
      if (t.empty) yield t.part;
      else this.onSkip?.({ file: this.file, row: t.row, reason: 'footer', text: t.text });
    }
  }

  private *release(): Generator<Batch> {
    for (const t of this.held.splice(0)) yield t.part;
  }
}
