#!/usr/bin/env node
// Writes templates/samples/: the bundled sample department data used by `catalog demo`, the tutorial and tests.
// The department (示例区人力资源和社会保障局) is fictional; its 统一社会信用代码 is made up but checksum-valid
// (GB 32100 mod-31 check character; embedded 组织机构代码 with a valid GB 11714 check digit). The division code
// 330106 is a real GB/T 2260 county code used as a placeholder.
// Run after `npm run build`: node templates/samples/make-samples.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { guide2017Sheets } from '../../dist/mapping/blank.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'templates', 'samples');

const DEPT = '示例区人力资源和社会保障局';
const CODE = '11330106MB1F628054';
const BAD_CODE = '11330106MB1F628055'; // wrong check character (should be 4)

const COND = '仅限政府部门履行法定职责使用，需经本局审核同意';
// [类, 项, 目, 名称, 顺序码, 摘要, 格式分类, 格式类型, 共享类型, 共享条件/依据, 共享方式, 开放, 开放条件, 更新周期, 发布日期, items]
const R = [
  ['3', '01', '001', '就业登记信息', '00001', '辖区内劳动者就业登记、变更和注销登记记录，包括就业单位、就业形式和登记日期。', '数据库', 'oracle', '有条件共享', COND, '共享平台方式', '否', '', '每月', '2024-03-01',
    [['姓名', '字符型', '50'], ['公民身份号码', '字符型', '18', 'sfzh'], ['就业单位名称', '字符型', '200'], ['就业形式', '字符型', '20'], ['就业登记日期', '日期型', '8']]],
  ['3', '01', '001', '失业登记信息', '00002', '失业人员登记、失业保险金申领资格及再就业援助记录。', '数据库', 'oracle', '有条件共享', COND, '共享平台方式', '否', '', '每月', '2024-03-01',
    [['姓名', '字符型', '50'], ['公民身份号码', '字符型', '18', 'sfzh'], ['失业登记日期', '日期型', '8'], ['失业原因', '字符型', '100']]],
  ['3', '01', '002', '社会保险参保登记信息', '00003', '用人单位和个人参加养老、失业、工伤保险的登记信息及参保状态。', '数据库', 'oracle', '有条件共享', '用于社会保障、税务征收等业务核验，按需申请', '共享平台方式', '否', '', '实时', '2024-01-15',
    [['单位名称', '字符型', '200'], ['统一社会信用代码', '字符型', '18', 'tyshxydm'], ['参保人数', '整型', '8'], ['参保险种', '字符型', '50'], ['参保状态', '字符型', '10']]],
  ['3', '01', '002', '养老保险待遇发放信息', '00004', '城乡居民基本养老保险待遇核定及按月发放记录。', '数据库', 'oracle', '有条件共享', COND, '共享平台方式', '否', '', '每月', '2024-01-15',
    [['姓名', '字符型', '50'], ['公民身份号码', '字符型', '18'], ['待遇类别', '字符型', '20'], ['发放金额', '数值型', '10,2'], ['发放年月', '字符型', '6']]],
  ['3', '01', '003', '工伤认定信息', '00005', '工伤认定申请受理、认定结论及劳动能力鉴定结果。', '数据库', 'mysql', '有条件共享', '仅限医疗保障、卫生健康部门核验工伤待遇使用', '共享平台方式', '否', '', '每日', '2024-02-20',
    [['受伤职工姓名', '字符型', '50'], ['用人单位名称', '字符型', '200'], ['事故发生日期', '日期型', '8'], ['认定结论', '字符型', '20']]],
  ['3', '02', '001', '劳动保障监察案件信息', '00006', '劳动保障监察立案、调查、处理及结案信息。', '电子表格', 'xlsx', '有条件共享', '仅限市场监管、税务部门开展联合惩戒使用', '介质方式', '否', '', '每周', '2023-11-30',
    [['案件编号', '字符型', '30'], ['被检查单位', '字符型', '200'], ['违法事实', '备注型', '4000'], ['处理结果', '字符型', '200'], ['结案日期', '日期型', '8']]],
  ['3', '02', '002', '劳动人事争议仲裁案件信息', '00007', '劳动人事争议仲裁申请、受理、调解和裁决情况。', '数据库', 'mysql', '不予共享', '涉及当事人个人隐私，依法不予共享', '', '否', '', '每日', '2023-11-30',
    [['案号', '字符型', '30'], ['申请人', '字符型', '50'], ['被申请人', '字符型', '200'], ['争议类型', '字符型', '50'], ['结案方式', '字符型', '20']]],
  ['3', '03', '001', '职业技能培训机构名录', '00008', '经备案的民办职业技能培训机构名称、地址、培训工种和联系方式。', '电子表格', 'xlsx', '无条件共享', '', '共享平台方式', '是', '无条件开放', '每季度', '2024-04-10',
    [['机构名称', '字符型', '200'], ['机构地址', '字符型', '200'], ['培训工种', '字符型', '200'], ['联系电话', '字符型', '20']]],
  ['3', '03', '002', '人力资源服务机构名录', '00009', '取得人力资源服务许可或备案的机构名录及服务范围。', '电子表格', 'xlsx', '无条件共享', '', '共享平台方式', '是', '无条件开放', '每季度', '2024-04-10',
    [['机构名称', '字符型', '200'], ['统一社会信用代码', '字符型', '18'], ['许可证编号', '字符型', '30'], ['服务范围', '字符型', '500']]],
  ['3', '03', '003', '职业技能等级证书信息', '00010', '职业技能等级认定结果及证书核发信息。', '数据库', 'oracle', '有条件共享', '用于人才引进、就业补贴等业务核验', '共享平台方式', '否', '', '每月', '2024-05-06',
    [['姓名', '字符型', '50'], ['证书编号', '字符型', '30'], ['职业（工种）', '字符型', '100'], ['技能等级', '字符型', '10'], ['发证日期', '日期型', '8']]],
  ['3', '04', '001', '创业担保贷款贴息信息', '00011', '创业担保贷款申请、审核及财政贴息拨付信息。', '电子表格', 'xlsx', '有条件共享', '仅限财政、金融监管部门使用', '共享平台方式', '否', '', '每季度', '2024-06-18',
    [['借款人姓名', '字符型', '50'], ['贷款金额', '货币型', '12,2'], ['贴息金额', '货币型', '12,2'], ['贴息年度', '字符型', '4']]],
  ['3', '04', '002', '公益性岗位安置信息', '00012', '就业困难人员公益性岗位安置、岗位补贴及社会保险补贴发放信息。', '电子表格', 'xlsx', '有条件共享', COND, '共享平台方式', '否', '', '每月', '2024-06-18',
    [['姓名', '字符型', '50'], ['岗位名称', '字符型', '100'], ['安置日期', '日期型', '8'], ['补贴金额', '货币型', '10,2']]],
  ['3', '05', '001', '事业单位公开招聘公告', '00013', '区属事业单位公开招聘公告、岗位表和拟聘用人员公示。', '电子文件', 'pdf', '无条件共享', '', '共享平台方式', '是', '无条件开放', '实时', '2024-07-01', []],
  ['3', '05', '002', '最低工资标准', '00014', '本区执行的月最低工资标准和非全日制用工小时最低工资标准。', '电子文件', 'html', '无条件共享', '', '共享平台方式', '是', '无条件开放', '每年', '2024-01-02', []],
  ['3', '05', '003', '人力资源和社会保障政策文件', '00015', '本局制发的规范性文件、政策解读及废止目录。', '电子文件', 'html', '无条件共享', '', '共享平台方式', '是', '无条件开放', '每月', '2024-07-01', []],
];

