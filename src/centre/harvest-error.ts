import { tCode } from '../i18n/t.js';
import type { Lang } from '../i18n/lang.js';

/**
 * A harvest that cannot go on: a typed code with params (errors are data), rendered in zh or en at the edge.
 * `message` is the English rendering, for library callers and logs. Every param that came from the source is
 * already cut to one safe line (harvest-fetch.ts oneLine), so a rendering is always one line.
 */
export class HarvestError extends Error {
  /**
   * `reason`: the {why} of harvest-no-progress and harvest-bad-record, itself a code (harvest-why.*) with params,
   * so it is rendered in the same language as the rest.
   */
  constructor(public code: string, public params: Record<string, string | number> = {}, public reason?: HarvestReason) {
    super(renderHarvestError(code, params, reason, 'en'));
  }

  render(lang: Lang): string {
    return renderHarvestError(this.code, this.params, this.reason, lang);
  }
}

export interface HarvestReason {
  code: string;
  params?: Record<string, string | number>;
}

function renderHarvestError(code: string, params: Record<string, string | number>, reason: HarvestReason | undefined, lang: Lang): string {
  return tCode(code, lang, reason ? { ...params, why: tCode(`harvest-why.${reason.code}`, lang, reason.params) } : params);
}

