import type { EventEmitter } from 'node:events';
import type { Argument, Command, Help, Option } from 'commander';
import type { Lang } from '../index.js';

/**
 * Option and argument descriptions of every command in Chinese, keyed by their English text ("help:" + text), so
 * `catalog <command> --help` under zh describes each option in Chinese. A description without an entry stays English;
 * test/sheets/zh-help.test.ts fails on any such description.
 */
export const HELP_MESSAGES: Record<string, { zh: string; en: string }> = {
  "help:output the version number": { zh: "显示版本号", en: "output the version number" },
  "help:message language: zh | en (default from LANG)": { zh: "消息语言：zh | en（默认按 LANG）", en: "message language: zh | en (default from LANG)" },
  "help:print only errors": { zh: "只输出错误", en: "print only errors" },
  "help:print more detail": { zh: "输出更多细节", en: "print more detail" },
  "help:ask nothing: take every answer from flags (for scripts)": { zh: "不提问：所有回答都取自选项（用于脚本）", en: "ask nothing: take every answer from flags (for scripts)" },
  "help:department name (部门名称)": { zh: "部门名称", en: "department name (部门名称)" },
  "help:unified social credit code (统一社会信用代码)": { zh: "统一社会信用代码", en: "unified social credit code (统一社会信用代码)" },
  "help:GB/T 2260 administrative division code (行政区划代码)": { zh: "GB/T 2260 行政区划代码", en: "GB/T 2260 administrative division code (行政区划代码)" },
  "help:default profile: guide2017 | gbt21063-3 (default guide2017)": { zh: "默认校验规范：guide2017 | gbt21063-3（默认 guide2017）", en: "default profile: guide2017 | gbt21063-3 (default guide2017)" },
  "help:directory centre URL": { zh: "目录中心地址", en: "directory centre URL" },
  "help:department spreadsheet to propose a mapping for": { zh: "要为其建议映射的部门表格", en: "department spreadsheet to propose a mapping for" },
  "help:sheet of the spreadsheet (name or 1-based index)": { zh: "表格中的工作表（名称或从 1 开始的序号）", en: "sheet of the spreadsheet (name or 1-based index)" },
  "help:where to write the mapping template (relative to --dir)": { zh: "映射模板写到哪里（相对于 --dir）", en: "where to write the mapping template (relative to --dir)" },
  "help:workspace directory": { zh: "工作区目录", en: "workspace directory" },
  "help:summary: pretty | json": { zh: "摘要格式：pretty | json", en: "summary: pretty | json" },
  "help:go on with a cancelled init: take the answers kept in .catalog-init.state.json, ask the rest (with --yes: ask nothing)": { zh: "继续上次取消的初始化：采用 .catalog-init.state.json 中保存的回答，只问剩下的（与 --yes 同用时不提问）", en: "go on with a cancelled init: take the answers kept in .catalog-init.state.json, ask the rest (with --yes: ask nothing)" },
  "help:only this sheet (name or 1-based index)": { zh: "只读这个工作表（名称或从 1 开始的序号）", en: "only this sheet (name or 1-based index)" },
  "help:text encoding: utf-8 | gb18030 (GBK) | big5 | utf-16le | utf-16be | latin1 (default: detected)": { zh: "文本编码：utf-8 | gb18030（GBK）| big5 | utf-16le | utf-16be | latin1（默认自动识别）", en: "text encoding: utf-8 | gb18030 (GBK) | big5 | utf-16le | utf-16be | latin1 (default: detected)" },
  "help:CSV delimiter (default: sniffed among , ; tab |)": { zh: "CSV 分隔符（默认在 , ; 制表符 | 中自动识别）", en: "CSV delimiter (default: sniffed among , ; tab |)" },
  "help:the file has no header row: columns are named 1, 2, …": { zh: "文件没有表头行：各列依次命名为 1、2、…", en: "the file has no header row: columns are named 1, 2, …" },
  "help:1-based header row (default: detected)": { zh: "表头所在行（从 1 开始；默认自动识别）", en: "1-based header row (default: detected)" },
  "help:XML record element path, e.g. catalog/record (default: the repeated record element under the root and its wrappers, else the root itself)": { zh: "XML 记录元素路径，如 catalog/record（默认：根元素及其包装元素下重复出现的记录元素，否则为根元素本身）", en: "XML record element path, e.g. catalog/record (default: the repeated record element under the root and its wrappers, else the root itself)" },
  "help:output: pretty | json": { zh: "输出格式：pretty | json", en: "output: pretty | json" },
  "help:CSV/TSV, XLSX, XLS, HTML-table, XML, JSON or JSONL file (format is sniffed from content)": { zh: "CSV/TSV、XLSX、XLS、HTML 表格、XML、JSON 或 JSONL 文件（按内容识别格式）", en: "CSV/TSV, XLSX, XLS, HTML-table, XML, JSON or JSONL file (format is sniffed from content)" },
  "help:mapping template (JSON file, or the name of a bundled one: guide2017-sheet, songjiang-form, putuo-sheet-per-resource); default: \"mapping\" in catalog.config.json": { zh: "映射模板（JSON 文件，或内置模板名：guide2017-sheet、songjiang-form、putuo-sheet-per-resource）；默认取 catalog.config.json 中的 \"mapping\"", en: "mapping template (JSON file, or the name of a bundled one: guide2017-sheet, songjiang-form, putuo-sheet-per-resource); default: \"mapping\" in catalog.config.json" },
  "help:write records as JSONL to this file (atomically); default stdout": { zh: "把记录以 JSONL 写入此文件（原子写入）；默认输出到标准输出", en: "write records as JSONL to this file (atomically); default stdout" },
  "help:run report: pretty | json": { zh: "运行报告格式：pretty | json", en: "run report: pretty | json" },
  "help:text encoding of CSV/text inputs (utf-8, gb18030, big5…)": { zh: "CSV/文本输入的文本编码（utf-8、gb18030、big5…）", en: "text encoding of CSV/text inputs (utf-8, gb18030, big5…)" },
  "help:the file has no header row: columns are named 1, 2, … (headerless CSV exports)": { zh: "文件没有表头行：各列依次命名为 1、2、…（无表头的 CSV 导出）", en: "the file has no header row: columns are named 1, 2, … (headerless CSV exports)" },
  "help:propose a template from the headers (of all inputs) instead of mapping": { zh: "根据（所有输入的）表头建议一个模板，而不做映射", en: "propose a template from the headers (of all inputs) instead of mapping" },
  "help:with --guess: write the proposed template here": { zh: "与 --guess 一起用：把建议的模板写到这里", en: "with --guess: write the proposed template here" },
  "help:worker threads for CSV inputs of 16 MB or more (default: one per core; 1: none)": { zh: "16 MB 及以上 CSV 输入的工作线程数（默认每个 CPU 核一个；1 表示不用）", en: "worker threads for CSV inputs of 16 MB or more (default: one per core; 1: none)" },
  "help:source files (.xls .xlsx .csv .xml .json .jsonl; format sniffed by content)": { zh: "源文件（.xls .xlsx .csv .xml .json .jsonl；按内容识别格式）", en: "source files (.xls .xlsx .csv .xml .json .jsonl; format sniffed by content)" },
  "help:profile of the sheet: guide2017": { zh: "编制表依据的规范：guide2017", en: "profile of the sheet: guide2017" },
  "help:output file: .xlsx (with drop-down lists and the 信息项 sheet) or .csv (main sheet only)": { zh: "输出文件：.xlsx（带下拉列表和“信息项”工作表）或 .csv（仅主表）", en: "output file: .xlsx (with drop-down lists and the 信息项 sheet) or .csv (main sheet only)" },
  "help:output: pretty | json (what was written: file, sheets, headers)": { zh: "输出格式：pretty | json（写了什么：文件、工作表、表头）", en: "output: pretty | json (what was written: file, sheets, headers)" },
  "help:profile: guide2017 | gbt21063-3 (default: workspace config, else guide2017)": { zh: "校验规范：guide2017 | gbt21063-3（默认取工作区配置，否则 guide2017）", en: "profile: guide2017 | gbt21063-3 (default: workspace config, else guide2017)" },
  "help:output: pretty | json | junit | html": { zh: "输出格式：pretty | json | junit | html", en: "output: pretty | json | junit | html" },
  "help:write the report to a file (atomically) instead of stdout": { zh: "把报告写入文件（原子写入），而不是标准输出", en: "write the report to a file (atomically) instead of stdout" },
  "help:GB/T 21063.3 disputed elements: required | optional": { zh: "GB/T 21063.3 有争议的元素：required（必填）| optional（可选）", en: "GB/T 21063.3 disputed elements: required | optional" },
  "help:list at most N errors (checking and counting go on)": { zh: "最多列出 N 个错误（检查和计数照常进行）", en: "list at most N errors (checking and counting go on)" },
  "help:rule config: severity per rule or \"off\" (default: workspace config \"rules\")": { zh: "规则配置：每条规则的严重级别或 \"off\"（默认取工作区配置 \"rules\"）", en: "rule config: severity per rule or \"off\" (default: workspace config \"rules\")" },
  "help:reference catalogue(s) (.json/.jsonl) that 关联资源代码 may point to": { zh: "关联资源代码可以指向的参照目录（.json/.jsonl）", en: "reference catalogue(s) (.json/.jsonl) that 关联资源代码 may point to" },
  "help:exit 1 on: error | warning": { zh: "何时以退出码 1 结束：error（有错误）| warning（有警告）", en: "exit 1 on: error | warning" },
  "help:map inputs with this template first (required for non-.json/.jsonl inputs and for JSON that is not records)": { zh: "先用此模板映射输入（非 .json/.jsonl 输入及不是记录的 JSON 必须给出）", en: "map inputs with this template first (required for non-.json/.jsonl inputs and for JSON that is not records)" },
  "help:with --mapping: only this sheet": { zh: "与 --mapping 一起用：只读这个工作表", en: "with --mapping: only this sheet" },
  "help:with --mapping: text encoding of CSV inputs": { zh: "与 --mapping 一起用：CSV 输入的文本编码", en: "with --mapping: text encoding of CSV inputs" },
  "help:with --mapping: 1-based header row": { zh: "与 --mapping 一起用：表头所在行（从 1 开始）", en: "with --mapping: 1-based header row" },
  "help:with --mapping: the file has no header row (columns are named 1, 2, …)": { zh: "与 --mapping 一起用：文件没有表头行（各列依次命名为 1、2、…）", en: "with --mapping: the file has no header row (columns are named 1, 2, …)" },
  "help:with --mapping: worker threads for CSV inputs of 16 MB or more (default: one per core; 1: none)": { zh: "与 --mapping 一起用：16 MB 及以上 CSV 输入的工作线程数（默认每个 CPU 核一个；1 表示不用）", en: "with --mapping: worker threads for CSV inputs of 16 MB or more (default: one per core; 1: none)" },
  "help:records as .json or .jsonl; or spreadsheets/CSV/XML with --mapping": { zh: "记录文件（.json 或 .jsonl）；加 --mapping 时也可以是表格/CSV/XML", en: "records as .json or .jsonl; or spreadsheets/CSV/XML with --mapping" },
  "help:分类码: class+item+heading[+subheading], e.g. 301002": { zh: "分类码：类+项+目[+细目]，如 301002", en: "分类码: class+item+heading[+subheading], e.g. 301002" },
  "help:workspace holding the ledger .catalog/ids.json": { zh: "存放台账 .catalog/ids.json 的工作区", en: "workspace holding the ledger .catalog/ids.json" },
  "help:how many codes to allocate": { zh: "要分配多少个代码", en: "how many codes to allocate" },
  "help:digits of the 顺序码 (zero-padded)": { zh: "顺序码的位数（前补零）", en: "digits of the 顺序码 (zero-padded)" },
  "help:output: text | json": { zh: "输出格式：text | json", en: "output: text | json" },
  "help:package file to write (e.g. dept.catpkg.zip)": { zh: "要写入的注册包文件（如 dept.catpkg.zip）", en: "package file to write (e.g. dept.catpkg.zip)" },
  "help:profile the records follow: guide2017 | gbt21063-3": { zh: "记录遵循的规范：guide2017 | gbt21063-3", en: "profile the records follow: guide2017 | gbt21063-3" },
  "help:take the package provider from catalog.config.json department": { zh: "注册包的提供方取自 catalog.config.json 的“department”", en: "take the package provider from catalog.config.json department" },
  "help:incremental package against a previous package (added + changed records, withdrawn keys)": { zh: "相对于上一个注册包的增量包（新增和变更的记录、撤销的代码）", en: "incremental package against a previous package (added + changed records, withdrawn keys)" },
  "help:sign manifest.json with this private key (catalog keygen)": { zh: "用此私钥签名 manifest.json（catalog keygen 生成）", en: "sign manifest.json with this private key (catalog keygen)" },
  "help:creation time in the manifest (default SOURCE_DATE_EPOCH, else now)": { zh: "清单中的创建时间（默认 SOURCE_DATE_EPOCH，否则为当前时间）", en: "creation time in the manifest (default SOURCE_DATE_EPOCH, else now)" },
  "help:package id (default SHA-256 of records.jsonl)": { zh: "注册包编号（默认为 records.jsonl 的 SHA-256）", en: "package id (default SHA-256 of records.jsonl)" },
  "help:do not validate the records before packing": { zh: "打包前不校验记录", en: "do not validate the records before packing" },
  "help:records as .json or .jsonl": { zh: "记录文件（.json 或 .jsonl）", en: "records as .json or .jsonl" },
  "help:trusted public key: the package must be signed with it": { zh: "信任的公钥：注册包必须用它签名", en: "trusted public key: the package must be signed with it" },
  "help:skip re-validating the records against the profile": { zh: "不再按规范重新校验记录", en: "skip re-validating the records against the profile" },
  "help:the zip must be byte-for-byte what catalog pack writes (any changed byte is an error)": { zh: "zip 必须与 catalog pack 写出的逐字节相同（任何字节不同都是错误）", en: "the zip must be byte-for-byte what catalog pack writes (any changed byte is an error)" },
  "help:package file (*.catpkg.zip)": { zh: "注册包文件（*.catpkg.zip）", en: "package file (*.catpkg.zip)" },
  "help:old catalogue: .json, .jsonl or package": { zh: "旧目录：.json、.jsonl 或注册包", en: "old catalogue: .json, .jsonl or package" },
  "help:new catalogue: .json, .jsonl or package": { zh: "新目录：.json、.jsonl 或注册包", en: "new catalogue: .json, .jsonl or package" },
  "help:private key file; the public key goes to <file>.pub": { zh: "私钥文件；公钥写到 <file>.pub", en: "private key file; the public key goes to <file>.pub" },
  "help:ed25519 | sm2": { zh: "ed25519 | sm2", en: "ed25519 | sm2" },
  "help:overwrite existing key files": { zh: "覆盖已有的密钥文件", en: "overwrite existing key files" },
  "help:output: pretty | json (file names and key id; never the private key)": { zh: "输出格式：pretty | json（文件名和密钥编号；从不输出私钥）", en: "output: pretty | json (file names and key id; never the private key)" },
  "help:target: gbt-xml | dcat-ap | datajson | ckan | listing-xlsx | listing-csv": { zh: "导出目标：gbt-xml | dcat-ap | datajson | ckan | listing-xlsx | listing-csv", en: "target: gbt-xml | dcat-ap | datajson | ckan | listing-xlsx | listing-csv" },
  "help:file to write": { zh: "要写入的文件", en: "file to write" },
  "help:report output: pretty | json": { zh: "报告格式：pretty | json", en: "report output: pretty | json" },
  "help:records as .json, .jsonl or a package": { zh: "记录文件（.json、.jsonl）或注册包", en: "records as .json, .jsonl or a package" },
  "help:source format: auto | datajson | dcat | ckan | gbt-xml | iso19139 (auto: detected from the content)": { zh: "源格式：auto | datajson | dcat | ckan | gbt-xml | iso19139（“auto”表示按内容识别）", en: "source format: auto | datajson | dcat | ckan | gbt-xml | iso19139 (auto: detected from the content)" },
  "help:records to write (.jsonl)": { zh: "要写入的记录文件（.jsonl）", en: "records to write (.jsonl)" },
  "help:source catalogue file": { zh: "源目录文件", en: "source catalogue file" },
  "help:directory centre URL (default: centre.url in catalog.config.json)": { zh: "目录中心地址（默认取 catalog.config.json 中的 centre.url）", en: "directory centre URL (default: centre.url in catalog.config.json)" },
  "help:centre | ckan": { zh: "centre（目录中心）| ckan", en: "centre | ckan" },
  "help:CKAN portal URL (with --target ckan)": { zh: "CKAN 门户地址（与 --target ckan 一起用）", en: "CKAN portal URL (with --target ckan)" },
  "help:CKAN owner_org for new packages (with --target ckan; default: export.ckanOwnerOrg in catalog.config.json)": { zh: "新建 CKAN 数据集的 owner_org（与 --target ckan 一起用；默认取 catalog.config.json 中的 export.ckanOwnerOrg）", en: "CKAN owner_org for new packages (with --target ckan; default: export.ckanOwnerOrg in catalog.config.json)" },
  "help:show what would be added/changed/withdrawn; send no writes": { zh: "显示将新增、变更、撤销哪些记录；不发送任何写请求", en: "show what would be added/changed/withdrawn; send no writes" },
  "help:withdraw records published before (per the ledger) that are not in the inputs": { zh: "撤销以前发布过（按台账）但不在本次输入中的记录", en: "withdraw records published before (per the ledger) that are not in the inputs" },
  "help:send a package's records through the records API in --batch-size batches instead of uploading the package whole (the centre then checks no signature; tokens bound to a key refuse this)": { zh: "把注册包中的记录按 --batch-size 分批经记录接口发送，而不是整包上传（目录中心因此不检查签名；绑定密钥的令牌会拒绝这种方式）", en: "send a package's records through the records API in --batch-size batches instead of uploading the package whole (the centre then checks no signature; tokens bound to a key refuse this)" },
  "help:records per request": { zh: "每个请求的记录数", en: "records per request" },
  "help:requests in flight at once": { zh: "同时进行的请求数", en: "requests in flight at once" },
  "help:retries per request on network errors, 5xx and 429": { zh: "遇到网络错误、5xx 和 429 时每个请求的重试次数", en: "retries per request on network errors, 5xx and 429" },
  "help:per-request timeout": { zh: "每个请求的超时时间", en: "per-request timeout" },
  "help:publish ledger file (default .catalog/publish/<target>-<url hash>.jsonl next to catalog.config.json)": { zh: "发布台账文件（默认为 catalog.config.json 旁的 .catalog/publish/<target>-<url hash>.jsonl）", en: "publish ledger file (default .catalog/publish/<target>-<url hash>.jsonl next to catalog.config.json)" },
  "help:records (.json, .jsonl) or registration packages (.catpkg.zip)": { zh: "记录文件（.json、.jsonl）或注册包（.catpkg.zip）", en: "records (.json, .jsonl) or registration packages (.catpkg.zip)" },
  "help:SQLite database file (created if missing) or postgres:// URL (default: $CATALOG_DB)": { zh: "SQLite 数据库文件（不存在则创建）或 postgres:// 地址（默认 $CATALOG_DB）", en: "SQLite database file (created if missing) or postgres:// URL (default: $CATALOG_DB)" },
  "help:TCP port (0 = any free port)": { zh: "TCP 端口（0 表示任一空闲端口）", en: "TCP port (0 = any free port)" },
  "help:address to listen on": { zh: "监听的地址", en: "address to listen on" },
  "help:department registrations wait for admin review (审核)": { zh: "部门的注册须经管理员审核", en: "department registrations wait for admin review (审核)" },
  "help:largest request body in bytes": { zh: "请求体的最大字节数", en: "largest request body in bytes" },
  "help:longest text of one record field where the profile gives no maxLength": { zh: "规范未给 maxLength 时，记录中单个字段文本的最大长度", en: "longest text of one record field where the profile gives no maxLength" },
  "help:largest record (bytes of its JSON)": { zh: "单条记录的最大大小（其 JSON 的字节数）", en: "largest record (bytes of its JSON)" },
  "help:most records in one POST /api/v1/records": { zh: "一次 POST /api/v1/records 的最多记录数", en: "most records in one POST /api/v1/records" },
  "help:largest package, total uncompressed size of its entries": { zh: "注册包的最大大小（各条目解压后的总大小）", en: "largest package, total uncompressed size of its entries" },
  "help:longest text of one field in search results and the browse page (clipped with …)": { zh: "检索结果和浏览页中单个字段文本的最大长度（超出以 … 截断）", en: "longest text of one field in search results and the browse page (clipped with …)" },
  "help:largest OAI-PMH list page (ends early with a resumptionToken)": { zh: "OAI-PMH 列表页的最大大小（超出时提前结束并给出 resumptionToken）", en: "largest OAI-PMH list page (ends early with a resumptionToken)" },
  "help:public base URL (default: from the Host header)": { zh: "对外的基础地址（默认取自请求的“Host”头）", en: "public base URL (default: from the Host header)" },
  "help:repository name shown in OAI-PMH Identify and the browse page": { zh: "OAI-PMH 的“Identify”应答和浏览页显示的库名", en: "repository name shown in OAI-PMH Identify and the browse page" },
  "help:records per OAI-PMH page": { zh: "每个 OAI-PMH 页面的记录数", en: "records per OAI-PMH page" },
  "help:TEST ONLY (needs CATALOG_CENTRE_TEST_FAULTS=1): every Nth write request fails with 503": { zh: "仅供测试（需 CATALOG_CENTRE_TEST_FAULTS=1）：每第 N 个写请求以 503 失败", en: "TEST ONLY (needs CATALOG_CENTRE_TEST_FAULTS=1): every Nth write request fails with 503" },
  "help:one JSON line per request (time, request id, route, token id, provider, status, bytes, ms) to this file, appended, or - for standard error": { zh: "每个请求一行 JSON（时间、请求编号、路由、令牌编号、提供方、状态、字节数、毫秒），追加到此文件，或用 - 写到标准错误", en: "one JSON line per request (time, request id, route, token id, provider, status, bytes, ms) to this file, appended, or - for standard error" },
  "help:write no access log": { zh: "不写访问日志", en: "write no access log" },
  "help:centre database: SQLite file or postgres:// URL (default: $CATALOG_DB)": { zh: "目录中心数据库：SQLite 文件或 postgres:// 地址（默认 $CATALOG_DB）", en: "centre database: SQLite file or postgres:// URL (default: $CATALOG_DB)" },
  "help:provider code (信息资源提供方代码) the token acts for": { zh: "令牌所代表的信息资源提供方代码", en: "provider code (信息资源提供方代码) the token acts for" },
  "help:admin token: may review (审核) and act for any provider": { zh: "管理员令牌：可以审核，并可代表任何提供方", en: "admin token: may review (审核) and act for any provider" },
  "help:free text to recognise the token by": { zh: "用于识别令牌的备注文字", en: "free text to recognise the token by" },
  "help:the token changes records only through packages signed with this key (catalog keygen); its record batches and single withdrawals are refused": { zh: "该令牌只能通过用此密钥签名的注册包修改记录（catalog keygen）；其记录批次和单条撤销都会被拒绝", en: "the token changes records only through packages signed with this key (catalog keygen); its record batches and single withdrawals are refused" },
  "help:refuse the token (401 token-expired) after: a duration (90d, 12h, 2w), a date (2027-03-01, from 00:00 UTC) or a UTC time (2027-03-01T08:00:00Z)": { zh: "在此之后拒绝该令牌（401 token-expired）：时长（90d、12h、2w）、日期（2027-03-01，自 UTC 00:00 起）或 UTC 时间（2027-03-01T08:00:00Z）", en: "refuse the token (401 token-expired) after: a duration (90d, 12h, 2w), a date (2027-03-01, from 00:00 UTC) or a UTC time (2027-03-01T08:00:00Z)" },
  "help:output: pretty | json (the revoked token's id, provider, role, times; never the token)": { zh: "输出格式：pretty | json（被吊销令牌的编号、提供方、角色、时间；从不输出令牌本身）", en: "output: pretty | json (the revoked token's id, provider, role, times; never the token)" },
  "help:token id (from token list)": { zh: "令牌编号（见 token list）", en: "token id (from token list)" },
  "help:the SQLite centre database (stop its centre first)": { zh: "SQLite 目录中心数据库（先停止其目录中心）", en: "the SQLite centre database (stop its centre first)" },
  "help:postgres:// URL of the target database (schema created if missing)": { zh: "目标数据库的 postgres:// 地址（不存在则创建表结构）", en: "postgres:// URL of the target database (schema created if missing)" },
  "help:this centre's database: SQLite file or postgres:// URL (default: $CATALOG_DB)": { zh: "本目录中心的数据库：SQLite 文件或 postgres:// 地址（默认 $CATALOG_DB）", en: "this centre's database: SQLite file or postgres:// URL (default: $CATALOG_DB)" },
  "help:only one OAI set: provider:<code> or class:<code>": { zh: "只收割一个 OAI 集合：provider:<代码> 或 class:<代码>", en: "only one OAI set: provider:<code> or class:<code>" },
  "help:harvest from this datestamp instead of the remembered one": { zh: "从此时间戳开始收割，而不是从记住的时间戳", en: "harvest from this datestamp instead of the remembered one" },
  "help:catalog (lossless, this project's centres) | gbt21063 (GB/T XML); default: catalog if offered": { zh: "catalog（无损，本项目的目录中心）| gbt21063（GB/T XML）；默认：对方提供时用 catalog", en: "catalog (lossless, this project's centres) | gbt21063 (GB/T XML); default: catalog if offered" },
  "help:largest answer the source may send, per request": { zh: "源每次请求可发送的最大应答", en: "largest answer the source may send, per request" },
  "help:time to connect to the source": { zh: "连接源的超时时间", en: "time to connect to the source" },
  "help:time for each whole answer once connected (ends a silent or trickling source)": { zh: "连接后每个完整应答的时限（结束沉默或缓慢的源）", en: "time for each whole answer once connected (ends a silent or trickling source)" },
  "help:most records one run takes; a source that sends more is refused": { zh: "一次运行最多接收的记录数；源发送更多则拒绝", en: "most records one run takes; a source that sends more is refused" },
  "help:base URL of the source centre (or its /oai endpoint)": { zh: "源目录中心的基础地址（或其 /oai 端点）", en: "base URL of the source centre (or its /oai endpoint)" },
  "help:workspace directory (kept); default a temp directory, removed afterwards": { zh: "工作区目录（保留）；默认为临时目录，结束后删除", en: "workspace directory (kept); default a temp directory, removed afterwards" },
  "help:keep the temp workspace": { zh: "保留临时工作区", en: "keep the temp workspace" },
  "help:keyword to search on the centre": { zh: "在目录中心检索的关键字", en: "keyword to search on the centre" },
  "help:output: pretty | json (the run result)": { zh: "输出格式：pretty | json（运行结果）", en: "output: pretty | json (the run result)" },
  // command descriptions (the English text is what the command files register)
  "help:Catalogue, validate, package and publish government information resources (GB/T 21063, the 2017 compilation guide)": { zh: "编目、校验、打包并发布政务信息资源（GB/T 21063、2017 目录编制指南）", en: "Catalogue, validate, package and publish government information resources (GB/T 21063, the 2017 compilation guide)" },
  "help:set up a workspace: department, codes, profile, centre, mapping of a spreadsheet": { zh: "初始化工作区：部门、代码、校验规范、目录中心、表格的映射", en: "set up a workspace: department, codes, profile, centre, mapping of a spreadsheet" },
  "help:show a source file's format, encoding, sheets, header rows, columns and row counts": { zh: "查看源文件的格式、编码、工作表、表头行、列和行数", en: "show a source file's format, encoding, sheets, header rows, columns and row counts" },
  "help:draft catalogue records (信息项, types, lengths, counts) from data files or databases": { zh: "从数据文件或数据库生成目录草稿（信息项、类型、长度、计数）", en: "draft catalogue records (信息项, types, lengths, counts) from data files or databases" },
  "help:map department spreadsheets, CSV, XML or JSON to catalogue records": { zh: "将部门表格、CSV、XML 或 JSON 映射为目录记录", en: "map department spreadsheets, CSV, XML or JSON to catalogue records" },
  "help:write a blank compilation sheet for departments to fill in": { zh: "生成供部门填写的空白目录编制表", en: "write a blank compilation sheet for departments to fill in" },
  "help:validate catalogue records against a profile": { zh: "按规范校验目录记录", en: "validate catalogue records against a profile" },
  "help:resource identifiers": { zh: "信息资源代码", en: "resource identifiers" },
  "help:allocate the next free 顺序码 for a classification code": { zh: "为分类码分配下一个空闲的顺序码", en: "allocate the next free 顺序码 for a classification code" },
  "help:list the metadata profiles with their versions and sources": { zh: "列出元数据规范及其版本和来源", en: "list the metadata profiles with their versions and sources" },
  "help:build a registration package (注册包)": { zh: "生成注册包", en: "build a registration package (注册包)" },
  "help:verify a registration package: structure, checksums, signature, records": { zh: "校验注册包：结构、校验和、签名、记录", en: "verify a registration package: structure, checksums, signature, records" },
  "help:added / changed / withdrawn records between two catalogues or packages": { zh: "比较两个目录或注册包：新增、变更、撤销的记录", en: "added / changed / withdrawn records between two catalogues or packages" },
  "help:generate a signing key pair for packages": { zh: "生成注册包签名密钥对", en: "generate a signing key pair for packages" },
  "help:export records: GB/T XML, DCAT-AP, data.json, CKAN, 目录清单": { zh: "导出目录记录：GB/T XML、DCAT-AP、data.json、CKAN、目录清单", en: "export records: GB/T XML, DCAT-AP, data.json, CKAN, 目录清单" },
  "help:import a data.json, DCAT (JSON-LD or RDF/XML) or CKAN catalogue as records": { zh: "将 data.json、DCAT（JSON-LD 或 RDF/XML）或 CKAN 目录导入为目录记录", en: "import a data.json, DCAT (JSON-LD or RDF/XML) or CKAN catalogue as records" },
  "help:publish records or a registration package to a directory centre (or CKAN)": { zh: "将目录记录或注册包发布到目录中心（或 CKAN）", en: "publish records or a registration package to a directory centre (or CKAN)" },
  "help:run a directory centre (目录中心): serve, tokens, harvest": { zh: "运行目录中心：启动服务、令牌、收割", en: "run a directory centre (目录中心): serve, tokens, harvest" },
  "help:serve the registration API, search, browse page and OAI-PMH": { zh: "启动目录中心：注册接口、检索、浏览页面和 OAI-PMH", en: "serve the registration API, search, browse page and OAI-PMH" },
  "help:manage per-department API tokens": { zh: "管理各部门的接口令牌", en: "manage per-department API tokens" },
  "help:create a token for a provider code (printed once, stored as a SHA-256 hash)": { zh: "为提供方代码创建令牌（只显示一次，以 SHA-256 哈希保存）", en: "create a token for a provider code (printed once, stored as a SHA-256 hash)" },
  "help:revoke a token by its id": { zh: "按编号吊销令牌", en: "revoke a token by its id" },
  "help:list tokens (ids, providers, roles, expiry, last use; never the tokens themselves)": { zh: "列出令牌（编号、提供方、角色、有效期、最近使用；从不显示令牌本身）", en: "list tokens (ids, providers, roles, expiry, last use; never the tokens themselves)" },
  "help:move an embedded (SQLite) centre to PostgreSQL without loss, verified row by row": { zh: "将内嵌（SQLite）目录中心无损迁移到 PostgreSQL，逐行核对", en: "move an embedded (SQLite) centre to PostgreSQL without loss, verified row by row" },
  "help:join a parent centre as a member it harvests (district → city → province)": { zh: "作为成员加入上级目录中心，由其收割（区县 → 市 → 省）", en: "join a parent centre as a member it harvests (district → city → province)" },
  "help:harvest sources besides member centres": { zh: "成员中心以外的收割来源", en: "harvest sources besides member centres" },
  "help:harvest this OAI-PMH source on a schedule (also: change a member centre's interval)": { zh: "定时收割此 OAI-PMH 来源（也可修改成员中心的收割间隔）", en: "harvest this OAI-PMH source on a schedule (also: change a member centre's interval)" },
  "help:member centres and sources, with their health": { zh: "列出成员中心和收割来源及其健康状况", en: "member centres and sources, with their health" },
  "help:stop harvesting a source or member centre (its records stay)": { zh: "停止收割某个来源或成员中心（其记录保留）", en: "stop harvesting a source or member centre (its records stay)" },
  "help:一数一源 report: which providers register each data element, its authority, conflicts": { zh: "一数一源报告：每个数据元由哪些提供方登记、权威来源、冲突", en: "一数一源 report: which providers register each data element, its authority, conflicts" },
  "help:designate the authoritative provider (权威来源) of a data element": { zh: "指定数据元的权威来源", en: "designate the authoritative provider (权威来源) of a data element" },
  "help:designate the authoritative provider of a data element": { zh: "指定数据元的权威来源提供方", en: "designate the authoritative provider of a data element" },
  "help:remove the authoritative provider of a data element": { zh: "取消数据元的权威来源", en: "remove the authoritative provider of a data element" },
  "help:harvest another centre over OAI-PMH, incrementally (e.g. district → city)": { zh: "通过 OAI-PMH 增量收割另一个目录中心（如区县 → 市）", en: "harvest another centre over OAI-PMH, incrementally (e.g. district → city)" },
  "help:locate a resource in the tree of centres: where it was registered, who holds it, how to obtain it": { zh: "在目录中心树中定位信息资源：在哪里注册、由谁持有、如何获取", en: "locate a resource in the tree of centres: where it was registered, who holds it, how to obtain it" },
  "help:run the whole pipeline on bundled sample data, with an embedded centre": { zh: "用内置示例数据和内嵌目录中心演示完整流程", en: "run the whole pipeline on bundled sample data, with an embedded centre" },
  "help:display help for command": { zh: "显示命令的帮助", en: "display help for command" },
  "help:display help for [command]": { zh: "显示命令的帮助", en: "display help for [command]" },
  "help:only these tables (or sheets); default: all": { zh: "只描述这些表（或工作表）；默认全部", en: "only these tables (or sheets); default: all" },
  "help:PostgreSQL schema (default public) or MySQL/MariaDB database (default: the URL's)": { zh: "PostgreSQL 模式（默认“public”）或 MySQL/MariaDB 数据库（默认取自地址）", en: "PostgreSQL schema (default public) or MySQL/MariaDB database (default: the URL's)" },
  "help:write records (.jsonl) or a filled 目录编制表 (.xlsx) instead of JSONL on stdout": { zh: "写入记录文件（.jsonl）或填好的目录编制表（.xlsx），不输出到标准输出", en: "write records (.jsonl) or a filled 目录编制表 (.xlsx) instead of JSONL on stdout" },
  "help:信息资源提供方 (default: workspace config department.name)": { zh: "信息资源提供方（默认取工作区配置 department.name）", en: "信息资源提供方 (default: workspace config department.name)" },
  "help:信息资源提供方代码 (default: workspace config department.code)": { zh: "信息资源提供方代码（默认取工作区配置 department.code）", en: "信息资源提供方代码 (default: workspace config department.code)" },
  "help:own data-element dictionary, matched before standards/common/data-elements.json": { zh: "自定义数据元字典，先于 standards/common/data-elements.json 匹配", en: "own data-element dictionary, matched before standards/common/data-elements.json" },
  "help:text encoding of a CSV (default: detected)": { zh: "CSV 的文本编码（默认自动识别）", en: "text encoding of a CSV (default: detected)" },
  "help:refuse a source with more tables than this (pick some with --table)": { zh: "表数超过此值时拒绝（用 --table 选择部分表）", en: "refuse a source with more tables than this (pick some with --table)" },
  "help:describe at most this many columns per table": { zh: "每张表最多描述的列数", en: "describe at most this many columns per table" },
  "help:rows per sheet whose values infer types and lengths (the whole file is still read, every row counted)": { zh: "每个工作表用多少行的值推断类型和长度（文件仍会整个读入，每行都计数）", en: "rows per sheet whose values infer types and lengths (the whole file is still read, every row counted)" },
  "help:per-statement timeout on PostgreSQL/MySQL/MariaDB": { zh: "PostgreSQL/MySQL/MariaDB 每条语句的超时", en: "per-statement timeout on PostgreSQL/MySQL/MariaDB" },
  "help:CSV/XLSX/XLS file (each sheet a table), SQLite file, or postgres:// | mysql:// | mariadb:// URL": { zh: "CSV/XLSX/XLS 文件（每个工作表一张表）、SQLite 文件，或 postgres:// | mysql:// | mariadb:// 地址", en: "CSV/XLSX/XLS file (each sheet a table), SQLite file, or postgres:// | mysql:// | mariadb:// URL" },
  "help:own data-element dictionary (standards/common/data-elements.schema.json), matched before the common one": { zh: "自定义数据元字典（格式见 standards/common/data-elements.schema.json），先于通用字典匹配", en: "own data-element dictionary (standards/common/data-elements.schema.json), matched before the common one" },
  "help:profile of record files, sent with every batch: guide2017 | gbt21063-3 (default: workspace config, else guide2017; a package's records go under its manifest's profile)": { zh: "记录文件的规范，随每批记录发送：guide2017 | gbt21063-3（默认取工作区配置，否则 guide2017；注册包中的记录按其清单的规范）", en: "profile of record files, sent with every batch: guide2017 | gbt21063-3 (default: workspace config, else guide2017; a package's records go under its manifest's profile)" },
  "help:this centre's level: national | province | city | county (国家/省/市/区县)": { zh: "本中心的层级：national | province | city | county（国家/省/市/区县）", en: "this centre's level: national | province | city | county (国家/省/市/区县)" },
  "help:GB/T 2260 administrative division code of this centre (6 digits, checked against the list; national: 100000)": { zh: "本中心的 GB/T 2260 行政区划代码（6 位，按代码表核对；国家级：100000）", en: "GB/T 2260 administrative division code of this centre (6 digits, checked against the list; national: 100000)" },
  "help:base URL of the parent centre (centre join sets it too)": { zh: "上级目录中心的基础地址（centre join 也会设置）", en: "base URL of the parent centre (centre join sets it too)" },
  "help:harvest member centres and sources this often unless they have their own interval (15m, 1h; at least 1s)": { zh: "按此间隔收割成员中心和收割来源（各自设定间隔者除外；如 15m、1h；至少 1s）", en: "harvest member centres and sources this often unless they have their own interval (15m, 1h; at least 1s)" },
  "help:provider code (信息资源提供方代码) the token acts for (required unless --centre)": { zh: "令牌代表的信息资源提供方代码（除 --centre 外必填）", en: "provider code (信息资源提供方代码) the token acts for (required unless --centre)" },
  "help:a centre token: a child centre joins this one with it (catalog centre join); it acts for no provider": { zh: "中心令牌：下级目录中心用它加入本中心（catalog centre join），不代表任何提供方", en: "a centre token: a child centre joins this one with it (catalog centre join); it acts for no provider" },
  "help:a centre token the parent's admin created (catalog centre token create --centre)": { zh: "上级中心管理员创建的中心令牌（catalog centre token create --centre）", en: "a centre token the parent's admin created (catalog centre token create --centre)" },
  "help:this centre's public base URL, as the parent reaches it (default: the URL centre serve last listened on)": { zh: "本中心对上级可达的公开基础地址（默认：centre serve 最近一次监听的地址）", en: "this centre's public base URL, as the parent reaches it (default: the URL centre serve last listened on)" },
  "help:base URL of the parent centre": { zh: "上级目录中心的基础地址", en: "base URL of the parent centre" },
  "help:its own harvest interval (15m, 1h; at least 1s); default: centre serve --harvest-every": { zh: "它自己的收割间隔（如 15m、1h；至少 1s）；默认取 centre serve --harvest-every", en: "its own harvest interval (15m, 1h; at least 1s); default: centre serve --harvest-every" },
  "help:base URL of the source (or its /oai endpoint)": { zh: "收割来源的基础地址（或其 /oai 端点）", en: "base URL of the source (or its /oai endpoint)" },
  "help:base URL of the source": { zh: "收割来源的基础地址", en: "base URL of the source" },
  "help:the centre database: SQLite file or postgres:// URL (default: $CATALOG_DB)": { zh: "目录中心数据库：SQLite 文件或 postgres:// 地址（默认取 $CATALOG_DB）", en: "the centre database: SQLite file or postgres:// URL (default: $CATALOG_DB)" },
  "help:output format: json | html": { zh: "输出格式：json | html", en: "output format: json | html" },
  "help:信息资源提供方代码 of the authoritative provider": { zh: "权威来源提供方的信息资源提供方代码", en: "信息资源提供方代码 of the authoritative provider" },
  "help:its resource holding the element (default: the first of its records that holds it)": { zh: "该提供方含此数据元的资源（默认：其记录中第一条含此数据元者）", en: "its resource holding the element (default: the first of its records that holds it)" },
  "help:data element: id or name (standards/common/data-elements.json), e.g. uscc or 统一社会信用代码": { zh: "数据元：标识或名称（见 standards/common/data-elements.json），如“uscc”或“统一社会信用代码”", en: "data element: id or name (standards/common/data-elements.json), e.g. uscc or 统一社会信用代码" },
  "help:data element: id or name": { zh: "数据元：标识或名称", en: "data element: id or name" },
  "help:catalog (lossless, this project's centres) | gbt21063 (GB/T XML) | iso19139 | oai_dc (another vendor's; docs/centre.md); default: the best offered": { zh: "catalog（无损，本项目的目录中心）| gbt21063（GB/T XML）| iso19139 | oai_dc（其他厂商；见 docs/centre.md）；默认取对方提供的最佳格式", en: "catalog (lossless, this project's centres) | gbt21063 (GB/T XML) | iso19139 | oai_dc (another vendor's; docs/centre.md); default: the best offered" },
  "help:base URL of the centre to ask (any tier: it follows the record to its origin)": { zh: "要查询的目录中心基础地址（任一层级均可：会沿记录追溯到来源中心）", en: "base URL of the centre to ask (any tier: it follows the record to its origin)" },
  "help:信息资源代码 (or the record key)": { zh: "信息资源代码（或记录键）", en: "信息资源代码 (or the record key)" },
};


