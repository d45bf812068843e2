import { defineMessages, t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import type { Issue, Severity } from '../report/issue.js';

defineMessages({
  'import-empty': { zh: '{file}：没有找到 {format} 的 {what}', en: '{file}: no {what} found for {format}' },
  'import-skipped': { zh: '{file} 第 {index} 个条目已跳过：{detail}', en: '{file} entry {index} skipped: {detail}' },
  'import-missing': { zh: '{file} 第 {index} 个条目缺少 {field}', en: '{file} entry {index} has no {field}' },
  'import-parse-error': { zh: '{file} 无法解析为 {format}：{detail}', en: '{file} cannot be parsed as {format}: {detail}' },
  'import-unknown-format': { zh: '未知的导入格式“{format}”，可用：{available}', en: 'unknown import format "{format}"; available: {available}' },
});

/** Input that cannot be read at all (bad JSON, bad XML): the CLI turns it into a usage error (exit 2). */
export class ImportParseError extends Error {
  constructor(public file: string, public format: string, public detail: string) {
    super(`${file}: ${format}: ${detail}`);
  }
}

export function importIssue(code: string, lang: Lang, params: Record<string, unknown>, severity: Severity = 'info'): Issue {
  return { code, severity, message: t(code, lang, params), path: '', provenance: { file: String(params.file ?? '') }, params };
}

export function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportParseError(file, 'JSON', (err as Error).message);
  }
}
