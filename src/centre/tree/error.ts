import { tCode } from '../../i18n/t.js';
import type { Lang } from '../../i18n/lang.js';

/**
 * A tree operation that cannot go on (join, source add, locate, a peer's self-description): a message code
 * (tree.*) with params, rendered in zh or en at the edge. `status` is the HTTP status when a centre answers it.
 */
export class TreeError extends Error {
  constructor(public code: string, public params: Record<string, string | number> = {}, public status = 409) {
    super(tCode(code, 'en', params));
  }

  render(lang: Lang): string {
    return tCode(this.code, lang, this.params);
  }
}
