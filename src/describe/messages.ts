import type { MessageTable } from '../i18n/table.js';

/** Messages of `catalog describe` (zh + en). */
export const DESCRIBE_MESSAGES = {
  'describe-unsupported': {
    zh: '无法描述“{source}”：支持 CSV、XLSX、XLS、SQLite 文件，以及 postgres://、mysql://、mariadb:// 数据库地址',
    en: 'cannot describe "{source}": use a CSV, XLSX, XLS or SQLite file, or a postgres://, mysql:// or mariadb:// URL',
  },
  'describe-bad-url': {
    zh: '数据库地址“{source}”格式不正确：{detail}（形如 postgres://用户@主机:端口/数据库，密码中的特殊字符请用 % 编码）',
    en: 'the database URL "{source}" is malformed: {detail} (like postgres://user@host:port/database; percent-encode special characters of the password)',
  },
  'describe-connect': {
    zh: '无法连接数据库 {source}：{detail}（请检查地址、端口、用户名和密码，以及数据库是否在运行）',
    en: 'cannot connect to the database {source}: {detail} (check host, port, user and password, and that the server is running)',
  },
  'describe-query': { zh: '读取数据库 {source} 的结构失败：{detail}', en: 'reading the structure of {source} failed: {detail}' },
  'describe-table-unknown': { zh: '{source} 中没有表“{table}”。已有的表：{available}', en: 'no table "{table}" in {source}; tables: {available}' },
  'describe-too-many-tables': {
    zh: '{source} 有 {count} 个表，超过上限 {limit}：请用 --table 选出要描述的表，或用 --max-tables 放宽上限',
    en: '{source} has {count} tables, more than {limit}: pick tables with --table, or raise --max-tables',
  },
  'describe-no-tables': { zh: '{source} 中没有可描述的表', en: 'no tables to describe in {source}' },
  'describe-written': { zh: '已描述 {tables} 个表，写入 {file}', en: 'described {tables} tables into {file}' },
  'describe-todo': {
    zh: '请补充以下由人工填写的项（catalog validate 会列出缺少的项）：{fields}',
    en: 'fill in what only a person can (catalog validate lists what is missing): {fields}',
  },
  'describe-table-line': { zh: '{name}：{rows} 条记录，{columns} 个信息项{hint}', en: '{name}: {rows} rows, {columns} items{hint}' },
  'describe-hint': { zh: '，更新周期推测为“{cycle}”（依据 {column}）', en: ', update cycle looks {cycle} (from {column})' },
  'describe-truncated': { zh: '{name}：列数超过上限，省略了 {columns} 列', en: '{name}: too many columns, {columns} left out' },
};

export const messages = DESCRIBE_MESSAGES satisfies MessageTable;
