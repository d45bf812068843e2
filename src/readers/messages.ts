import type { MessageTable } from '../i18n/table.js';

/** What each kind of non-spreadsheet file is called (readers/magic.ts). */
const OTHER_KINDS: Record<string, { zh: string; en: string }> = {
  pdf: { zh: 'PDF 文档', en: 'a PDF document' },
  docx: { zh: 'Word 文档（.docx）', en: 'a Word document (.docx)' },
  doc: { zh: 'Word 文档（.doc）', en: 'a Word document (.doc)' },
  pptx: { zh: 'PowerPoint 演示文稿（.pptx）', en: 'a PowerPoint presentation (.pptx)' },
  ppt: { zh: 'PowerPoint 演示文稿（.ppt）', en: 'a PowerPoint presentation (.ppt)' },
  odt: { zh: 'OpenDocument 文本或演示文稿', en: 'an OpenDocument text or presentation' },
  ofd: { zh: 'OFD 版式文档', en: 'an OFD document' },
  zip: { zh: 'ZIP 压缩包', en: 'a ZIP archive' },
  gzip: { zh: 'gzip 压缩文件', en: 'a gzip-compressed file' },
  '7z': { zh: '7z 压缩包', en: 'a 7z archive' },
  rar: { zh: 'RAR 压缩包', en: 'a RAR archive' },
  png: { zh: 'PNG 图片', en: 'a PNG image' },
  jpeg: { zh: 'JPEG 图片', en: 'a JPEG image' },
  gif: { zh: 'GIF 图片', en: 'a GIF image' },
  bmp: { zh: 'BMP 图片', en: 'a BMP image' },
  tiff: { zh: 'TIFF 图片（可能是扫描件）', en: 'a TIFF image (perhaps a scan)' },
  webp: { zh: 'WebP 图片', en: 'a WebP image' },
  binary: { zh: '二进制文件（不是文本，也不是已知的表格格式）', en: 'a binary file (neither text nor a known spreadsheet format)' },
};
const ARCHIVES = new Set(['zip', 'gzip', '7z', 'rar']);
/** not-a-spreadsheet-<kind>: one message per kind, built from the names above (data, computed once). */
const NOT_A_SPREADSHEET = Object.fromEntries(Object.entries(OTHER_KINDS).map(([kind, name]) => [`not-a-spreadsheet-${kind}`, ARCHIVES.has(kind)
  ? { zh: `{file} 是${name.zh}，不是电子表格。请先解压，再逐个处理其中的 .xlsx、.xls 或 .csv 文件`, en: `{file} is ${name.en}, not a spreadsheet. Unpack it first, then give the .xlsx, .xls or .csv files inside` }
  : { zh: `{file} 是${name.zh}，不是电子表格。请用原来的程序把表格导出或另存为 .xlsx 或 .csv 后再试`, en: `{file} is ${name.en}, not a spreadsheet. Export or save the table as .xlsx or .csv from the program that made it, then try again` }])) as Record<`not-a-spreadsheet-${string}`, { zh: string; en: string }>;

/**
 * Messages for every ReadError code (see row.ts). Each says what is wrong and what to do.
 *
 */