/** Under zh, the descriptions, option and argument texts and the text after the help of `c` and its subcommands. */
export function localiseHelp(c: Command, lang: Lang, path: string[] = []): void {
  if (lang !== 'zh') return;
  const zh = (text: string) => HELP_MESSAGES[`help:${text}`]?.zh ?? text;
  c.description(zh(c.description()));
  for (const o of c.options) o.description = zh(o.description);
  for (const a of c.registeredArguments) a.description = zh(a.description);
  c.helpOption('-h, --help', '显示命令的帮助');
  if (c.commands.length) c.helpCommand('help [command]', '显示命令的帮助');
  c.configureHelp({ ...c.configureHelp(), optionDescription, argumentDescription, subcommandTerm, commandUsage, displayWidth, boxWrap });
  const after = HELP_AFTER_ZH[path.join(' ')];
  if (after !== undefined) {
    // the English text is the only 'afterHelp' listener (added by the command's addHelpText): replace it
    (c as unknown as EventEmitter).removeAllListeners('afterHelp');
    c.addHelpText('after', after);
  }
  for (const sub of c.commands) localiseHelp(sub, lang, [...path, sub.name()]);
}

/**
 * What commander appends to a description — choices, default, preset, environment variable — in Chinese. Done
 * here, before commander wraps the description, because a wrapped "(default: …)" can no longer be found in the text.
 */