const SEQ = 4;
const rowOf = (r, bad) => {
  const [cls, item, heading, title, seq, abstract, fmt, ftype, share, cond, method, open, openCond, cycle, date] = r;
  const code = `${cls}${item}${heading}/${seq}`;
  let providerCode = CODE;
  let condition = share === '有条件共享' ? cond : '';
  const basis = share === '不予共享' ? cond : '';
  let updateCycle = cycle;
  let published = new Date(`${date}T00:00:00Z`);
  if (bad) {
    if (seq === '00003') providerCode = BAD_CODE;          // bad 统一社会信用代码 check character
    if (seq === '00005') condition = '';                   // 有条件共享 without 共享条件
    if (seq === '00008') updateCycle = '每季渡';            // typo for 每季度 (IME slip 度→渡)
    if (seq === '00011') published = '2024-02-30';         // no such date
  }
  return [cls, item, heading, '', title, code, DEPT, providerCode, abstract, fmt, ftype, '', share, condition, basis, method, open, openCond, updateCycle, published, ''];
};

function workbook(bad) {
  const [main, items] = guide2017Sheets();
  const wb = XLSX.utils.book_new();
  const aoa = [main.columns.map((c) => c.instruction), main.columns.map((c) => c.header), ...R.map((r) => rowOf(r, bad))];
  const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true, dateNF: 'yyyy-mm-dd' });
  ws['!cols'] = main.columns.map((c) => ({ wch: c.width ?? 14 }));
  XLSX.utils.book_append_sheet(wb, ws, main.name);
  const itemRows = [];
  for (const r of R) for (const [name, type, len, en] of r[SEQ + 11]) itemRows.push([`${r[0]}${r[1]}${r[2]}/${r[SEQ]}`, name, type, len, en ?? '', '']);
  const ws2 = XLSX.utils.aoa_to_sheet([items.columns.map((c) => c.instruction), items.columns.map((c) => c.header), ...itemRows]);
  ws2['!cols'] = items.columns.map((c) => ({ wch: c.width ?? 14 }));
  XLSX.utils.book_append_sheet(wb, ws2, items.name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
}

const csvCell = (v) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
// The CSV holds the main sheet only (a CSV has no second sheet for 信息项).
function csv(bad) {
  const [main] = guide2017Sheets();
  const rows = [main.columns.map((c) => c.instruction), main.columns.map((c) => c.header), ...R.map((r) => rowOf(r, bad))];
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'hrss-catalog-errors.xlsx'), workbook(true));
fs.writeFileSync(path.join(out, 'hrss-catalog.xlsx'), workbook(false));
fs.writeFileSync(path.join(out, 'hrss-catalog.csv'), csv(false));
console.log(`wrote ${R.length} resources to ${path.relative(root, out)}/`);
