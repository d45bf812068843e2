/**
 * Writes department sheets laid out the way bureaus really send them (issue 16): a title row, a 填报单位/填报日期
 * row, two-level merged headers (信息资源分类 over 类/项/目/细目, 资源格式 over 格式分类/格式类型/格式说明, 共享 over
 * 共享属性/共享条件/不予共享依据/共享方式, 开放 over 是否开放/开放条件), blank rows between groups, values as people
 * type them (有条件, 共享平台, 每季, 2024.3.1, 2024/4/15, 2024年3月5日, real Excel dates) and a merged
 * 填表人/联系电话/审核人 footer with a 注 line. The department is fictional; its 统一社会信用代码 is checksum-valid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';

export const DEPT = '示例区市场监督管理局';
export const DEPT_CODE = '11330106MB1F628054';

/** The leaf headers under their parents, left to right (parent '' = a header merged down over both rows). */
export const COLUMNS: [parent: string, child: string][] = [
  ['', '序号'],
  ['信息资源分类', '类'], ['信息资源分类', '项'], ['信息资源分类', '目'], ['信息资源分类', '细目'],
  ['', '信息资源名称'], ['', '信息资源代码'], ['', '信息资源提供方'], ['', '信息资源提供方代码'], ['', '信息资源摘要'],
  ['资源格式', '格式分类'], ['资源格式', '格式类型'], ['资源格式', '格式说明'],
  ['共享', '共享属性'], ['共享', '共享条件'], ['共享', '不予共享依据'], ['共享', '共享方式'],
  ['开放', '是否开放'], ['开放', '开放条件'],
  ['', '更新周期'], ['', '发布日期'], ['', '关联资源代码'],
];

