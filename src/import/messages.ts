import type { MessageTable } from '../i18n/table.js';

/** Messages of import/ (code → zh/en). Plain data: src/i18n/catalogue.ts collects every folder's table. */
export const messages = {
  // import/issue.ts
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
} satisfies MessageTable;
