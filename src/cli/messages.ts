import type { MessageTable } from '../i18n/table.js';

/** Messages of cli/ (code → zh/en). Plain data: src/i18n/catalogue.ts collects every folder's table. */
export const messages = {
  // cli/validate.ts
  'rules-invalid': { zh: '规则配置 {file} 有误：{detail}', en: 'rule config {file} is invalid: {detail}' },
  'report-written': { zh: '报告已写入 {file}', en: 'report written to {file}' },
  // cli/diff.ts
  'diff.summary': { zh: '新增 {added}，变更 {changed}，撤销 {withdrawn}，未变 {unchanged}', en: '{added} added, {changed} changed, {withdrawn} withdrawn, {unchanged} unchanged' },
  'diff.unkeyed': { zh: '{side} 中第 {index} 条记录（{title}）没有记录键，未比较', en: 'record {index} ({title}) in {side} has no key; not compared' },
  // cli/import.ts
  'import.fields': { zh: '源字段去向（条目数 → 记录字段或扩展）：', en: 'where each source field went (entries → record field or extensions):' },
  'import.field': { zh: '  {field}：{count} → {to}', en: '  {field}: {count} → {to}' },
  'import.done': { zh: '已从 {file} 导入 {records} 条记录（{format}）→ {output}', en: 'imported {records} records from {file} ({format}) → {output}' },
  // cli/id.ts
  'class-code-invalid': { zh: '分类码“{value}”无效：应为 类(1 位 1–3)+项(2 位)+目(3 位)[+细目]，如 301002', en: 'class code "{value}" is invalid: expected class (1 digit, 1–3) + item (2) + heading (3) [+ subheading], e.g. 301002' },
  'ledger-locked': { zh: '顺序码台账被占用（{lock}），请稍后重试；如无其他进程在运行，可删除该锁文件', en: 'the sequence ledger is locked ({lock}); try again, or remove the lock file if no other catalog process is running' },
  'ledger-corrupt': { zh: '顺序码台账 {file} 已损坏：{detail}', en: 'sequence ledger {file} is corrupt: {detail}' },
  // cli/interrupt.ts
  'interrupt.cancelled': { zh: '已取消：{detail}', en: 'cancelled: {detail}' },
  'interrupt.not-written': { zh: '未写入 {file}（临时文件已删除）', en: '{file} was not written (temp files removed)' },
  'interrupt.nothing-written': { zh: '未写入任何文件', en: 'nothing was written' },
  'interrupt.stdout': { zh: '已输出到标准输出的内容不完整，未写入任何文件', en: 'what went to stdout is incomplete; no file was written' },
  'interrupt.harvest': { zh: '已收到的各页记录已存入中心，其余未收割；重新运行是安全的（未变记录会跳过）', en: 'records of the pages already received are stored, the rest were not harvested; re-running is safe (unchanged records are skipped)' },
  'interrupt.migrate': { zh: '未复制任何数据（迁移在一个事务中进行，已回滚）', en: 'nothing was copied (the migration is one transaction; it was rolled back)' },
  // cli/key-file.ts
  'key.unreadable': { zh: '无法读取密钥 {file}：{detail}', en: 'cannot read key {file}: {detail}' },
  // cli/inspect.ts
  'inspect.format': { zh: '格式：{format}', en: 'format: {format}' },
  'inspect.encoding': { zh: '编码：{encoding}（置信度 {confidence}%，{source}）', en: 'encoding: {encoding} (confidence {confidence}%, {source})' },
  'inspect.delimiter': { zh: '分隔符：{delimiter}', en: 'delimiter: {delimiter}' },
  'inspect.recordPath': { zh: '记录路径：{recordPath}', en: 'record path: {recordPath}' },
  'inspect.nul': { zh: '已删除 {count} 个 NUL 字符', en: '{count} NUL characters removed' },
  'inspect.sheet': { zh: '工作表 {index}“{name}”：表头在第 {headerRow} 行，{columns} 列，{rows} 行数据', en: 'sheet {index} "{name}": header row {headerRow}, {columns} columns, {rows} data rows' },
  'inspect.table': { zh: '表头在第 {headerRow} 行，{columns} 列，{rows} 行数据', en: 'header row {headerRow}, {columns} columns, {rows} data rows' },
  'inspect.records': { zh: '{rows} 条记录，{columns} 个字段', en: '{rows} records, {columns} fields' },
  'inspect.headerless': { zh: '无表头，{columns} 列，{rows} 行数据', en: 'no header, {columns} columns, {rows} data rows' },
  'inspect.ragged': { zh: '{count} 行的单元格数与表头不符', en: '{count} rows have a different number of cells than the header' },
  'inspect.headerless-hint': { zh: '表头行看起来是数据：若文件没有表头行，请加 --no-header', en: 'the header row looks like data: if the file has no header row, pass --no-header' },
  'inspect.merges': { zh: '{count} 个合并单元格', en: '{count} merged ranges' },
  'inspect.skipped': { zh: '表格下方第 {rows} 行是表尾或注释（填表人、审核人、注等），不算数据行', en: 'rows {rows} below the table are footers or notes (填表人, 审核人, 注…), not data rows' },
  'inspect.source.bom': { zh: '字节顺序标记', en: 'byte-order mark' },
  'inspect.source.utf8-valid': { zh: '全部为有效 UTF-8', en: 'all bytes valid UTF-8' },
  'inspect.source.declared': { zh: '文件自身声明', en: 'declared by the file' },
  'inspect.source.detected': { zh: '统计检测', en: 'statistical detection' },
  'inspect.source.override': { zh: '由 --encoding 指定', en: 'set by --encoding' },
  // cli/hints.ts
  'hint.centre-unreachable': {
    zh: '提示：连不上目录中心 {url}。请确认中心已启动（catalog centre serve --port 8080），地址正确（--centre 或 catalog.config.json 中的 centre.url），且本机能访问该端口。',
    en: 'hint: the centre at {url} cannot be reached. Check that it is running (catalog centre serve --port 8080), that the URL is right (--centre or centre.url in catalog.config.json), and that this machine can reach that port.',
  },
  // cli/verify.ts
  'verify.valid': { zh: '{file}：有效（{records} 条记录，包标识 {id}{signed}）', en: '{file}: valid ({records} records, package id {id}{signed})' },
  'verify.invalid': { zh: '{file}：无效，{errors} 个错误', en: '{file}: INVALID, {errors} errors' },
  'verify.progress': { zh: '校验注册包', en: 'verifying package' },
  'verify.signed': { zh: '，{algorithm} 签名有效，密钥 {keyId}', en: ', {algorithm} signature valid, key {keyId}' },
  // cli/export.ts
  'export.done': { zh: '已导出 {records} 条记录为 {format} → {file}', en: 'exported {records} records as {format} → {file}' },
  'export.unknown': { zh: '未知导出格式“{format}”，可用：{available}', en: 'unknown export format "{format}"; available: {available}' },
  // cli/centre-migrate.ts
  'centre.migrate-ok': { zh: '迁移完成并已核对：{records} 条记录逐条比对内容哈希一致，{from} → {to}', en: 'migrated and verified: {records} records compared by content hash, {from} → {to}' },
  'centre.migrate-failed': { zh: '核对失败，已回滚，目标库未改动：{count} 行不一致', en: 'verification failed; the copy was rolled back and the target left unchanged: {count} rows differ' },
  'centre.migrate-extra': { zh: '注意：目标库有 {count} 行源库没有（迁移后在 PostgreSQL 上产生的数据），未作改动', en: 'note: the target holds {count} rows the source does not have (made on PostgreSQL since); left untouched' },
  'centre.migrate-columns': { zh: '表|源库|本次复制|已存在|目标库|不一致', en: 'table|source|copied|present|target|differ' },
  'centre.migrate-pg-failed': { zh: '无法写入 PostgreSQL 数据库 {db}：{detail}', en: 'cannot migrate into the PostgreSQL database {db}: {detail}' },
  // cli/pack.ts
  'pack.done': { zh: '已打包 {records} 条记录 → {file}（包标识 {id}{incremental}）', en: 'packed {records} records → {file} (package id {id}{incremental})' },
  'pack.incremental': { zh: '，增量：新增 {added}、变更 {changed}、撤销 {withdrawn}，上一包 {previous}', en: '; incremental: {added} added, {changed} changed, {withdrawn} withdrawn, previous {previous}' },
  'pack.invalid': { zh: '记录未通过校验，未打包（用 --no-validate 可跳过校验）', en: 'records are invalid; nothing packed (--no-validate skips validation)' },
  'pack.no-department': { zh: '--provider-from-config：{config} 中没有 department.name', en: '--provider-from-config: no department.name in {config}' },
  'pack.phase.validate': { zh: '校验记录', en: 'validating records' },
  'pack.phase.since': { zh: '读取上一包', en: 'reading the previous package' },
  'pack.phase.read': { zh: '读取记录', en: 'reading records' },
  'pack.phase.write': { zh: '写入注册包', en: 'writing the package' },
  'pack.since-invalid': { zh: '--since {file} 不是有效的注册包：{detail}', en: '--since {file} is not a valid package: {detail}' },
  // cli/keygen.ts
  'keygen.done': { zh: '已生成 {algorithm} 密钥 {keyId}：私钥 {private}（权限 0600），公钥 {public}', en: 'generated {algorithm} key {keyId}: private key {private} (mode 0600), public key {public}' },
  'keygen.exists': { zh: '{file} 已存在（用 --force 覆盖）', en: '{file} exists (use --force to overwrite)' },
  'keygen.sm2-experimental': { zh: '注意：SM2 签名由 sm-crypto 实现（已用 GB/T 32918.5 附录示例核对），仍标为实验性', en: 'note: SM2 signing uses sm-crypto (checked against the GB/T 32918.5 annex example) and is marked experimental' },
  // cli/centre.ts
  'centre.listening': { zh: '目录中心已启动：{url}（数据库 {db}{review}）', en: 'directory centre listening on {url} (database {db}{review})' },
  'centre.review-on': { zh: '，审核已开启', en: ', review on' },
  'centre.stopping': { zh: '正在停止目录中心……', en: 'stopping the directory centre…' },
  'centre.faults-need-env': { zh: '--fault-every 仅用于测试，需同时设置环境变量 CATALOG_CENTRE_TEST_FAULTS=1', en: '--fault-every is test-only: set CATALOG_CENTRE_TEST_FAULTS=1 as well' },
  'centre.token-created': { zh: '已创建令牌 {id}（提供方 {provider}{admin}{expires}）。令牌只显示这一次，请妥善保存：', en: 'created token {id} (provider {provider}{admin}{expires}). The token is shown only this once; keep it safe:' },
  'centre.admin': { zh: '，管理员', en: ', admin' },
  'centre.token-revoked': { zh: '已吊销令牌 {id}', en: 'revoked token {id}' },
  'centre.token-not-found': { zh: '没有可吊销的令牌 {id}', en: 'no live token {id} to revoke' },
  'centre.no-tokens': { zh: '没有令牌', en: 'no tokens' },
  'centre.token-expires': { zh: '，有效期至 {expires}', en: ', expires {expires}' },
  'centre.bad-expiry': { zh: '--expires {value} 无效：请用时长（90d、12h、2w）、日期（2027-03-01）或 UTC 时间（2027-03-01T08:00:00Z），且须晚于现在', en: '--expires {value} is not valid: use a duration (90d, 12h, 2w), a date (2027-03-01) or a UTC time (2027-03-01T08:00:00Z) in the future' },
  'centre.token-line-expires': { zh: '到期 {at}', en: 'expires {at}' },
  'centre.token-line-expired': { zh: '已过期 {at}', en: 'expired {at}' },
  'centre.token-line-used': { zh: '最近使用 {at}', en: 'last used {at}' },
  'centre.token-line-unused': { zh: '从未使用', en: 'never used' },
  'centre.token-line-revoked': { zh: '已吊销 {at}', en: 'revoked {at}' },
  'centre.harvest-summary': { zh: '从 {source} 收割 {received} 条：新增 {created}，更新 {updated}，未变 {unchanged}，撤销 {withdrawn}，跳过 {skipped}', en: 'harvested {received} from {source}: {created} new, {updated} updated, {unchanged} unchanged, {withdrawn} withdrawn, {skipped} skipped' },
  'centre.harvest-failed': { zh: '收割失败：{detail}', en: 'harvest failed: {detail}' },
  'centre.pg-failed': { zh: '无法打开 PostgreSQL 数据库 {db}：{detail}', en: 'cannot open the PostgreSQL database {db}: {detail}' },
  'centre.db-unusable': { zh: '无法打开目录中心数据库 {db}：{detail}', en: 'cannot open the centre database {db}: {detail}' },
  'centre.db-missing': { zh: '找不到数据库 {db}（先运行 catalog centre serve 或 catalog centre token create 创建）', en: 'database {db} not found (catalog centre serve or token create creates it)' },
  // cli/progress.ts
  'progress.validating': { zh: '校验记录', en: 'validating records' },
  'progress.comparing': { zh: '比较记录', en: 'comparing records' },
  'progress.mapping': { zh: '映射记录', en: 'mapping records' },
  'progress.importing': { zh: '导入记录', en: 'importing records' },
  'progress.reading': { zh: '读取记录', en: 'reading records' },
} satisfies MessageTable;
