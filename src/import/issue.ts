import { t, tCode } from '../i18n/t.js';
import type { Lang } from '../i18n/lang.js';
import type { Issue, Severity } from '../issues/issue.js';

/** The user-facing text of an import error, or undefined when the error is not one of the importers' own. */
export function importErrorMessage(err: unknown, lang: Lang): string | undefined {
  if (err instanceof ImportParseError) return t('import-parse-error', lang, { file: err.file, format: err.format, detail: err.detail });
  if (err instanceof ImportKindError) return t(err.code, lang, { ...err.params, looks: (err.params.looks as Record<Lang, string> | undefined)?.[lang] });
  return undefined;
}

/** A catalogue that is not what --from says, or of no kind an importer reads: refused before import (exit 2). */
export class ImportKindError extends Error {
  constructor(public code: 'import-looks-like' | 'import-not-kind' | 'import-unknown-kind', public params: Record<string, unknown>) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}

/** Input that cannot be read at all (bad JSON, bad XML): the CLI turns it into a usage error (exit 2). */
export class ImportParseError extends Error {
  constructor(public file: string, public format: string, public detail: string) {
    super(`${file}: ${format}: ${detail}`);
  }
}

export function importIssue(code: string, lang: Lang, params: Record<string, unknown>, severity: Severity = 'info'): Issue {
  return { code, severity, message: tCode(code, lang, params), path: '', provenance: { file: String(params.file ?? ''), ...(typeof params.index === 'number' ? { row: params.index } : {}) }, params };
}

export function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportParseError(file, 'JSON', (err as Error).message);
  }
}
