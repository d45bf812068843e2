import type { MessageTable } from '../i18n/table.js';

/** Messages of the mapping step (rejects, warnings, template faults). */
export const messages = {
  'template-not-found': { zh: '找不到映射模板：{file}', en: 'mapping template not found: {file}' },
  'template-json': { zh: '映射模板 {file} 不是有效的 JSON：{detail}', en: 'mapping template {file} is not valid JSON: {detail}' },
  'template-invalid': { zh: '映射模板 {file} 在 {pointer} 处有误：{detail}', en: 'mapping template {file} is invalid at {pointer}: {detail}' },
  'map-required-missing': {
    zh: '缺少“{field}”：列 {columnsText} 为空或不存在，该行未生成记录。请填写后重试',
    en: '"{field}" is missing: column {columnsText} is empty or absent, so the row gave no record. Fill it in and run again',
  },
  'map-transform-failed': { zh: '“{field}”的值无法转换：{detail}', en: '"{field}" value could not be converted: {detail}' },
  'map-transform-kept': {
    zh: '“{field}”的值无法转换（{detail}），原值已保存在 extensions 中',
    en: '"{field}" value could not be converted ({detail}); the original value is kept in extensions',
  },
  'map-transform-dropped': { zh: '“{field}”的值无法转换（{detail}），已忽略', en: '"{field}" value could not be converted ({detail}) and was left out' },
  'map-codelist-miss': {
    zh: '“{field}”的值“{misses}”不在代码表 {codelist} 中，已原样保留（校验时会报错）。可在模板中用 map 转换',
    en: '"{field}" value "{misses}" is not in code list {codelist}; kept as is (validation will flag it). Add a map transform to the template',
  },
  'map-value-assumed': {
    zh: '“{field}”的值“{value}”不是代码表中的写法，已按“{suggestion}”处理（是不是这个意思？若不是，请改正该单元格）',
    en: '"{field}" value "{value}" is not how the code list writes it; read as "{suggestion}" (did you mean that? If not, correct the cell)',
  },
  'map-default-missing': {
    zh: '“{field}”为空，且工作区配置 catalog.config.json 中没有 {key} 可作默认值',
    en: '"{field}" is empty and the workspace config catalog.config.json has no {key} to use as default',
  },
  'map-item-skipped': { zh: '信息项缺少“{field}”，已跳过该行（原值保存在 extensions.items 中）', en: 'information item has no "{field}"; the row is skipped (its values are kept in extensions.items)' },
  'map-item-orphan': { zh: '信息项的资源键“{key}”没有对应的资源，未归入任何记录', en: 'information item with resource key "{key}" matches no resource and was not attached to any record' },
  'map-items-sheet-missing': { zh: '{file} 中没有信息项工作表“{sheet}”，记录将不含信息项', en: '{file} has no information-item sheet "{sheet}"; records get no items' },
  'map-no-data-rows': {
    zh: '{file}：没有数据行（表头下面是空的）。请填写数据后再试；若数据在别的工作表或别的行，请用 --sheet 或 --header-row 指定',
    en: '{file}: no data rows (nothing under the header). Fill in the rows and run again; if the data is on another sheet or below another row, pass --sheet or --header-row',
  },
  'map-header-looks-like-data': {
    zh: '{file} 的第 1 行（{names}…）看起来是数据，不是表头。若文件没有表头行，请加 --no-header（列名为 1、2、…），否则第一条记录会被当作表头',
    en: 'row 1 of {file} ({names}…) looks like data, not a header. If the file has no header row, pass --no-header (columns are then named 1, 2, …); otherwise its first record is taken as the header',
  },
  'map-read-warning': { zh: '读取该行时的提示：{note}', en: 'reader note for this row: {note}' },
  'map-read-error': { zh: '{detail}', en: '{detail}' },
  'map-summary': {
    zh: '{rows} 行：{records} 条记录，{rejected} 行被拒绝（另有 {blank} 个空行）',
    en: '{rows} rows: {records} records, {rejected} rejected ({blank} blank rows skipped)',
  },
  'guess-mapped': { zh: '{column} → {field}（{label}）', en: '{column} → {field} ({label})' },
  'guess-unplaced': { zh: '无法归类的列（将保存在 extensions 中）：{columns}', en: 'columns it could not place (kept in extensions): {columns}' },
  'guess-headerless': { zh: '提示：第 1 行看起来是数据，不是表头。若文件没有表头行，请加 --no-header 再试', en: 'hint: row 1 looks like data, not a header. If the file has no header row, run again with --no-header' },
  'guess-runner-up': { zh: '{column} 与 {other} 含义相同，已选用 {other}（{column} 保存在 extensions 中；如要用它，请改模板）', en: '{column} means the same as {other}, which was preferred ({column} is kept in extensions; edit the template to use it instead)' },
  'guess-no-columns': { zh: '没有找到任何列：文件没有表头或没有数据行。请用 catalog inspect 查看', en: 'no columns found: the file has no header or no rows. See it with catalog inspect' },
  'guess-known-catalogue': {
    zh: '{file} 是{looks}，已有导入器能按其结构读取，无需猜测映射：catalog import {file} -o records.jsonl（或 catalog map {file} --mapping templates/import/{kind}.json）',
    en: '{file} is {looks}, which an importer reads by its structure, so no mapping is guessed: catalog import {file} -o records.jsonl (or catalog map {file} --mapping templates/import/{kind}.json)',
  },
  'guess-none': { zh: '所有列均已归类', en: 'every column was placed' },
  'guess-saved': { zh: '模板已保存到 {file}，请检查后使用：catalog map {input} --mapping {file}', en: 'template saved to {file}; review it, then: catalog map {input} --mapping {file}' },
  'map-needs-mapping': { zh: '{file} 不是 .json/.jsonl 记录文件：请加 --mapping <模板.json> 先映射', en: '{file} is not a .json/.jsonl record file: pass --mapping <template.json> to map it first' },
  'map-warnings-hidden': { zh: '{n} 个警告（用 --verbose 或 --format json 查看）', en: '{n} warnings (see them with --verbose or --format json)' },
  'map-save-needs-guess': { zh: '--save-template 须与 --guess 一起使用', en: '--save-template needs --guess' },
  'map-no-template': { zh: '没有映射模板：请用 --mapping <模板.json> 指定（或先用 --guess 生成）', en: 'no mapping template: pass --mapping <template.json> (or try --guess)' },
  'map-output-folder-missing': { zh: '-o {file}：所在文件夹不存在', en: '-o {file}: the folder does not exist' },
  'template-written': { zh: '已生成空白编制表 {file}（{columns} 列）', en: 'wrote blank compilation sheet {file} ({columns} columns)' },
  // report/skipped.ts
  'map-skipped-rows': {
    zh: '已跳过表格下方 {count} 行表尾或注释（不是数据）：{where}。如果其中有数据，请在模板 source 中写 "footerRows": 0',
    en: 'skipped {count} rows below the table as footers or notes (not data): {where}. If one is data, set "footerRows": 0 in the template\'s source',
  },
  'map-skipped-where': { zh: '{file} 工作表“{sheet}”第 {rows} 行', en: '{file} sheet "{sheet}" rows {rows}' },
  // pipeline/header-check.ts
  'hint.header-mismatch': {
    zh: '提示：{where}第 {row} 行（表头行）没有模板中的任何列（模板要的列如 {expected}；该行是：{found}）。',
    en: 'hint: {where}row {row} (the header row) has none of the template\'s columns (it expects e.g. {expected}; that row holds: {found}).',
  },
  'hint.better-row': { zh: '第 {row} 行像是表头：加 --header-row {row} 再试。', en: 'Row {row} looks like the header: run again with --header-row {row}.' },
  'hint.better-sheet': { zh: '工作表“{sheet}”有这些列：加 --sheet {sheet} 再试。', en: 'Sheet "{sheet}" has these columns: run again with --sheet {sheet}.' },
  'hint.inspect': { zh: '用 catalog inspect {file} 查看各工作表的表头行和列。', en: 'See each sheet\'s header row and columns with: catalog inspect {file}' },
  'map-skipped-where-file': { zh: '{file} 第 {rows} 行', en: '{file} rows {rows}' },
} satisfies MessageTable;

