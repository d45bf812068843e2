import type { MessageTable } from '../i18n/table.js';

/** Messages of io/ (code → zh/en). Plain data: src/i18n/catalogue.ts collects every folder's table. */
export const messages = {
  // io/xml-limits.ts
  'xml-limit.too-deep': {
    zh: '第 {line} 行：XML 元素嵌套超过 {max} 层，出于安全原因拒绝读取',
    en: 'line {line}: XML elements nested more than {max} levels deep; refused for safety',
  },
  'xml-limit.entity': {
    zh: '第 {line} 行：XML 含有实体声明（<!ENTITY>），出于安全原因拒绝读取（可能是 XXE 或“十亿笑声”攻击）',
    en: 'line {line}: the XML declares entities (<!ENTITY>); refused for safety (possible XXE or billion-laughs attack)',
  },
  // io/errors.ts
  'io-failure.read': {
    zh: 'I/O 失败：无法读取 {path}：{reason}',
    en: 'I/O failure: could not read {path}: {reason}',
  },
  'io-failure.write': {
    zh: 'I/O 失败：无法写入 {path}：{reason}（未留下不完整的文件）',
    en: 'I/O failure: could not write {path}: {reason} (no partial file left behind)',
  },
  'io-failure.stdout': { zh: 'I/O 失败：无法写入标准输出：{reason}', en: 'I/O failure: could not write to standard output: {reason}' },
  'io-failure.access': {
    zh: 'I/O 失败：无法读写 {path}：{reason}',
    en: 'I/O failure: could not read or write {path}: {reason}',
  },
} satisfies MessageTable;
