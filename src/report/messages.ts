import type { MessageTable } from '../i18n/table.js';

/** Messages of report/ (code → zh/en). Plain data: src/i18n/catalogue.ts collects every folder's table. */
export const messages = {
  // report/pretty.ts
  'summary.truncated': { zh: '（已达 --max-errors 上限，仅列出前 {shown} 个错误；统计数字包含全部）', en: '(--max-errors reached: only the first {shown} errors are listed; the counts include all)' },
  'summary.general': { zh: '文件级问题', en: 'file-level issues' },
  // report/html.ts
  'html.title': { zh: '目录校验报告', en: 'Catalogue validation report' },
  'html.records': { zh: '记录数', en: 'Records' },
  'html.valid': { zh: '通过', en: 'Valid' },
  'html.invalid': { zh: '有错误', en: 'Invalid' },
  'html.errors': { zh: '错误', en: 'Errors' },
  'html.warnings': { zh: '警告', en: 'Warnings' },
  'html.infos': { zh: '提示', en: 'Infos' },
  'html.byRule': { zh: '按规则汇总', en: 'Summary per rule' },
  'html.bySource': { zh: '按文件/工作表汇总', en: 'Summary per file / sheet' },
  'html.issues': { zh: '问题明细', en: 'Issues' },
  'html.rule': { zh: '规则', en: 'Rule' },
  'html.description': { zh: '说明', en: 'Description' },
  'html.file': { zh: '文件', en: 'File' },
  'html.sheet': { zh: '工作表', en: 'Sheet' },
  'html.profile': { zh: '规范', en: 'Profile' },
  'html.truncated': { zh: '已达 --max-errors 上限：明细只列出部分错误，汇总数字包含全部。', en: '--max-errors reached: the list shows only part of the errors; the summaries count all of them.' },
  'html.none': { zh: '没有问题。', en: 'No issues.' },
  'html.location': { zh: '位置', en: 'Location' },
  'html.field': { zh: '字段', en: 'Field' },
  'html.message': { zh: '信息', en: 'Message' },
  'html.severity': { zh: '级别', en: 'Severity' },
} satisfies MessageTable;
