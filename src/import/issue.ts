import { defineMessages, t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import type { Issue, Severity } from '../issues/issue.js';

defineMessages({
  'import-empty': { zh: '{file}：没有找到 {format} 的 {what}', en: '{file}: no {what} found for {format}' },
  'import-skipped': { zh: '{file} 第 {index} 个条目已跳过：{detail}', en: '{file} entry {index} skipped: {detail}' },
  'import-missing': { zh: '{file} 第 {index} 个条目缺少 {field}', en: '{file} entry {index} has no {field}' },
  'import-parse-error': { zh: '{file} 无法解析为 {format}：{detail}', en: '{file} cannot be parsed as {format}: {detail}' },
  'import-coerced': { zh: '{file} 第 {index} 个条目：{field} 应为文本，实为{type} {value}，已按文本“{value}”保留', en: '{file} entry {index}: {field} should be text but is a {type} ({value}); kept as the text "{value}"' },
  'import-date-kept': { zh: '{file} 第 {index} 个条目：{field}“{value}”（{kind}）无法完整放入日期字段，原值保留在 {where}', en: '{file} entry {index}: {field} "{value}" ({kind}) does not fit a date field whole; the original is kept in {where}' },
  'import-date-cycle': { zh: '{file} 第 {index} 个条目：{field}“{value}”是重复周期，更新周期取“{cycle}”，原值保留在 {where}', en: '{file} entry {index}: {field} "{value}" is a repeating interval: update cycle {cycle}, the original is kept in {where}' },
  'import-kept': { zh: '{file} 第 {index} 个条目：{field} 无对应字段，原值保留在 {where}', en: '{file} entry {index}: {field} has no record field; kept in {where}' },
  'import-looks-like': { zh: '{file} 看起来是 {looks}（--from {detected}），不是 {format}：请改用 --from {detected}，或省略 --from 自动识别', en: '{file} looks like {looks} (--from {detected}), not {format}: use --from {detected}, or leave --from out to detect it' },
  'import-not-kind': { zh: '{file} 不是 {format}：内容看起来是 {looks}。表格式的导出请用 catalog map 配合映射模板', en: '{file} is not {format}: it looks like {looks}. Map tabular exports with catalog map and a mapping template' },
  'import-unknown-kind': { zh: '{file}：不是可导入的目录（内容看起来是 {looks}；可导入：{available}）。表格式的导出请用 catalog map 配合映射模板', en: '{file}: not a catalogue any importer reads (it looks like {looks}; importers: {available}). Map tabular exports with catalog map and a mapping template' },
  'import-unknown-format': { zh: '未知的导入格式“{format}”，可用：{available}', en: 'unknown import format "{format}"; available: {available}' },
});

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
  return { code, severity, message: t(code, lang, params), path: '', provenance: { file: String(params.file ?? ''), ...(typeof params.index === 'number' ? { row: params.index } : {}) }, params };
}

export function parseJson(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportParseError(file, 'JSON', (err as Error).message);
  }
}
