import { defineMessages, t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import type { Issue, Severity } from '../report/issue.js';

defineMessages({
  'import-empty': { zh: '{file}：没有找到 {format} 的 {what}', en: '{file}: no {what} found for {format}' },
  'import-skipped': { zh: '{file} 第 {index} 个条目已跳过：{detail}', en: '{file} entry {index} skipped: {detail}' },
  'import-missing': { zh: '{file} 第 {index} 个条目缺少 {field}', en: '{file} entry {index} has no {field}' },
  'import-parse-error': { zh: '{file} 无法解析为 {format}：{detail}', en: '{file} cannot be parsed as {format}: {detail}' },
  'import-coerced': { zh: '{file} 第 {index} 个条目：{field} 应为文本，实为{type}“{value}”，已按文本保留', en: '{file} entry {index}: {field} should be text but is a {type} ({value}); kept as the text "{value}"' },
  'import-date-kept': { zh: '{file} 第 {index} 个条目：{field}“{value}”（{kind}）无法完整放入日期字段，原值保留在 {where}', en: '{file} entry {index}: {field} "{value}" ({kind}) does not fit a date field whole; the original is kept in {where}' },
  'import-date-cycle': { zh: '{file} 第 {index} 个条目：{field}“{value}”是重复周期，更新周期取“{cycle}”，原值保留在 {where}', en: '{file} entry {index}: {field} "{value}" is a repeating interval: update cycle {cycle}, the original is kept in {where}' },
  'import-kept': { zh: '{file} 第 {index} 个条目：{field} 无对应字段，原值保留在 {where}', en: '{file} entry {index}: {field} has no record field; kept in {where}' },
  'import-looks-like': { zh: '{file} 看起来是 {detected}，不是 {format}：请改用 --from {detected}（或省略 --from 自动识别）', en: '{file} looks like {detected}, not {format}: use --from {detected} (or leave --from out to detect it)' },
  'import-unknown-kind': { zh: '{file}：无法识别目录类型（{detail}）。请用 --from 指定：{available}', en: '{file}: cannot tell what kind of catalogue this is ({detail}). Name it with --from: {available}' },
  'import-unknown-format': { zh: '未知的导入格式“{format}”，可用：{available}', en: 'unknown import format "{format}"; available: {available}' },
});

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
