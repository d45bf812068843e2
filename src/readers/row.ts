export type { RowWarning, SourceRow } from '../rows/row.js';

/** A reader that cannot continue (wrong encoding, sheet not found, disguised file…): carries a message code and params. */
export class ReadError extends Error {
  constructor(public code: string, public params: Record<string, unknown>) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}