export const messages = {
  'read-file-not-found': { zh: '找不到文件：{file}（请检查路径）', en: 'file not found: {file} (check the path)' },
  'read-not-a-file': { zh: '{file} 不是普通文件（请给出一个文件，而不是目录）', en: '{file} is not a regular file (give a file, not a directory)' },
  'read-empty-file': { zh: '{file} 是空文件，没有可读取的内容', en: '{file} is empty: nothing to read' },
  'encoding-uncertain': {
    zh: '{file}：无法确定文字编码（可能是 {candidates}）。请用 --encoding 指定，例如 --encoding gb18030 或 --encoding big5',
    en: '{file}: cannot tell the text encoding (could be {candidates}). Pass --encoding, e.g. --encoding gb18030 or --encoding big5',
  },
  'encoding-unknown': {
    zh: '不支持的编码“{encoding}”。可用：utf-8、gb18030（兼容 GBK/GB2312）、big5、utf-16le、utf-16be、latin1',
    en: 'unsupported encoding "{encoding}". Use utf-8, gb18030 (covers GBK/GB2312), big5, utf-16le, utf-16be or latin1',
  },
  'encoding-invalid-bytes': {
    zh: '{file} 第 {line} 行：内容不是有效的 {encoding} 编码。请用 --encoding 指定正确的编码（如 gb18030、big5、utf-8）',
    en: '{file} line {line}: bytes are not valid {encoding}. Pass the right --encoding (e.g. gb18030, big5, utf-8)',
  },
  'encoding-replacement-char': {
    zh: '{file} 第 {line} 行：解码后出现替换字符“\uFFFD”，文字已损坏或编码不对。请用 --encoding 指定正确的编码，或向数据提供方索取原始文件',
    en: '{file} line {line}: decoded text contains the replacement character U+FFFD: the text is damaged or the encoding is wrong. Pass the right --encoding or ask the provider for the original file',
  },
  'csv-parse-error': {
    zh: '{file} 第 {line} 行：CSV 无法解析（{detail}）。请检查引号是否成对，或用 --delimiter 指定分隔符',
    en: '{file} line {line}: cannot parse CSV ({detail}). Check that quotes are balanced, or pass --delimiter',
  },
  'sheet-not-found': {
    zh: '{file}：找不到工作表“{sheet}”。可用的工作表：{available}',
    en: '{file}: no sheet "{sheet}". Sheets in this workbook: {available}',
  },
  'header-row-out-of-range': {
    zh: '{file} 工作表“{sheet}”：表头行 {headerRow} 超出范围（共 {rows} 行）',
    en: '{file} sheet "{sheet}": header row {headerRow} is out of range (the sheet has {rows} rows)',
  },
  'workbook-encrypted': {
    zh: '{file} 有密码保护，无法读取。请在 Excel 中去掉密码（文件 → 信息 → 保护工作簿）后另存再试',
    en: '{file} is password-protected and cannot be read. Remove the password in Excel (File → Info → Protect Workbook), save, and try again',
  },
  'workbook-unreadable': {
    zh: '{file} 不是可读取的 Excel 工作簿（{detail}）。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试',
    en: '{file} is not a readable Excel workbook ({detail}). Open it in Excel or WPS, save it as .xlsx and try again',
  },
  'workbook-damaged': {
    zh: '工作簿已损坏：{file} 中的部件 {part} 无法读取（{detail}）。文件可能在传输或保存时损坏，请向提供方索取原文件，或在 Excel/WPS 中打开修复后另存为 .xlsx',
    en: 'the workbook is damaged: {file}, part {part} cannot be read ({detail}). The file was probably damaged in transfer or saving: ask the provider for the original, or open it in Excel/WPS, let it repair, and save as .xlsx',
  },
  'html-no-table': {
    zh: '{file} 实际上是网页（HTML），其中没有表格。请从来源系统重新导出为 .xlsx 或 .csv',
    en: '{file} is really a web page (HTML) with no table in it. Export it again from the source system as .xlsx or .csv',
  },
  'xml-entity-refused': {
    zh: '{file}：XML 含有实体声明（DOCTYPE 中的 <!ENTITY>），出于安全原因拒绝读取（可能是 XXE 或“十亿笑声”攻击）。请去掉 DOCTYPE 后再试',
    en: '{file}: the XML declares entities (<!ENTITY> in its DOCTYPE); refused for safety (possible XXE or billion-laughs attack). Remove the DOCTYPE and try again',
  },
  'xml-parse-error': {
    zh: '{file} 第 {line} 行第 {column} 列：XML 无法解析（{detail}）',
    en: '{file} line {line} column {column}: invalid XML ({detail})',
  },
  'workbook-too-large': {
    zh: '{file}：工作簿解压后过大（{detail}），可能是“压缩炸弹”，出于安全原因拒绝读取。请拆分工作簿或另存为 CSV',
    en: '{file}: the workbook is too large once unzipped ({detail}), possibly a zip bomb; refused for safety. Split the workbook or save it as CSV',
  },
  'xml-too-deep': {
    zh: '{file} 第 {line} 行：XML 元素嵌套超过 {max} 层，出于安全原因拒绝读取。目录数据不需要这么深的嵌套，请检查文件',
    en: '{file} line {line}: XML elements nested more than {max} levels deep; refused for safety. Catalogue data never needs this depth: check the file',
  },
  'value-too-large': {
    zh: '{file} 第 {line} 行：一个值超过 {max} 个字符，出于安全原因拒绝读取（Excel 单元格最多 32767 个字符）。请检查文件',
    en: '{file} line {line}: a single value is longer than {max} characters; refused for safety (an Excel cell holds at most 32,767). Check the file',
  },
  'xml-no-records': {
    zh: '{file}：按记录路径“{recordPath}”没有找到任何记录。请用 --record-path 指定记录元素，例如 {suggestion}',
    en: '{file}: no records at record path "{recordPath}". Pass --record-path naming the record element, e.g. {suggestion}',
  },
  'json-invalid': {
    zh: '{file} 第 {line} 行：不是有效的 JSON 文本，无法解析',
    en: '{file} line {line}: invalid JSON ({detail})',
  },
  'json-no-array': {
    zh: '{file}：没有找到对象数组。顶层应是对象数组，或只含一个对象数组的对象（找到的数组：{arrays}）',
    en: '{file}: no array of objects found. The top level must be an array of objects, or an object holding one such array (arrays found: {arrays})',
  },
  'format-unsupported': {
    zh: '{file}：无法识别的文件格式（{detail}）。支持 CSV/TSV、XLSX、XLS、XML、JSON/JSONL',
    en: '{file}: unrecognised file format ({detail}). Supported: CSV/TSV, XLSX, XLS, XML, JSON/JSONL',
  },
  // row-level warnings (SourceRow.warnings)
  'ragged-row': {
    zh: '{file} 第 {line} 行：有 {actual} 个单元格，表头有 {expected} 列',
    en: '{file} line {line}: {actual} cells but the header has {expected} columns',
  },
  ...NOT_A_SPREADSHEET,
} satisfies MessageTable;
