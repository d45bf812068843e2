import { describe, it, expect } from 'vitest';
import { findSynonym } from '../../../src/mapping/synonyms.js';
import { normaliseDate } from '../../../src/mapping/dates.js';
import { splitList } from '../../../src/mapping/lists.js';
import { parseBoolean, applyTransform, applyTransforms } from '../../../src/mapping/transforms.js';
import { setAt } from '../../../src/mapping/pointer.js';
import { parseTemplate, TemplateError, type MappingTemplate } from '../../../src/mapping/template.js';
import { mapRow } from '../../../src/mapping/map.js';
import { renderIssue } from '../../../src/i18n/render-issue.js';
import { type SourceRow } from '../../../src/readers/row.js';

const row = (values: Record<string, unknown>, r = 5, sheet = 'S1'): SourceRow => ({
  values,
  cells: Object.fromEntries(Object.keys(values).map((k, i) => [k, { sheet, row: r, column: String.fromCharCode(65 + i), header: k }])),
  provenance: { file: 'in.xlsx', sheet, row: r },
});

describe('date normalisation', () => {
  it.each([
    ['2016-8-2', '2016-08-02'], ['2016/08/02', '2016-08-02'], ['2016.8.2', '2016-08-02'], ['2016年8月2日', '2016-08-02'],
    ['20160802', '2016-08-02'], ['2016-08-02 14:20:40', '2016-08-02'], ['2016-08-02T14:20:40Z', '2016-08-02'], ['２０１６年８月２日', '2016-08-02'],
    [42584, '2016-08-02'], ['42584', '2016-08-02'], [1, '1900-01-01'],
  ])('%s → %s', (input, out) => expect(normaliseDate(input)).toBe(out));
  it.each([['2016-02-30'], ['2016-13-01'], ['20161301'], ['八月二日'], [''], ['2016'], [0], [-5], [3e7], [null], [true]])('rejects %s', (input) => expect(normaliseDate(input)).toBeUndefined());
});

describe('list splitting', () => {
  it.each([
    ['a、b、c', ['a', 'b', 'c']], ['a；b;c', ['a', 'b', 'c']], ['a,b，c', ['a', 'b', 'c']], ["['xls', 'api']", ['xls', 'api']], ['[xml,xls,csv,json]', ['xml', 'xls', 'csv', 'json']],
    ['[]', []], ['a\nb', ['a', 'b']], ['城乡建设,城乡建设,城乡建设', ['城乡建设']], ['水利、环境和公共设施管理业,气象服务', ['水利、环境和公共设施管理业', '气象服务']],
    [['x', 2], ['x', '2']], [null, []], ['single', ['single']],
  ])('%j → %j', (input, out) => expect(splitList(input)).toEqual(out));
  it('keeps duplicates when asked and honours custom separators', () => {
    expect(splitList('a/b/a', '/', false)).toEqual(['a', 'b', 'a']);
    expect(splitList('a,b', '/')).toEqual(['a,b']);
  });
});

describe('booleans', () => {
  it.each([['是', true], ['否', false], ['Yes', true], ['no', false], ['TRUE', true], [1, true], [0, false], ['√', true], [true, true]])('%s → %s', (i, o) => expect(parseBoolean(i)).toBe(o));
  it.each([['也许'], [2], [''], [null]])('%s is not a boolean', (i) => {
    expect(parseBoolean(i)).toBeUndefined();
    if (i !== null && i !== '') expect(applyTransform(i, 'boolean')).toMatchObject({ ok: false, code: 'transform-boolean' });
  });
});

