import type { MessageTable } from './table.js';

/**
 * The shared messages (schema-level issue codes, input errors, report words), code → zh/en.
 * Plain data like every folder's messages.ts; src/i18n/catalogue.ts collects them all.
 */
export const messages = {
  // schema-level (validate/schema.ts)
  'required-missing': { zh: '缺少必填项“{field}”', en: 'required field "{field}" is missing' },
  'conditional-required': { zh: '{ruleText}（{field}）', en: '{ruleText} ({field})' },
  'type-mismatch': { zh: '“{field}”类型错误：应为{expected}', en: '"{field}" has the wrong type: expected {expected}' },
  'pattern-mismatch': { zh: '“{field}”的值“{value}”格式不符：{hint}', en: '"{field}" value "{value}" does not match the required form: {hint}' },
  'enum-mismatch': { zh: '“{field}”的值“{value}”不在代码表中{didYouMean}', en: '"{field}" value "{value}" is not in the code list{didYouMean}' },
  'format-invalid': { zh: '“{field}”的值“{value}”不是有效的{formatName}', en: '"{field}" value "{value}" is not a valid {formatName}' },
  'too-short': { zh: '“{field}”不能为空', en: '"{field}" must not be empty' },
  'too-long': { zh: '“{field}”过长（最多 {limit}）', en: '"{field}" is too long (at most {limit})' },
  'too-many': { zh: '“{field}”最多出现 {limit} 次', en: '"{field}" may occur at most {limit} times' },
  'unknown-field': { zh: '未知字段“{field}”（非标准字段请放入 extensions）', en: 'unknown field "{field}" (put non-standard fields under extensions)' },
  'schema-violation': { zh: '“{field}”不符合规范：{detail}', en: '"{field}" violates the profile: {detail}' },
  // input-level
  'json-parse-error': { zh: '{file} 第 {line} 行：不是有效的 JSON 文本，无法解析', en: '{file} line {line}: invalid JSON ({detail})' },
  'record-not-object': { zh: '{file} 第 {line} 行：记录必须是 JSON 对象', en: '{file} line {line}: a record must be a JSON object' },
  'file-not-found': { zh: '找不到文件：{file}', en: 'file not found: {file}' },
  'file-unreadable': { zh: '无法读取文件 {file}：{detail}', en: 'cannot read {file}: {detail}' },
  'unknown-profile': { zh: '未知规范“{profile}”，可用：{available}', en: 'unknown profile "{profile}"; available: {available}' },
  'usage-error': { zh: '用法错误：{detail}', en: 'usage error: {detail}' },
  // report/UI words
  'summary.valid': { zh: '{records} 条记录全部通过校验', en: 'all {records} records are valid' },
  'summary.invalid': { zh: '{records} 条记录中 {invalid} 条有错误：{errors} 个错误，{warnings} 个警告', en: '{invalid} of {records} records invalid: {errors} errors, {warnings} warnings' },
  'word.error': { zh: '错误', en: 'error' },
  'word.warning': { zh: '警告', en: 'warning' },
  'word.info': { zh: '提示', en: 'info' },
  'word.record': { zh: '记录', en: 'record' },
  'word.row': { zh: '行', en: 'row' },
  'word.line': { zh: '行', en: 'line' },
  'word.column': { zh: '列', en: 'column' },
  'word.sheet': { zh: '工作表', en: 'sheet' },
  'word.didYouMean': { zh: '，是否应为“{value}”？', en: '; did you mean "{value}"?' },
} satisfies MessageTable;
