import { ref, type MessageRef } from '../issues/text.js';

/**
 * A harvest that cannot go on: a typed code with params (errors are data), worded in zh or en only at the edges
 * (`tCode(err.code, lang, err.params)` in the CLI, the centre's answers). `message` is the code and its params as
 * JSON (`harvest-http {"url":"…","status":503}`), for library callers and logs: no sentence is written here.
 * Every param that came from the source is already cut to one safe line (harvest-fetch.ts oneLine).
 */
export class HarvestError extends Error {
  /** The params, with the reason (if any) as `why`: a nested message the renderer words in the same language. */
  public params: Record<string, string | number | MessageRef>;

  /**
   * `reason`: the {why} of harvest-no-progress and harvest-bad-record, itself a code (harvest-why.*) with params.
   */
  constructor(public code: string, params: Record<string, string | number> = {}, public reason?: HarvestReason) {
    const all = reason ? { ...params, why: ref(`harvest-why.${reason.code}`, reason.params) } : params;
    super(`${code} ${JSON.stringify(all)}`);
    this.params = all;
  }
}

export interface HarvestReason {
  code: string;
  params?: Record<string, string | number>;
}