function extras(x: { argChoices?: string[]; defaultValue?: unknown; defaultValueDescription?: string; presetArg?: unknown; envVar?: string }, showDefault: boolean, showPreset: boolean): string {
  const parts: string[] = [];
  if (x.argChoices) parts.push(`可选值：${x.argChoices.map((v) => JSON.stringify(v)).join('、')}`);
  if (x.defaultValue !== undefined && showDefault) parts.push(`默认：${x.defaultValueDescription ?? JSON.stringify(x.defaultValue)}`);
  if (x.presetArg !== undefined && showPreset) parts.push(`不带值时：${JSON.stringify(x.presetArg)}`);
  if (x.envVar !== undefined) parts.push(`环境变量：${x.envVar}`);
  return parts.length ? `（${parts.join('；')}）` : '';
}

/** Commander's Help.optionDescription under zh (which extras it shows follows commander's rules). */
function optionDescription(o: Option): string {
  const showDefault = o.required || o.optional || (o.isBoolean() && typeof o.defaultValue === 'boolean');
  return o.description + extras(o, showDefault, o.optional);
}

/** "[options]" and "[command]" in Chinese, before commander pads the command list to one column. */
function terms(text: string): string {
  return text.replace(/\[options\]/g, '[选项]').replace(/\[command\]/g, '[命令]');
}

