import type { Issue, Severity } from '../issues/issue.js';
import { ref, type MessageRef } from '../issues/text.js';

/**
 * An import error as a message (code + params), or undefined when the error is not one of the importers' own.
 * The edge renders it (`tCode(m.msg, lang, m.params)`); bilingual params (`looks`) and nested messages (an XML
 * limit as `detail`) are resolved there.
 */
export function importErrorRef(err: unknown): MessageRef | undefined {
  if (err instanceof ImportParseError) return ref('import-parse-error', { file: err.file, format: err.format, detail: err.detail });
  if (err instanceof ImportKindError) return ref(err.code, err.params);
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
  constructor(public file: string, public format: string, public detail: string | MessageRef) {
    super(`${file}: ${format}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  }
}

/** An importer's finding as data: code + params, with the file and entry as provenance. */
export function importIssue(code: string, params: Record<string, unknown>, severity: Severity = 'info'): Issue {
  return { code, severity, path: '', provenance: { file: String(params.file ?? ''), ...(typeof params.index === 'number' ? { row: params.index } : {}) }, params };
}

export function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportParseError(file, 'JSON', (err as Error).message);
  }
}