describe('transforms', () => {
  it('trim removes ASCII and ideographic spaces, element-wise on lists', () => {
    expect(applyTransform('\u3000 标题 \t', 'trim')).toEqual({ ok: true, value: '标题' });
    expect(applyTransform([' a ', 'b '], 'trim')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(applyTransform(12, 'trim')).toEqual({ ok: true, value: 12 });
  });
  it('value maps match ignoring width/case/spaces; strict maps fail on a miss', () => {
    const m = { map: { '每月': '每月', '月度': '每月', monthly: '每月' } };
    expect(applyTransform('MONTHLY ', m)).toEqual({ ok: true, value: '每月' });
    expect(applyTransform('月度', m)).toEqual({ ok: true, value: '每月' });
    expect(applyTransform('每周', m)).toEqual({ ok: true, value: '每周' });
    expect(applyTransform('每周', { ...m, strict: true })).toMatchObject({ ok: false, code: 'transform-map' });
  });
  it('code-list lookup by label, code and alias gives the canonical value', () => {
    const uc = { codelist: 'update-cycle' } as const;
    expect(applyTransform('月度', uc)).toEqual({ ok: true, value: '每月' });
    expect(applyTransform('monthly', uc)).toEqual({ ok: true, value: '每月' });
    expect(applyTransform('每天', uc)).toEqual({ ok: true, value: '每日' });
    expect(applyTransform('字符型', { codelist: 'data-type' })).toEqual({ ok: true, value: 'C' });
    expect(applyTransform('varchar', { codelist: 'data-type' })).toEqual({ ok: true, value: 'C' });
    expect(applyTransform('依申请开放', { codelist: 'open-type' })).toEqual({ ok: true, value: '有条件开放' });
    expect(applyTransform('基础', { codelist: 'directory-class' })).toEqual({ ok: true, value: '1' });
    // A miss is kept (validation reports it) unless onMiss is error.
    expect(applyTransform('每两年', uc)).toEqual({ ok: true, value: '每两年' });
    expect(applyTransform('每两年', { codelist: 'update-cycle', onMiss: 'error' })).toMatchObject({ ok: false, code: 'transform-codelist' });
  });
  it('date, number, pad, prefix, regex, join, string', () => {
    expect(applyTransform('2016年8月2日', 'date')).toEqual({ ok: true, value: '2016-08-02' });
    // Written as a date but no such day: kept in date form, so validation reports an invalid date at the cell.
    expect(applyTransform('2016-2-30', 'date')).toEqual({ ok: true, value: '2016-02-30' });
    expect(applyTransform('二月三十日', 'date')).toMatchObject({ ok: false, code: 'transform-date' });
    expect(applyTransform('1,234', 'number')).toEqual({ ok: true, value: 1234 });
    expect(applyTransform('约一千', 'number')).toMatchObject({ ok: false, code: 'transform-number' });
    expect(applyTransform(1, { pad: 2 })).toEqual({ ok: true, value: '01' });
    expect(applyTransform('1a', { pad: 2 })).toMatchObject({ ok: false, code: 'transform-pad' });
    expect(applyTransform('00001', { prefix: '301002/' })).toEqual({ ok: true, value: '301002/00001' });
    expect(applyTransform('代码：330100', { regex: '(\\d{6})' })).toEqual({ ok: true, value: '330100' });
    expect(applyTransform('无代码', { regex: '(\\d{6})' })).toMatchObject({ ok: false, code: 'transform-regex' });
    expect(applyTransform(['xls', 'api'], { join: ',' })).toEqual({ ok: true, value: 'xls,api' });
    expect(applyTransform(['xls', 'api'], 'first')).toEqual({ ok: true, value: 'xls' });
    expect(applyTransform('xls', 'first')).toEqual({ ok: true, value: 'xls' });
    expect(applyTransform([], 'first')).toEqual({ ok: true, value: undefined });
    expect(applyTransform(33333, 'string')).toEqual({ ok: true, value: '33333' });
    expect(applyTransform(0.1 + 0.2, 'string')).toEqual({ ok: true, value: '0.3' });
  });
  it('lowercase/uppercase change text only; trim and string leave non-text alone', () => {
    expect(applyTransform('XLS', 'lowercase')).toEqual({ ok: true, value: 'xls' });
    expect(applyTransform(['api', 'Db'], 'uppercase')).toEqual({ ok: true, value: ['API', 'DB'] });
    expect(applyTransform(12, 'lowercase')).toEqual({ ok: true, value: 12 });
    expect(applyTransform(true, 'trim')).toEqual({ ok: true, value: true });
    expect(applyTransform(null, 'string')).toEqual({ ok: true, value: null });
  });
  it('applyTransforms chains and stops at the first failure', () => {
    expect(applyTransforms(" ['xls', 'api'] ", ['trim', 'split', { join: '、' }])).toEqual({ ok: true, value: 'xls、api' });
    expect(applyTransforms('x', ['trim', 'date', 'boolean'])).toMatchObject({ ok: false, code: 'transform-date', failed: 'date' });
  });
});

describe('JSON pointers with *', () => {
  it('spreads lists, broadcasts single values, creates arrays for numeric segments', () => {
    const doc: Record<string, unknown> = {};
    expect(setAt(doc, '/items/*/name', ['a', 'b'])).toEqual(['/items/0/name', '/items/1/name']);
    expect(setAt(doc, '/items/*/dataType', 'C')).toEqual(['/items/0/dataType', '/items/1/dataType']);
    setAt(doc, '/classifications/1/name', '交通');
    setAt(doc, '/provider/name', '某局');
    setAt(doc, '/keywords/*', 'x');
    setAt(doc, '/keywords/*', ['y', 'z']);
    expect(doc).toEqual({ items: [{ name: 'a', dataType: 'C' }, { name: 'b', dataType: 'C' }], classifications: [undefined, { name: '交通' }], provider: { name: '某局' }, keywords: ['x', 'y', 'z'] });
  });
});

describe('template loading', () => {
  const fault = (doc: unknown) => {
    try {
      parseTemplate(JSON.stringify(doc), 'bad.json');
    } catch (e) {
      return e as TemplateError;
    }
    throw new Error('expected a TemplateError');
  };
  it('names the file and the JSON pointer of the fault', () => {
    let e = fault({ fields: [{ field: '/title', column: '标题' }, { field: '/title', column: '标题', transforms: ['uppercase', 'bogus'] }] });
    expect(e.code).toBe('template-invalid');
    expect(e.params.file).toBe('bad.json');
    expect(e.params.pointer).toBe('/fields/1/transforms/1');
    e = fault({ fields: [{ field: '/colour', column: 'x' }] });
    expect(e.params.pointer).toBe('/fields/0/field');
    expect(e.message).toContain('bad.json');
    e = fault({ fields: [], source: { layout: 'grid' } });
    expect(e.params.pointer).toBe('/source/layout');
    e = fault({ fields: [{ field: '/title', column: 'a', value: 'b' }] });
    expect(e.params.pointer).toBe('/fields/0');
    e = fault({ fields: [{ field: '/title', colum: '标题' }] });
    expect(e.params).toMatchObject({ pointer: '/fields/0', detail: expect.stringContaining('"colum"') });
    e = fault({ fields: [{ field: '/title', column: '标题', transforms: [{ codelist: 'update-cycles' }] }] });
    expect(e.params.pointer).toBe('/fields/0/transforms/0/codelist');
    e = fault({ fields: [{ field: '/title', column: 'x' }], items: { from: 'sheet', fields: [{ field: '/colour', column: 'y' }] } });
    expect(e.params.pointer).toBe('/items/fields/0/field');
    expect(() => parseTemplate('{ nope', 'x.json')).toThrow(/x\.json/);
    expect(parseTemplate(JSON.stringify({ fields: [{ field: '/title', column: '标题' }] }), 'ok.json').fields).toHaveLength(1);
  });
});

describe('mapRow', () => {
  const tpl: MappingTemplate = {
    fields: [
      { field: '/title', column: ['资源名称', '标题'], transforms: ['trim'], required: true },
      { field: '/provider/name', column: '提供单位', default: { config: 'department.name' } },
      { field: '/provider/code', default: { config: 'department.code' } },
      { field: '/abstract', concat: ['摘要', '说明'], separator: '；' },
      { field: '/updateCycle', column: '更新频率', transforms: [{ codelist: 'update-cycle' }] },
      { field: '/publishedDate', column: '发布日期', transforms: ['date'] },
      { field: '/openness/open', column: '是否开放', transforms: ['boolean'], onError: 'reject' },
      { field: '/format/category', value: '电子表格' },
    ],
  };
  const config = { department: { name: '某区数据局', code: '11310117MB0000000X' } };
  it('maps a row with provenance per field and keeps unmapped columns in extensions', () => {
    const r = mapRow(row({ ' 标题 ': ' 道路信息 ', 摘要: '全区道路', 说明: '按月更新', 更新频率: '月度', 发布日期: '2016年8月2日', 是否开放: '是', 备注: '内部', 空列: '' }), tpl, { config });
    expect(r.kind).toBe('record');
    if (r.kind !== 'record') return;
    expect(r.record).toMatchObject({ title: '道路信息', provider: { name: '某区数据局', code: '11310117MB0000000X' }, abstract: '全区道路；按月更新', updateCycle: '每月', publishedDate: '2016-08-02', openness: { open: true }, format: { category: '电子表格' }, extensions: { 备注: '内部' } });
    expect(r.record.extensions).not.toHaveProperty('空列');
    expect(r.record.provenance).toMatchObject({ file: 'in.xlsx', sheet: 'S1', row: 5 });
    expect(r.record.provenance!.fields!['/title']).toEqual({ sheet: 'S1', row: 5, column: 'A', header: ' 标题 ' });
    expect(r.record.provenance!.fields!['/updateCycle']).toMatchObject({ column: 'D', header: '更新频率' });
    expect(r.record.provenance!.fields!['/extensions/备注']).toMatchObject({ column: 'G' });
  });
  it('rejects a row whose required field is empty, pointing at the cell', () => {
    const r = mapRow(row({ 标题: '  ', 提供单位: 'x' }, 9), tpl, { config });
    expect(r).toMatchObject({ kind: 'reject', reject: { code: 'map-required-missing', path: '/title', provenance: { file: 'in.xlsx', sheet: 'S1', row: 9, column: 'A', header: '标题' } } });
  });
  it('onError reject rejects; the default keeps the raw value in extensions with a warning', () => {
    expect(mapRow(row({ 标题: 'a', 是否开放: '也许' }), tpl)).toMatchObject({ kind: 'reject', reject: { code: 'map-transform-failed', path: '/openness/open', value: '也许' } });
    const r = mapRow(row({ 标题: 'a', 发布日期: '去年' }), tpl);
    expect(r).toMatchObject({ kind: 'record', record: { extensions: { 发布日期: '去年' } }, warnings: [{ code: 'map-transform-kept', path: '/publishedDate', value: '去年' }] });
    expect((r as any).record.publishedDate).toBeUndefined();
    // …and the empty field still points at the cell, so "publication date missing" names it.
    expect((r as any).record.provenance.fields['/publishedDate']).toMatchObject({ header: '发布日期' });
  });
  it('warns on code-list misses but keeps the value', () => {
    const r = mapRow(row({ 标题: 'a', 更新频率: '每两年' }), tpl);
    expect(r).toMatchObject({ kind: 'record', record: { updateCycle: '每两年' }, warnings: [{ code: 'map-codelist-miss', value: '每两年' }] });
  });
  it('a required config default that is missing rejects the row and names the config key', () => {
    const t2: MappingTemplate = { fields: [{ field: '/title', column: '标题' }, { field: '/provider/code', column: '代码', default: { config: 'department.code' }, required: true }] };
    const missing = mapRow(row({ 标题: 'a' }), t2, { config: {} });
    expect(missing).toMatchObject({ kind: 'reject', reject: { code: 'map-default-missing', path: '/provider/code', params: { key: 'department.code' } } });
    if (missing.kind === 'reject') expect(renderIssue(missing.reject, 'en').message).toContain('department.code');
    expect(mapRow(row({ 标题: 'a', 代码: 'X1' }), t2, { config: {} })).toMatchObject({ kind: 'record', record: { provider: { code: 'X1' } } });
    expect(mapRow(row({ 标题: 'a' }), t2, { config: { department: { code: 'C9' } } })).toMatchObject({ kind: 'record', record: { provider: { code: 'C9' } } });
  });
  it('a list column fills /items/*/name; "when" applies a rule only beside a value; pseudo-columns', () => {
    const t3: MappingTemplate = {
      fields: [
        { field: '/title', column: '$sheet' },
        { field: '/items/*/name', column: '信息项', transforms: ['split'] },
        { field: '/items/*/dataType', value: 'C' },
        { field: '/classifications/0/name', column: '主题' },
        { field: '/classifications/0/scheme', value: '主题分类', when: '主题' },
      ],
    };
    const a = mapRow(row({ 信息项: '姓名、性别、出生日期', 主题: '' }, 3, '户籍'), t3);
    expect(a).toMatchObject({ kind: 'record', record: { title: '户籍', items: [{ name: '姓名', dataType: 'C' }, { name: '性别', dataType: 'C' }, { name: '出生日期', dataType: 'C' }] } });
    expect((a as any).record.classifications).toBeUndefined();
    expect((a as any).record.provenance.fields['/items/2/name']).toMatchObject({ row: 3, column: 'A', header: '信息项' });
    expect(mapRow(row({ 信息项: 'x', 主题: '交通' }), t3)).toMatchObject({ record: { classifications: [{ name: '交通', scheme: '主题分类' }] } });
  });
  it('a row of empty cells is blank', () => {
    expect(mapRow(row({ 标题: '', 摘要: null, 说明: '   ' }), tpl)).toEqual({ kind: 'blank' });
  });
});

describe('header synonyms', () => {
  it.each([
    ['提供单位', 'provider'], ['数源单位', 'provider'], ['资源提供方', 'provider'], ['所属部门', 'provider'], ['更新周期', 'update-cycle'], ['开放状态', 'openness'],
    ['开放方式', 'openness'], ['数据集名称', 'title'], ['简介', 'abstract'], ['标签', 'keywords'], ['领域', 'classification'], ['创建时间', 'published'],
    ['更新时间', 'metadata-updated'], ['文件格式', 'format'], ['记录数', 'record-count'], ['Update Frequency', 'update-cycle'], ['Title', 'title'],
    ['资料来源', 'provider'], ['資料集名稱', 'title'], ['信息资源提供方代码', 'provider-code'], ['数据提供方名称', 'provider'], ['（标题）', 'title'],
    ['oai:metadata.oai_dc:dc.dc:title', 'title'], ['publisher.name', 'provider'], ['distribution.0.format', 'format'],
  ])('%s → %s', (h, meaning) => expect(findSynonym(h)?.meaning).toBe(meaning));
  it.each([['奇怪的列'], ['X坐标'], [''], ['序号']])('%s has no meaning', (h) => expect(findSynonym(h)).toBeUndefined());
});