/** Commander's own term of a command in the list, localised (`this` is commander's Help, whose prototype has it). */
function subcommandTerm(this: Help, c: Command): string {
  return terms(Object.getPrototypeOf(this).subcommandTerm.call(this, c));
}

/** Commander's own usage line of a command, localised. */
function commandUsage(this: Help, c: Command): string {
  return terms(Object.getPrototypeOf(this).commandUsage.call(this, c));
}

/** Columns a text takes in a terminal: CJK and full-width characters take two, so the Chinese columns line up. */
function displayWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[\d*(;\d+)*m/g, '');
  return plain.length + (plain.match(/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g)?.length ?? 0);
}

/**
 * Where a Chinese line may break: before each CJK character (closing punctuation stays with the character before
 * it, opening punctuation with the one after) and at spaces. Commander breaks only at spaces, which leaves a
 * Chinese sentence on one overlong line.
 */
const BREAKS = /\s*[（“‘「《【]*(?:[\u2e80-\u9fff\uf900-\ufaff]|[^\s\u2e80-\u9fff\uf900-\ufaff（“‘「《【）”’」》】，。：；、！？]+)?[）”’」》】，。：；、！？]*/g;

/** Commander's Help.boxWrap with Chinese break points: `text` in lines of at most `width` columns where it can. */
function boxWrap(text: string, width: number): string {
  if (width < 40) return text; // as commander: too narrow to be worth wrapping
  return text.split(/\r?\n/).map((line) => {
    const lines: string[] = [];
    let current = '';
    for (const unit of (line.match(BREAKS) ?? []).filter((u) => u)) {
      if (current && displayWidth(current + unit) > width) {
        lines.push(current);
        current = unit.trimStart();
      } else current += unit;
    }
    return [...lines, current].join('\n');
  }).join('\n');
}

