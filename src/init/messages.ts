import type { MessageTable } from '../i18n/table.js';

/** Messages of `catalog init` (questions, checks, summary). */
export const messages = {
  'init.q.update': { zh: '{file} 已存在，更新它吗？', en: '{file} exists; update it?' },
  'init.q.name': { zh: '部门名称（信息资源提供方）', en: 'Department name (信息资源提供方)' },
  'init.q.code': { zh: '统一社会信用代码（18 位）', en: 'Unified social credit code 统一社会信用代码 (18 characters)' },
  'init.q.division': { zh: '行政区划代码（GB/T 2260，6 位）', en: 'Administrative division code (GB/T 2260, 6 digits)' },
  'init.q.profile': { zh: '默认校验规范', en: 'Default profile' },
  'init.q.centre': { zh: '目录中心地址（没有可留空）', en: 'Directory centre URL (leave empty if none yet)' },
  'init.q.sheet': { zh: '要映射的部门表格（.xlsx/.xls/.csv；留空跳过）', en: 'Department spreadsheet to map (.xlsx/.xls/.csv; empty to skip)' },
  'init.q.accept': { zh: '接受以上全部列映射吗？（选“否”逐列确认或更正）', en: 'Accept all these column mappings? (no: confirm or correct each column)' },
  'init.q.column': { zh: '列“{column}”对应', en: 'Column "{column}" maps to' },
  'init.q.write': { zh: '写入 {files}？', en: 'Write {files}?' },
  'init.choice.none': { zh: '（不映射，保留在 extensions 中）', en: '(not mapped; kept in extensions)' },
  'init.division-format': { zh: '行政区划代码“{value}”应为 6 位数字，如 330106', en: 'division code "{value}" must be 6 digits, e.g. 330106' },
  'init.division-unknown': { zh: '行政区划代码“{value}”不在 GB/T 2260 代码表中，请核对（可查国家统计局统计用区划代码）', en: 'division code "{value}" is not in the GB/T 2260 list; check it (see the NBS statistical division codes)' },
  'init.code-empty': { zh: '请填写统一社会信用代码', en: 'the unified social credit code is required' },
  'init.code-invalid': { zh: '统一社会信用代码“{value}”无效：{detail}', en: 'unified social credit code "{value}" is invalid: {detail}' },
  'init.centre-url': { zh: '目录中心地址“{value}”不是 http(s) 地址，例如 http://127.0.0.1:8080', en: 'centre URL "{value}" is not an http(s) URL, e.g. http://127.0.0.1:8080' },
  'init.name-empty': { zh: '请填写部门名称', en: 'the department name is required' },
  'init.unknown-profile': { zh: '未知规范“{value}”，可选：{available}', en: 'unknown profile "{value}"; available: {available}' },
  'init.sheet-missing': { zh: '找不到表格文件：{file}', en: 'spreadsheet not found: {file}' },
  'init.missing-flag': {
    zh: '缺少 {flag}（{what}）：标准输入不是终端，无法提问。请用 {flag} 给出，例如 catalog init --yes --name … --code … --division …',
    en: 'missing {flag} ({what}): stdin is not a terminal, so it cannot be asked. Pass {flag}, e.g. catalog init --yes --name … --code … --division …',
  },
  'init.missing-flag-yes': {
    zh: '缺少 {flag}（{what}）：使用 --yes 时不提问，请用 {flag} 给出',
    en: 'missing {flag} ({what}): --yes asks nothing, so pass {flag}',
  },
  'init.bad-flag': { zh: '{flag} {detail}', en: '{flag} {detail}' },
  'init.division-ok': { zh: '行政区划：{label}', en: 'division: {label}' },
  'init.proposal-bundled': {
    zh: '表格 {file}（工作表 {sheet}，第 {row} 行为表头）与内置模板 {name} 相符，建议的列映射：',
    en: '{file} (sheet {sheet}, header in row {row}) matches the bundled template {name}; proposed column mapping:',
  },
  'init.proposal-guess': {
    zh: '根据表头猜测的列映射（{file}，第 {row} 行为表头）：',
    en: 'Column mapping guessed from the headers ({file}, header in row {row}):',
  },
  'init.preview': { zh: '预览前 {n} 条记录（共映射 {records} 条，拒绝 {rejected} 行）：', en: 'Preview of the first {n} records ({records} mapped, {rejected} rows rejected):' },
  'init.preview-skipped': { zh: '注意：{detail}', en: 'note: {detail}' },
  'init.preview-none': { zh: '按此映射没有生成任何记录（拒绝 {rejected} 行）。请检查表头行和列映射', en: 'this mapping gives no records ({rejected} rows rejected); check the header row and the column mapping' },
  'init.written': { zh: '已写入 {files}', en: 'wrote {files}' },
  'init.next': {
    zh: '下一步：catalog map {sheet} -o records.jsonl，然后 catalog validate records.jsonl',
    en: 'next: catalog map {sheet} -o records.jsonl, then catalog validate records.jsonl',
  },
  'init.next-nosheet': {
    zh: '下一步：catalog template -o 目录编制表.xlsx 生成空白编制表，填写后运行 catalog init --sheet-file 目录编制表.xlsx',
    en: 'next: catalog template -o 目录编制表.xlsx writes a blank sheet; fill it in, then run catalog init --sheet-file 目录编制表.xlsx',
  },
  'init.cancelled': { zh: '已取消，未写入任何文件', en: 'cancelled; nothing written' },
  'init.code-division': {
    zh: '注意：统一社会信用代码 {code} 第 3–8 位是行政区划 {inCode}（{inCodeName}），与填写的行政区划 {division}（{divisionName}）不同。请核对：代码按登记机关所在地编制',
    en: 'note: characters 3–8 of the credit code {code} are the division {inCode} ({inCodeName}), not the division entered, {division} ({divisionName}). Check them: the code carries the division of the registering authority',
  },
  'init.q.keep-division': { zh: '仍使用行政区划 {division} 吗？（选“否”重新填写）', en: 'Keep the division {division}? (no: enter it again)' },
  'init.choice.back': { zh: '← 返回上一列', en: '← back to the previous column' },
  'init.q.column-search': { zh: '列“{column}”对应（输入文字可筛选）', en: 'Column "{column}" maps to (type to filter)' },
  'init.resume-hint': { zh: '上次的初始化未完成，已保存的回答在 {file}；用 catalog init --resume 从中断处继续', en: 'an earlier init was not finished; its answers are in {file}. Continue with catalog init --resume' },
  'init.resumed': { zh: '继续上次的初始化（{file}）', en: 'continuing the earlier init ({file})' },
  'init.kept': { zh: '已填写的回答保存在 {file}；用 catalog init --resume 继续', en: 'the answers so far are kept in {file}; continue with catalog init --resume' },
  'what.name': { zh: '部门名称', en: 'department name' },
  'what.code': { zh: '统一社会信用代码', en: 'unified social credit code' },
  'what.division': { zh: '行政区划代码', en: 'division code' },
} satisfies MessageTable;

