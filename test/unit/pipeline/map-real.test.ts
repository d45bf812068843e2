import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadTemplate } from '../../../src/pipeline/load-template.js';
import { mapToArray } from '../../../src/pipeline/map-sources.js';
import { guessTemplate } from '../../../src/pipeline/guess.js';
import { validateRecord } from '../../../src/validate/records.js';
import { ReadError } from '../../../src/readers/row.js';
import { type CatalogRecord } from '../../../src/model/record.js';
import { ROOT, fixture } from '../../helpers/cli.js';

const real = (f: string) => fixture('real', f);
const tpl = (f: string) => loadTemplate(path.join(ROOT, 'templates', f));
const config = { department: { name: '上海市松江区某局', code: '11310117MB0000000X', division: '310117' } };

describe('Songjiang form-style sheets (templates/songjiang-form.json)', () => {
  it('the filled upload maps to one record with its 信息项, every value pointing at its cell', async () => {
    const { records, report } = await mapToArray([real('songjiang_zyml_filled_test_upload.xls')], tpl('songjiang-form.json'), { config });
    expect(report).toMatchObject({ rows: 1, records: 1, rejected: 0, blank: 0 });
    const r = records[0];
    expect(r).toMatchObject({
      title: '测试目录模板上传', abstract: '测试摘要', keywords: ['无关键字'], updateCycle: '每年', openness: { open: true, type: '无条件开放' },
      provider: { name: config.department.name, code: config.department.code }, division: '310117',
    });
    expect(r.items).toEqual([
      { name: '资源名称1', englishName: 'col1', dataType: 'N', description: '11' },
      { name: '资源名称2', englishName: 'col2', dataType: 'C', description: '22' },
      { name: '资源名称3', englishName: 'col3', dataType: 'D', description: '33' },
    ]);
    // Nothing lost: the other form cells and the per-item sharing columns are kept.
    expect(r.extensions).toMatchObject({ 信息系统名称: '测试系统名称', 提供科室: '技术推进科', 业务联系人: '张三', 联系电话: 33333, '联系电话 (2)': 6666, 数据库表名: 'T_YWX2234' });
    expect((r.extensions as any).items[2]).toEqual({ 共享属性: '不共享', 公开属性: '普遍公开' });
    expect(r.provenance).toMatchObject({ file: real('songjiang_zyml_filled_test_upload.xls'), sheet: 'Sheet1', row: 2 });
    expect(Object.keys(r.extensions!)).not.toContain('资源目录编制_模版'); // the sheet's title row is not a field
    const f = r.provenance!.fields!;
    expect(f['/title']).toEqual({ sheet: 'Sheet1', row: 2, column: 'C', header: '资源目录名称' });
    expect(f['/updateCycle']).toMatchObject({ row: 11, column: 'G' });
    expect(f['/items/2/dataType']).toEqual({ sheet: 'Sheet1', row: 17, column: 'D', header: '数据类型' });
    expect(f['/extensions/数据库表名']).toMatchObject({ row: 13, column: 'G' });
  });

  it('the blank template is reported as a reject (no 资源目录名称), not dropped', async () => {
    const { records, report } = await mapToArray([real('songjiang_zyml_resource-templet.xls')], tpl('songjiang-form.json'), { config });
    expect(records).toEqual([]);
    expect(report).toMatchObject({ rows: 1, records: 0, rejected: 1 });
    expect(report.rejects[0]).toMatchObject({ code: 'map-required-missing', path: '/title', provenance: { sheet: 'Sheet1', row: 2, column: 'C' } });
  });
});

describe('Putuo multi-sheet workbook (templates/putuo-sheet-per-resource.json)', () => {
  it('maps one resource per sheet with its 信息项 from the header row', async () => {
    const { records, report } = await mapToArray([real('putuo_tbmb_czfr_multisheet.xls')], tpl('putuo-sheet-per-resource.json'), { config });
    expect(report).toMatchObject({ rows: 8, records: 8, rejected: 0 });
    expect(records.map((r) => r.title)).toEqual(['企业会计决算报表编制', '部门预算编制的审批', '行政单位国有资产管理事项审批', '会计代理记账机构执业资格审批', '行政事业单位账户设立审批', '政府采购进口产品审核', '政府采购采用公开招标以外方式的审批', '财政退库事项审批']);
    expect(records.map((r) => r.items!.length)).toEqual([17, 8, 8, 8, 11, 9, 9, 10]);
    expect(records[4].items!.map((i) => i.name)).toEqual(['入库数据名称', '统一社会信用代码', '组织机构代码', '营业执照注册号', '法人名称', '账户代码', '账户类别', '账户名称', '账号', '开户行全称', '账户到期日']);
    expect(records[4].provenance).toMatchObject({ sheet: '行政事业单位账户设立审批', row: 1 });
    expect(records[4].provenance!.fields!['/items/10/name']).toEqual({ sheet: '行政事业单位账户设立审批', row: 1, column: 'K', header: '账户到期日' });
    // The numbered rows under each header are data, not catalogue metadata: counted, not mapped.
    expect(report.ignoredDataRows).toBe(80);
  });
});

/**
 * What each target of the portals' own field mappings (field_mapping_*.json, ChinaOpenDataPortal) means, in terms
 * of the synonym table's meanings. Read from the two files: title, description, department, publish_time,
 * update_time, update_frequency, is_open, data_formats, category, industry, tags, email, url.
 */
const PORTAL_MEANING: Record<string, string> = {
  title: 'title', description: 'abstract', department: 'provider', publish_time: 'published', update_time: 'metadata-updated',
  update_frequency: 'update-cycle', is_open: 'openness', data_formats: 'format', category: 'classification', industry: 'industry',
  tags: 'keywords', email: 'contact', url: 'url',
};

