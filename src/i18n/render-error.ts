import type { Lang } from './lang.js';
import { hasMessage, tCode } from './t.js';

/**
 * A failed harvest run as stored (src/centre/tree/run-error.ts), worded at the edge: `{ code, params }` JSON in
 * `lang`; any other text (a database error, a run stored before errors were data) as it is.
 */
export function renderStoredError(stored: string, lang: Lang): string {
  let data: unknown;
  try {
    data = JSON.parse(stored);
  } catch {
    return stored;
  }
  const d = data as { code?: unknown; params?: unknown } | null;
  if (!d || typeof d.code !== 'string' || !hasMessage(d.code)) return stored;
  return tCode(d.code, lang, d.params && typeof d.params === 'object' ? d.params as Record<string, unknown> : {});
}
