// Generators for synthetic department catalogues (project-made, not real data). Written to bench/out/ (git-ignored).
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Zip, ZipDeflate, strToU8 } from 'fflate';

export const HEADERS = ['类', '项', '目', '细目', '信息资源名称', '信息资源代码', '信息资源提供方', '信息资源提供方代码', '信息资源摘要', '格式分类', '格式类型', '格式说明', '共享类型', '共享条件', '不予共享依据', '共享方式', '是否向社会开放', '开放条件', '更新周期', '发布日期', '关联资源代码'];
const SUBJECTS = ['企业登记注册', '行政处罚决定', '社会保险缴纳', '不动产登记', '食品经营许可', '道路运输许可', '医疗机构执业', '建设工程规划', '环境监测数据', '公共资源交易'];
const CYCLES = ['每日', '每月', '每季度', '每年', '不定期', '实时'];

/** One synthetic compilation-sheet row (guide2017 columns); every row is valid and has a unique 信息资源代码. */
export function row(i) {
  const heading = String(Math.floor(i / 100000) + 1).padStart(3, '0');
  const seq = String(i % 100000).padStart(5, '0');
  const subject = SUBJECTS[i % SUBJECTS.length];
  const shared = i % 3;
  return [
    '3', '01', heading, '', `${subject}信息（第${i}号）`, `301${heading}/${seq}`, '某市市场监督管理局', '11330100002482170H',
    `全市${subject}的设立、变更、注销信息，第${i}条。`, '电子文件', 'pdf', '',
    shared === 0 ? '无条件共享' : shared === 1 ? '有条件共享' : '不予共享',
    shared === 1 ? '仅限政务部门履职使用' : '', shared === 2 ? '《中华人民共和国保守国家秘密法》' : '', shared === 2 ? '' : '共享平台方式',
    i % 2 ? '是' : '否', i % 2 ? '脱敏后开放' : '', CYCLES[i % CYCLES.length], '2024-03-01', '',
  ];
}

const csvCell = (v) => (/[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
const INSTRUCTIONS = '说明：本表为基准测试生成的合成数据（project-made synthetic data）';

async function writeLines(out, rows, line) {
  const CHUNK = 2000;
  for (let i = 0; i < rows; i += CHUNK) {
    let s = '';
    for (let j = i; j < Math.min(rows, i + CHUNK); j++) s += line(j);
    if (!out.write(s)) await once(out, 'drain');
  }
}

/** CSV in the compilation-sheet layout (instructions row, header row 2). encoding 'gb18030' pipes through iconv. */
export async function generateCsv(file, rows, encoding = 'utf-8') {
  const fileOut = fs.createWriteStream(file);
  const closed = once(fileOut, 'close');
  let out = fileOut;
  let child;
  if (encoding !== 'utf-8') {
    child = spawn('iconv', ['-f', 'UTF-8', '-t', encoding.toUpperCase()], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.pipe(fileOut);
    out = child.stdin;
  }
  out.write(INSTRUCTIONS + '\n' + HEADERS.join(',') + '\n');
  await writeLines(out, rows, (i) => row(i).map(csvCell).join(',') + '\n');
  out.end();
  if (child) {
    const code = child.exitCode ?? (await once(child, 'close'))[0];
    if (code !== 0) throw new Error(`iconv exited ${code}`);
  }
  await closed;
}

const xmlEsc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const colName = (c) => { let s = ''; c++; while (c) { const m = (c - 1) % 26; s = String.fromCharCode(65 + m) + s; c = Math.floor((c - 1) / 26); } return s; };

/** A minimal .xlsx (inline strings) with sheet 目录编制表: instructions row, header row 2, then rows. Streamed through fflate. */
export async function generateXlsx(file, rows) {
  const out = fs.createWriteStream(file);
  const zip = new Zip((err, chunk, final) => {
    if (err) throw err;
    out.write(chunk);
    if (final) out.end();
  });
  const add = (name, text) => { const f = new ZipDeflate(name, { level: 1 }); zip.add(f); f.push(strToU8(text), true); };
  add('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  add('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  add('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="目录编制表" sheetId="1" r:id="rId1"/></sheets></workbook>');
  add('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 });
  zip.add(sheet);
  const rowXml = (r, cells) => `<row r="${r}">` + cells.map((v, c) => (v === '' ? '' : `<c r="${colName(c)}${r}" t="inlineStr"><is><t>${xmlEsc(v)}</t></is></c>`)).join('') + '</row>';
  sheet.push(strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rowXml(1, [INSTRUCTIONS]) + rowXml(2, HEADERS)));
  const CHUNK = 2000;
  for (let i = 0; i < rows; i += CHUNK) {
    let s = '';
    for (let j = i; j < Math.min(rows, i + CHUNK); j++) s += rowXml(j + 3, row(j));
    sheet.push(strToU8(s));
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.push(strToU8('</sheetData></worksheet>'), true);
  zip.end();
  await once(out, 'close');
}

/** XML: <目录><资源>…</资源>…</目录>, one child element per compilation-sheet column. */
export async function generateXml(file, records) {
  const out = fs.createWriteStream(file);
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<目录>\n');
  await writeLines(out, records, (i) => '<资源>' + row(i).map((v, c) => `<${HEADERS[c]}>${xmlEsc(v)}</${HEADERS[c]}>`).join('') + '</资源>\n');
  out.end('</目录>\n');
  await once(out, 'close');
}