describe('portal dumps with templates from --guess', () => {
  for (const [data, mapping, count] of [['portal_records_anhui_anhui.json', 'field_mapping_anhui_anhui.json', 700], ['portal_records_fujian_xiamen.json', 'field_mapping_fujian_xiamen.json', 1001]] as const) {
    it(`${data}: every field the portal maps, --guess maps to the same meaning, and the file maps`, async () => {
      const theirs = JSON.parse(fs.readFileSync(real(mapping), 'utf8')) as Record<string, string>;
      const guess = await guessTemplate(real(data));
      for (const [column, target] of Object.entries(theirs)) {
        expect(PORTAL_MEANING[target], `meaning of ${target}`).toBeDefined();
        expect({ column, meaning: guess.columns.find((c) => c.column === column)?.meaning }).toEqual({ column, meaning: PORTAL_MEANING[target] });
      }
      expect(guess.unplaced).toEqual([]);
      const source = JSON.parse(fs.readFileSync(real(data), 'utf8')) as Record<string, unknown>[];
      const { records, report } = await mapToArray([real(data)], guess.template);
      expect(report).toMatchObject({ rows: count, records: count, rejected: 0 });
      expect(report.rows).toBe(report.records + report.rejected);
      // Spot-check values against the source, field by field, through the portal's own mapping.
      const col = (target: string) => Object.entries(theirs).find(([, v]) => v === target)![0];
      records.forEach((r: CatalogRecord, i) => {
        expect(r.title).toBe(source[i][col('title')]);
        expect(r.provider.name).toBe(source[i][col('department')]);
        expect(r.provenance).toMatchObject({ row: i + 1 });
      });
    });
  }

  it('normalises portal values: update cycles by alias, Python-style format lists, openness aliases', async () => {
    const ah = await mapToArray([real('portal_records_anhui_anhui.json')], (await guessTemplate(real('portal_records_anhui_anhui.json'))).template);
    expect(ah.records[0]).toMatchObject({ updateCycle: '每年', format: { type: 'api', category: '服务接口' }, openness: { type: '无条件开放' }, publishedDate: '2020-07-20' });
    expect(ah.records.find((r) => r.format?.type === 'xlsx,api')).toMatchObject({ format: { category: '电子表格' } });
    expect(ah.records.filter((r) => r.format === undefined)).toHaveLength(1); // the one "[]"
    expect(ah.report.warnings.filter((w) => w.path === '/format/category')).toEqual([]);
    // "自定义" is no 更新周期: kept as is and reported, never silently changed.
    const miss = ah.report.warnings.filter((w) => w.code === 'map-codelist-miss' && w.path === '/updateCycle');
    expect(miss.map((w) => w.value)).toEqual(['自定义']);
    const xm = await mapToArray([real('portal_records_fujian_xiamen.json')], (await guessTemplate(real('portal_records_fujian_xiamen.json'))).template);
    expect(xm.records.filter((r) => r.openness?.type === '有条件开放')).toHaveLength(316); // 依申请开放 is an alias
    expect(xm.records[0]).toMatchObject({ classifications: [{ name: '气象服务', scheme: '主题分类' }, { name: '水利、环境和公共设施管理业', scheme: '行业分类' }], keywords: ['水利、环境和公共设施管理业', '气象服务'] });
  });
});

describe('--guess on traditional-script headers (Yilan, Big5)', () => {
  it('places 資料集名稱/資料來源/資料說明 like their simplified synonyms', async () => {
    const g = await guessTemplate(real('yilan_catalogue_2018-03-20_big5.csv'));
    const by = Object.fromEntries(g.columns.map((c) => [c.column, c.meaning]));
    expect(by).toMatchObject({ 資料集名稱: 'title', 資料來源: 'provider', 資料說明: 'abstract', 聯絡人: 'contact' });
    expect(g.unplaced).toEqual(['聯絡電話']); // the contact field is already taken by 聯絡人
    const { records, report } = await mapToArray([real('yilan_catalogue_2018-03-20_big5.csv')], g.template);
    expect(report.rows).toBe(report.records + report.rejected);
    expect(records.length).toBeGreaterThan(300);
    for (const r of records) expect(JSON.stringify(r)).not.toContain('\uFFFD');
    expect(records[0].extensions).toHaveProperty('聯絡電話');
  });
});

describe('rows = records + rejected for every real fixture', () => {
  const files = fs.readdirSync(fixture('real')).filter((f) => !f.startsWith('field_mapping_'));
  it.each(files)('%s', async (f) => {
    let template;
    try {
      template = (await guessTemplate(real(f))).template;
    } catch (err) {
      // A file the readers refuse (with a message) has no rows to account for.
      expect(err).toBeInstanceOf(ReadError);
      return;
    }
    const { records, report } = await mapToArray([real(f)], template, { config });
    expect(report.rows).toBe(report.records + report.rejected);
    expect(records).toHaveLength(report.records);
    expect(report.rejects).toHaveLength(report.rejected);
    for (const r of report.rejects) expect(r.provenance).toMatchObject({ file: real(f) });
  });
});

describe('validating mapped records points at the source cell', () => {
  it('issues of a Songjiang record carry sheet/row/column from provenance.fields', async () => {
    const { records } = await mapToArray([real('songjiang_zyml_filled_test_upload.xls')], tpl('songjiang-form.json'), { config });
    const issues = validateRecord(records[0], { profile: 'guide2017' });
    expect(issues.length).toBeGreaterThan(0);
    const title = validateRecord({ ...records[0], title: '' }, { profile: 'guide2017' }).find((i) => i.path === '/title');
    expect(title?.provenance).toMatchObject({ file: real('songjiang_zyml_filled_test_upload.xls'), sheet: 'Sheet1', row: 2, column: 'C' });
  });
});