/** Commander's Help.argumentDescription under zh. */
function argumentDescription(a: Argument): string {
  return a.description + extras(a, true, false);
}

/** Commander's own help headings under zh (Usage, Arguments, Options, Commands). */
const HEADINGS: [RegExp, string][] = [
  [/^Usage:/gm, '用法：'], [/^Arguments:/gm, '参数：'], [/^Options:/gm, '选项：'], [/^Commands:/gm, '命令：'],
];

/** A help text as commander wrote it, with its headings in the user's language. */
export function localiseHelpText(text: string, lang: Lang): string {
  return lang === 'zh' ? HEADINGS.reduce((s, [re, to]) => s.replace(re, to), text) : text;
}

/**
 * The text after each command's help (examples, notes, exit codes) in Chinese, keyed by the command's path. The
 * English text stays in the command's own file; test/sheets/zh-help.test.ts checks that both list the same examples
 * and exit codes, so a changed English text cannot leave a stale Chinese one unnoticed.
 */
export const HELP_AFTER_ZH: Record<string, string> = {
  init: `
示例：
  $ catalog init
  $ catalog init --sheet-file 目录编制表.xlsx
  $ catalog init --yes --name 示例区人力资源和社会保障局 --code 11330106MB1F628054 --division 330106 \\
      --profile guide2017 --centre http://127.0.0.1:8080 --sheet-file templates/samples/hrss-catalog.xlsx
  $ catalog init --resume            # 从上次取消的地方继续
  $ catalog init --resume --yes      # 不再提问，用保存的回答（加上选项）完成初始化
在终端中，第一个问题之后的每个问题都可选“← 上一步”（文字输入题中输入 < 即可）。
回答随填随存于 .catalog-init.state.json；--resume 采用这些回答（选项优先），只问剩下的问题；与 --yes 同用时不提问，
必填的回答既未保存也未用选项给出时报错并指出应加的选项。
没有终端时（CI、管道）必填的回答都要用选项给出（或用 --resume 取保存的回答）。
退出码：0 已写入，1 已取消，2 用法错误（回答缺失或无效、没有可继续的初始化、表格无法读取），130 按了 Ctrl-C。`,
  inspect: `
示例：
  $ catalog inspect 目录.xls
  $ catalog inspect yilan.csv --encoding big5 --format json
  $ catalog inspect export.xml --record-path catalog/record
退出码：0 成功，2 用法错误或文件无法读取（消息会说明如何解决）。`,
  describe: `
示例：
  $ catalog describe 企业登记.xlsx -o drafts.jsonl
  $ catalog describe registry.sqlite --table enterprise -o 目录编制表.xlsx
  $ catalog describe postgres://reader@db.example/registry --schema public --table enterprise
  $ catalog describe mysql://reader@127.0.0.1:3306/registry -o drafts.jsonl
只读出结构和计数，不写出任何数据值。数据库在只读（READ ONLY）事务中读取。
然后补上 describe 无法得知的内容，再运行：catalog validate drafts.jsonl
退出码：0 已生成，2 用法错误、文件无法读取或表不存在，3 无法连接数据库。`,
  map: `
示例：
  $ catalog map 目录编制表.xlsx --mapping templates/guide2017-sheet.json -o records.jsonl
  $ catalog map songjiang.xls --mapping templates/songjiang-form.json --format json -o records.jsonl
  $ catalog map portal.json --guess --save-template portal-template.json
  $ catalog map data.json --mapping import/datajson -o records.jsonl     （也可用 import/dcat、import/ckan、import/gbt-xml）
给出 -o 时运行报告输出到标准输出，否则输出到标准错误（记录输出到标准输出）。
退出码：0 每一行都已映射，1 有行被拒绝（记录仍会写出），2 用法错误（选项有误、文件缺失或无法读取、模板无效）。`,
  template: `
示例：
  $ catalog template --profile guide2017 -o 目录编制表.xlsx
  $ catalog template -o 目录编制表.csv
  $ catalog template -o 目录编制表.xlsx --format json
填好后运行：catalog map 目录编制表.xlsx --mapping templates/guide2017-sheet.json -o records.jsonl
退出码：0 已写入，2 用法错误（未知的规范、不支持的扩展名）。`,
  validate: `
示例：
  $ catalog validate records.jsonl
  $ catalog validate records.jsonl --profile gbt21063-3 --format json --lang en
  $ catalog validate 目录编制表.xlsx --mapping templates/guide2017-sheet.json
  $ catalog validate records.jsonl --rules rules.json --reference province.jsonl --fail-on warning
  $ catalog validate records.jsonl --format html -o report.html
  $ catalog validate records.jsonl --format junit -o validate.xml --max-errors 100
映射输入的每个问题都指明源单元格（文件 › 工作表 › 行 › 列）和出错的值。
退出码：0 全部有效，1 有无效记录或被拒绝的行（与“--fail-on warning”同用时有警告也算），
2 用法错误（选项有误、文件缺失、输入无法读取、规则配置有误、表格输入未给 --mapping）。`,
  'id next': `
示例：
  $ catalog id next --class 301002
  301002/00001
  $ catalog id next --class 301002 --count 2 --workspace ~/catalogue --format json
同一工作区上同时运行也不会分配出相同的代码（锁文件加台账原子写入）。
退出码：0 已分配，2 用法错误（分类码有误、台账被锁定或已损坏）。`,
  profiles: `
示例：
  $ catalog profiles --format json`,
  pack: `
示例：
  $ catalog pack records.jsonl -o dept.catpkg.zip --created 2024-03-01T00:00:00Z
  $ catalog pack records.jsonl -o update.catpkg.zip --since dept.catpkg.zip --sign key.pem
相同的记录和选项生成逐字节相同的 zip（固定 --created 或 SOURCE_DATE_EPOCH；SM2 签名带随机数，每次不同）。
退出码：0 已打包，1 记录无效或 --since 注册包无效，2 用法错误。`,
  verify: `
示例：
  $ catalog verify dept.catpkg.zip
  $ catalog verify dept.catpkg.zip --public-key key.pub --format json
退出码：0 有效，1 注册包无效（每个问题都指明文件和检查项），2 用法错误。`,
  diff: `
示例：
  $ catalog diff dept-2023.catpkg.zip records.jsonl
  $ catalog diff old.jsonl new.jsonl --format json
记录按键匹配（信息资源代码，否则元数据标识符，否则资源标识符），按内容哈希比较。
退出码：0 已比较（无论有无差异），1 注册包无效，2 用法错误。`,
  keygen: `
示例：
  $ catalog keygen --alg ed25519 -o dept.key      # dept.key（PKCS#8 PEM，权限 0600）+ dept.key.pub（SPKI PEM）
  $ catalog keygen --alg sm2 -o dept-sm2.key      # 十六进制密钥的 JSON（sm-crypto 格式）
  $ catalog keygen -o dept.key --format json      # {"algorithm":"ed25519","keyId":"…","privateKeyFile":"dept.key",…}
退出码：0 已写入，2 用法错误。`,
  export: `
示例：
  $ catalog export records.jsonl --to gbt-xml -o catalog.xml
  $ catalog export dept.catpkg.zip --to datajson -o data.json    # bureauCode/programCode/contactEmail 取自 catalog.config.json 的 export.*
  $ catalog export records.jsonl --to listing-xlsx -o 目录清单.xlsx
目标格式要求而记录或配置缺少的内容会以警告列出。
退出码：0 已写入（警告输出到标准错误），1 注册包输入无效，2 用法错误。`,
  import: `
示例：
  $ catalog import data.json -o records.jsonl                 # 按内容识别类型
  $ catalog import dataset.rdf --from dcat -o records.jsonl
  $ catalog import csw-response.xml --from iso19139 -o records.jsonl
退出码：0 已写入，2 用法错误（未知格式、--from 与内容不符、文件缺失或无法解析）。`,
  publish: `
示例：
  $ CATALOG_TOKEN=… catalog publish records.jsonl --centre http://127.0.0.1:8080
  $ catalog publish out/dept.catpkg.zip --dry-run
  $ CATALOG_TOKEN=… catalog publish out/dept.catpkg.zip --centre http://127.0.0.1:8080   # 整包上传：由目录中心核验签名
  $ catalog publish records.jsonl --withdraw-missing --format json
  $ CKAN_API_TOKEN=… catalog publish records.jsonl --target ckan --ckan-url https://data.example.gov.cn --ckan-org dept
注册包整包上传（POST /api/v1/packages），由目录中心核验其校验和与签名；
只有目录中心认为注册包过大（413）或给了 --unpack 时，才分批上传其中的记录。
退出码：0 全部接受或未变，1 记录在本地被拒绝（无键、键重复）或注册包未通过本地校验，
2 用法错误（选项有误、文件缺失、没有地址或令牌），3 无法连接目录中心、记录被拒绝或注册包被目录中心拒绝，
130 已中断（Ctrl-C；重新运行即可续传）。`,
  locate: `
示例：
  $ catalog locate 330106001/00001 --centre http://province.example:8080
  $ catalog locate 330106001/00001 --centre http://province.example:8080 --format json
退出码：0 已找到，1 目录中心没有以此代码发布的资源，2 用法错误，
3 无法连接目录中心或目录中心出错。`,
  demo: `
示例：
  $ npm run demo
  $ catalog demo --lang zh
  $ catalog demo --dir demo-workspace --keyword 社会保险
退出码：0 流程按预期运行，1 未按预期运行，3 内嵌目录中心出错。`,
  centre: `
示例：
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre serve --db centre.sqlite --port 8080
  $ catalog centre harvest http://district.example:8080 --db city.sqlite`,
  'centre serve': `
示例：
  $ catalog centre serve --db centre.sqlite --port 8080
  $ catalog centre serve --db city.sqlite --port 8081 --host 0.0.0.0 --review
收到 SIGTERM / SIGINT 时正常停止（处理完进行中的请求，关闭数据库）。
退出码：2 用法错误（选项有误），3 目录中心无法启动（端口被占用、没有权限、--host 未知）。
限制（见 docs/security.md）：超出时以 413/422 拒绝，并指明是哪个限制及其选项。`,
  'centre token': `
示例：
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre token list --db centre.sqlite
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite`,
  'centre token create': `
示例：
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H --expires 90d
  $ catalog centre token create --db centre.sqlite --provider admin --admin --format json`,
  'centre token list': `
示例：
  $ catalog centre token list --db centre.sqlite`,
  'centre token revoke': `
示例：
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite --format json
退出码：0 已吊销，1 没有此编号的有效令牌，2 用法错误，3 无法连接 PostgreSQL。`,
  'centre migrate': `
示例：
  $ catalog centre migrate --from centre.sqlite --to postgres://catalog@127.0.0.1:5432/centre
在一个事务中复制每张表，逐行比较（记录按内容哈希），全部一致才提交；
再次运行不复制任何内容，只重新核对。
退出码：0 已迁移并核对，1 核对失败（已回滚），2 用法错误，3 无法连接 PostgreSQL 或 PostgreSQL 出错。`,
  'centre join': `
示例：
  $ catalog centre join http://city.example:8080 --db district.sqlite --token cat_…
  $ catalog centre join http://city.example:8080 --db district.sqlite --token cat_… --url http://district.example:8080
退出码：0 已加入，1 上级拒绝（形成环路、层级或行政区划不符、用了部门令牌），
2 用法错误，3 无法连接上级（或上级无法连接本中心）。`,
  'centre source': `
示例：
  $ catalog centre source add http://vendor.example/oai --every 1h --db city.sqlite
  $ catalog centre source list --db city.sqlite
  $ catalog centre source remove http://vendor.example --db city.sqlite`,
  'centre source remove': `
退出码：0 已移除，1 没有此来源，2 用法错误，3 无法连接 PostgreSQL。`,
  'centre sources': `
示例：
  $ catalog centre sources --db centre.sqlite
  $ catalog centre sources --db centre.sqlite --format html -o sources.html --lang zh
目录中心在 GET /api/v1/reports/sources 提供同样的报告，页面在 /reports/sources。
退出码：0 已写出，2 用法错误，3 无法连接 PostgreSQL。`,
  'centre authority': `
示例：
  $ catalog centre authority set 统一社会信用代码 --provider 11330100002482170H --db centre.sqlite
  $ catalog centre authority remove uscc --db centre.sqlite`,
  'centre authority set': `
示例：
  $ catalog centre authority set 统一社会信用代码 --provider 11330100002482170H --db centre.sqlite
退出码：0 已指定，2 用法错误（未知的数据元），3 无法连接 PostgreSQL。`,
  'centre authority remove': `
示例：
  $ catalog centre authority remove uscc --db centre.sqlite
退出码：0 已取消（或本来就没有），2 用法错误（未知的数据元），3 无法连接 PostgreSQL。`,
  'centre harvest': `
示例：
  $ catalog centre harvest http://127.0.0.1:8080 --db city.sqlite
  $ catalog centre harvest http://district.example/oai --db city.sqlite --set provider:11330100002482170H --format json
  $ catalog centre harvest http://district.example --db city.sqlite --max-response 16777216 --read-timeout 30
每一页全部检查通过后在一个事务中保存；只有整个列表都保存后才移动记住的时间戳，
所以失败的运行只需重新运行（已保存的页面原样返回）。
退出码：0 完成，2 用法错误，3 源目录中心出错、行为异常或无法连接。`,
};