/** A date cell as Excel stores it: a serial number with a date format. */
export const excelDate = (iso: string) => ({ t: 'n', v: (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86400000, z: 'yyyy-mm-dd' });

type Cell = string | number | { t: string; v: number; z: string };
/** [类, 项, 目, 名称, 顺序码, 摘要, 格式分类, 格式类型, 共享属性, 共享条件/依据, 共享方式, 是否开放, 开放条件, 更新周期, 发布日期] */
export const RESOURCES: Cell[][] = [
  ['3', '01', '001', '市场主体登记信息', '00001', '辖区内各类市场主体设立、变更、注销登记信息。', '数据库', 'oracle', '有条件', '仅限政府部门履职使用', '共享平台', '否', '', '每月', '2024.3.1'],
  ['3', '01', '001', '个体工商户名录', '00002', '个体工商户名称、经营者、经营场所及经营范围。', '电子表格', 'xlsx', '无条件共享', '', '共享平台方式', '是', '无条件开放', '每季', '2024/4/15'],
  ['3', '01', '002', '食品经营许可信息', '00003', '食品经营许可证核发、变更、延续及注销信息。', '数据库', 'mysql', '有条件共享', '用于食品安全监管协同', '共享平台', '是', '有条件开放', '每周', '2024年3月5日'],
  ['3', '02', '001', '行政处罚案件信息', '00004', '市场监管领域行政处罚决定书及执行情况。', '电子文件', 'pdf', '不予共享', '涉及商业秘密，依法不予共享', '', '否', '', '每日', excelDate('2024-01-15')],
  ['3', '02', '002', '特种设备使用登记信息', '00005', '电梯、锅炉等特种设备使用登记及定期检验信息。', '数据库', 'oracle', '有条件', '仅限应急管理部门使用', '共享平台', 'N', '', '每月', excelDate('2023-11-30')],
];

export interface SheetOptions {
  /** Leave out the footer rows. */
  noFooter?: boolean;
  /** Only the header, no data rows. */
  headerOnly?: boolean;
  /** Replace the 发布日期 of the first resource (e.g. an impossible date). */
  firstDate?: Cell;
  /** Add an 信息项 sheet keyed by 信息资源代码. */
  items?: boolean;
  /** A third header level: one more parent row above (目录信息 over everything). */
  threeLevels?: boolean;
}

/** The workbook's cells and merges as an array of arrays (1-based rows for the caller's expectations). */
export function deptSheet(o: SheetOptions = {}): { ws: XLSX.WorkSheet; headerRows: number[]; dataRows: number[]; footerRows: number[] } {
  const width = COLUMNS.length;
  const aoa: Cell[][] = [];
  const merges: XLSX.Range[] = [];
  const row = (cells: Cell[]) => aoa.push([...cells, ...new Array(Math.max(0, width - cells.length)).fill('')]);
  row([`${DEPT}政务信息资源目录（2024年）`]);
  merges.push({ s: { r: 0, c: 0 }, e: { r: 0, c: width - 1 } });
  row([`填报单位（盖章）：${DEPT}`, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '填报日期：2024年6月1日']);
  merges.push({ s: { r: 1, c: 0 }, e: { r: 1, c: 9 } }, { s: { r: 1, c: 18 }, e: { r: 1, c: width - 1 } });
  const headerRows: number[] = [];
  if (o.threeLevels) {
    row(['目录信息']);
    merges.push({ s: { r: aoa.length - 1, c: 0 }, e: { r: aoa.length - 1, c: width - 1 } });
    headerRows.push(aoa.length);
  }
  const top = aoa.length;
  row(COLUMNS.map(([p, c]) => p || c));
  row(COLUMNS.map(([p, c]) => (p ? c : '')));
  headerRows.push(top + 1, top + 2);
  for (let c = 0; c < width;) {
    const [p] = COLUMNS[c];
    if (!p) {
      merges.push({ s: { r: top, c }, e: { r: top + 1, c } });
      c++;
      continue;
    }
    let e = c;
    while (e + 1 < width && COLUMNS[e + 1][0] === p) e++;
    merges.push({ s: { r: top, c }, e: { r: top, c: e } });
    // the parent text only in the first cell of its span, as Excel stores merges
    for (let k = c + 1; k <= e; k++) aoa[top][k] = '';
    c = e + 1;
  }
  const dataRows: number[] = [];
  if (!o.headerOnly) {
    RESOURCES.forEach((r, i) => {
      if (i === 3) row([]); // a blank row between groups
      const [cls, item, heading, title, seq, abstract, fcat, ftype, share, cond, method, open, openCond, cycle, date] = r;
      const basis = share === '不予共享' ? cond : '';
      const condition = share === '不予共享' ? '' : cond;
      row([i + 1, cls, item, heading, '', title, `${cls}${item}${heading}/${seq}`, DEPT, DEPT_CODE, abstract, fcat, ftype, '', share, condition, basis, method, open, openCond, cycle,
        i === 0 && o.firstDate !== undefined ? o.firstDate : date, '']);
      dataRows.push(aoa.length);
    });
  }
  const footerRows: number[] = [];
  if (!o.noFooter) {
    row([]);
    row(['填表人：张三        联系电话：0571-87001234        审核人：李四']);
    merges.push({ s: { r: aoa.length - 1, c: 0 }, e: { r: aoa.length - 1, c: width - 1 } });
    footerRows.push(aoa.length);
    row(['注：1. 共享属性填写无条件共享、有条件共享或不予共享；2. 日期格式为年-月-日。']);
    footerRows.push(aoa.length);
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa.map((r) => r.map((c) => (typeof c === 'object' ? null : c))));
  aoa.forEach((r, ri) => r.forEach((c, ci) => {
    if (typeof c === 'object') ws[XLSX.utils.encode_cell({ r: ri, c: ci })] = c;
  }));
  ws['!merges'] = merges;
  return { ws, headerRows, dataRows, footerRows };
}

/** Write the department workbook to a temp folder; returns its path and the row numbers the tests expect. */
export function writeDeptWorkbook(dir: string, name = '目录编制表.xlsx', o: SheetOptions = {}): { file: string; headerRows: number[]; dataRows: number[]; footerRows: number[] } {
  const wb = XLSX.utils.book_new();
  const s = deptSheet(o);
  XLSX.utils.book_append_sheet(wb, s.ws, '资源目录');
  if (o.items) {
    const items = XLSX.utils.aoa_to_sheet([
      ['信息资源代码', '信息资源名称', '信息项名称', '数据类型', '数据长度'],
      ['301001/00001', '市场主体登记信息', '统一社会信用代码', '字符型', 18],
      ['301001/00001', '市场主体登记信息', '名称', '字符型', 200],
      ['301001/00002', '个体工商户名录', '经营者姓名', '字符型', 50],
    ]);
    XLSX.utils.book_append_sheet(wb, items, '信息项');
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return { file, headerRows: s.headerRows, dataRows: s.dataRows, footerRows: s.footerRows };
}

export function tempDir(prefix = 'catalog-sheets-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// `npx tsx test/helpers/dept-sheet.ts <dir>` writes the sheet the tutorial walks through (docs/tutorial.md).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const out = writeDeptWorkbook(process.argv[2] ?? '.', 'market-dept-sheet.xlsx', { items: true });
  console.log(out.file);
}
