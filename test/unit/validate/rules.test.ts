import { renderIssues } from '../../../src/i18n/render-issue.js';
import { describe, it, expect } from 'vitest';
import { validateRecord, validateRecords } from '../../../src/validate/records.js';
import { RULES, parseRuleConfig, RuleConfigError } from '../../../src/validate/rules.js';
import { messageCatalogue } from '../../../src/i18n/catalogue.js';
import { loadCodeList, lookupCode } from '../../../src/profiles/codelist.js';
import { type CatalogRecord } from '../../../src/model/record.js';
import { type ValidationReport } from '../../../src/validate/report.js';

const MESSAGES = messageCatalogue();

const guide: CatalogRecord = {
  directoryClass: { class: '3', item: '01', heading: '002' },
  title: '企业登记注册信息',
  resourceCode: '301002/00001',
  provider: { name: '某市市场监督管理局', code: '11330100002482170H' },
  abstract: '全市企业登记信息。',
  format: { category: '数据库', type: 'oracle' },
  items: [{ name: '企业名称', dataType: 'C', length: '200' }, { name: '成立日期', dataType: 'D', length: '8' }],
  sharing: { type: '无条件共享', method: '共享平台方式' },
  openness: { open: false },
  updateCycle: '每日',
  publishedDate: '2024-03-01',
  division: '350200',
};

const gbt: CatalogRecord = {
  metadataIdentifier: '330100-MD-1',
  title: '企业登记注册信息',
  publishedDate: '2024-03-01',
  abstract: '全市企业登记信息。',
  provider: { name: '某市市场监督管理局' },
  keywords: ['企业'],
  classifications: [{ scheme: '主题分类', name: '工商' }, { scheme: '行业分类', name: '软件和信息技术服务业', code: 'I65' }],
  resourceIdentifier: '33010/A00034',
};

const rules = (r: unknown, o: object = {}) => validateRecord(r as CatalogRecord, { profile: 'guide2017', ...o }).map((i) => `${i.rule ?? i.code}@${i.path}`);
const rulesGbt = (r: unknown, o: object = {}) => validateRecord(r as CatalogRecord, { profile: 'gbt21063-3', ...o }).map((i) => `${i.rule ?? i.code}@${i.path}`);
const run = (records: CatalogRecord[], o: object = {}): Promise<ValidationReport> =>
  validateRecords(records.map((record, i) => ({ record, file: 'mem.jsonl', line: i + 1 })), { ...o });

describe('valid records pass every rule', () => {
  it('guide2017 and gbt21063-3', async () => {
    expect(rules(guide)).toEqual([]);
    expect(rulesGbt(gbt)).toEqual([]);
    const r = await run([guide, { ...guide, title: '另一资源', resourceCode: '301002/00002', relatedResourceCodes: ['301002/00001'] }]);
    expect(r.issues).toEqual([]);
    expect(r.stats).toMatchObject({ records: 2, valid: 2, invalid: 0 });
  });
});

describe('code lists', () => {
  it('division must be a GB/T 2260 code', () => {
    expect(rules({ ...guide, division: '999999' })).toEqual(['codelist:division@/division']);
    expect(rules({ ...guide, division: '110101' })).toEqual([]); // 北京市东城区
    expect(rules({ ...guide, division: '810000' })).toEqual([]); // 香港特别行政区 (GB/T 2260)
    // A malformed code is reported once, as the code-list miss (not also as a pattern mismatch).
    expect(rules({ ...guide, division: '3502' })).toEqual(['codelist:division@/division']);
  });

  it('suggests the nearest label for a near miss (无条件开发 → 无条件开放)', () => {
    const [i] = renderIssues(validateRecord({ ...guide, openness: { open: false, type: '无条件开发' } }, { profile: 'guide2017' }), 'zh');
    expect(i).toMatchObject({ code: 'enum-mismatch', rule: 'codelist:open-type', params: { suggestion: '无条件开放' } });
    expect(i.message).toContain('是否应为“无条件开放”');
  });

  it.each([
    ['share-type', { sharing: { type: '无条件分享', method: '共享平台方式' } }, '/sharing/type'],
    ['share-method', { sharing: { type: '无条件共享', method: '光盘' } }, '/sharing/method'],
    ['update-cycle', { updateCycle: '每两年' }, '/updateCycle'],
    ['format-category', { format: { category: '纸质' } }, '/format/category'],
    ['data-type', { items: [{ name: 'a', dataType: 'Q', length: '1' }] }, '/items/0/dataType'],
  ])('checks %s', (list, patch, path) => expect(rules({ ...guide, ...patch })).toContain(`codelist:${list}@${path}`));

  it('accepts codes by label or code in lookups, and the industry list has 20 sections and 97 divisions', () => {
    const industry = loadCodeList('industry');
    expect(industry.entries.filter((e) => e.level === 'section')).toHaveLength(20);
    expect(industry.entries.filter((e) => e.level === 'division')).toHaveLength(97);
    expect(lookupCode(industry, '65')?.label).toBe('软件和信息技术服务业');
    expect(lookupCode(loadCodeList('division'), '350200')?.label).toBe('厦门市');
  });

  it('行业分类 codes are checked against GB/T 4754 (warning)', () => {
    expect(rulesGbt({ ...gbt, classifications: [{ scheme: '行业分类', name: '软件和信息技术服务业', code: 'I65' }] })).toEqual([]);
    expect(rulesGbt({ ...gbt, classifications: [{ scheme: '行业分类', name: '软件和信息技术服务业', code: '6510' }] })).toEqual([]);
    expect(rulesGbt({ ...gbt, classifications: [{ scheme: '行业分类', name: '软件和信息技术服务业', code: 'A65' }] })).toEqual(['industry-code-unknown@/classifications/0/code']);
    const [i] = renderIssues(validateRecord({ ...gbt, classifications: [{ scheme: '行业分类', name: '软件和信息技术服务业', code: '99' }] }, { profile: 'gbt21063-3' }), 'en');
    expect(i).toMatchObject({ rule: 'industry-code-unknown', severity: 'warning' });
  });

  it('主题分类 names are checked against the subject table (warning, with suggestion)', () => {
    const [i] = renderIssues(validateRecord({ ...gbt, classifications: [{ scheme: '主题分类', name: '综合政物' }] }, { profile: 'gbt21063-3' }), 'en');
    expect(i).toMatchObject({ rule: 'subject-class-unknown', severity: 'warning', params: { suggestion: '综合政务' } });
  });
});

describe('identifiers', () => {
  it('provider code must pass its checksum', () => {
    expect(rules({ ...guide, provider: { name: 'x', code: '11330100002482170P' } })).toEqual(['provider-code-invalid@/provider/code']);
    expect(rules({ ...guide, provider: { name: 'x', code: '19220382-1' } })).toEqual([]); // 组织机构代码 form
    const [i] = renderIssues(validateRecord({ ...guide, provider: { name: 'x', code: '12345' } }, { profile: 'guide2017' }), 'zh');
    expect(i.message).toContain('统一社会信用代码');
  });

  it('信息资源代码 must agree with the record classification', () => {
    expect(rules({ ...guide, resourceCode: '302002/00001' })).toEqual(['resource-code-class-mismatch@/resourceCode']);
  });

  it('resource identifier follows a configurable pattern', () => {
    expect(rulesGbt({ ...gbt, resourceIdentifier: '33010/A00034' })).toEqual([]);
    const cfg = { rules: { 'resource-identifier-pattern': { severity: 'error' as const, pattern: '^\\d{2}[0-9A-Z]\\d{3}/\\S+$' } } };
    expect(rulesGbt({ ...gbt, resourceIdentifier: '33010/A00034' }, { rules: cfg })).toEqual(['resource-identifier-pattern@/resourceIdentifier']);
    expect(rulesGbt({ ...gbt, resourceIdentifier: '33A010/A00034' }, { rules: cfg })).toEqual([]);
  });
});

describe('cross-record rules', () => {
  it('identifiers and names are unique per provider', async () => {
    const r = await run([guide, { ...guide }, { ...guide, provider: { name: '另一单位', code: '914403001922038216' } }]);
    expect(r.issues.map((i) => `${i.record}:${i.rule}@${i.path}:${i.severity}`)).toEqual(['1:duplicate-identifier@/resourceCode:error', '1:duplicate-title@/title:warning']);
    expect(r.stats).toMatchObject({ records: 3, valid: 2, invalid: 1 });
    expect(r.issues[0].provenance).toMatchObject({ file: 'mem.jsonl', line: 2 });
  });

  it('关联资源代码 must exist in the catalogue or the reference catalogue', async () => {
    const rec = { ...guide, relatedResourceCodes: ['301002/00009', '301002/00008'] };
    const r = await run([rec, { ...guide, title: 'b', resourceCode: '301002/00008' }]);
    expect(r.issues.map((i) => `${i.record}:${i.rule}@${i.path}`)).toEqual(['0:related-resource-missing@/relatedResourceCodes/0']);
    expect(r.issues[0].provenance).toMatchObject({ line: 1 });
    const withRef = await run([rec, { ...guide, title: 'b', resourceCode: '301002/00008' }], { reference: new Set(['301002/00009']) });
    expect(withRef.issues).toEqual([]);
  });

  it('信息项 names are unique within a resource', () =>
    expect(rules({ ...guide, items: [{ name: '事项名称', dataType: 'C', length: '1' }, { name: '事项名称', dataType: 'C', length: '2' }] })).toEqual(['duplicate-item-name@/items/1/name']));

  it('有条件共享 needs 共享条件 and 不予共享 needs its basis (schema rules in the rule table)', () => {
    expect(rules({ ...guide, sharing: { type: '有条件共享', method: '共享平台方式' } })).toEqual(['share-condition-required@/sharing/condition']);
    expect(rules({ ...guide, sharing: { type: '不予共享' } })).toEqual(['share-basis-required@/sharing/basis']);
    const ids = RULES.map((r) => r.id);
    for (const id of ['share-condition-required', 'share-basis-required']) expect(ids).toContain(id);
  });
});

describe('rule config, severities, max-errors', () => {
  const bad: CatalogRecord = { ...guide, provider: { name: 'x', code: 'bad' }, updateCycle: '每两年', items: [{ name: 'a', dataType: 'C', length: '1' }, { name: 'a', dataType: 'C', length: '1' }] };

  it('tunes severity per rule, or turns a rule off', async () => {
    const cfg = parseRuleConfig({ rules: { 'provider-code-invalid': 'warning', 'codelist:update-cycle': 'off', 'duplicate-item-name': 'info' } });
    const r = await run([bad], { rules: cfg });
    expect(r.issues.map((i) => `${i.rule}:${i.severity}`)).toEqual(['provider-code-invalid:warning', 'duplicate-item-name:info']);
    expect(r.valid).toBe(true);
    expect(r.stats).toMatchObject({ records: 1, valid: 1, invalid: 0, errors: 0, warnings: 1, infos: 1 });
  });

  it('an issue code tunes every rule with that code', async () => {
    const r = await run([{ ...guide, sharing: { type: '有条件共享' } }], { rules: { rules: { 'conditional-required': 'off' } } });
    expect(r.issues).toEqual([]);
  });

  it('rejects unknown rules and bad severities', () => {
    expect(() => parseRuleConfig({ rules: { 'no-such-rule': 'off' } })).toThrow(RuleConfigError);
    expect(() => parseRuleConfig({ rules: { 'duplicate-title': 'fatal' } })).toThrow(/not error, warning, info or off/);
    expect(() => parseRuleConfig([])).toThrow(RuleConfigError);
  });

  it('--max-errors truncates the list but keeps every count right', async () => {
    const recs = Array.from({ length: 5 }, (_, i) => ({ ...bad, title: `t${i}`, resourceCode: `301002/0000${i}` }));
    const full = await run(recs);
    const cut = await run(recs, { maxErrors: 2 });
    expect(cut.truncated).toBe(true);
    expect(cut.issues.filter((i) => i.severity === 'error')).toHaveLength(2);
    expect(cut.stats).toEqual(full.stats);
    expect(cut.stats.records).toBe(cut.stats.valid + cut.stats.invalid);
    expect(cut.stats).toMatchObject({ records: 5, invalid: 5, errors: 15 });
    expect(cut.rules).toEqual(full.rules);
  });
});

describe('messages', () => {
  it('every rule has a zh and an en message', () => {
    for (const r of RULES) {
      expect(MESSAGES[r.message]?.zh, r.id).toBeTruthy();
      expect(MESSAGES[r.message]?.en, r.id).toBeTruthy();
      expect(r.description.zh && r.description.en, r.id).toBeTruthy();
    }
    for (const [code, m] of Object.entries(MESSAGES)) {
      expect(m.zh, code).toBeTruthy();
      expect(m.en, code).toBeTruthy();
    }
  });

  it('renders rule messages in both languages', () => {
    const zh = renderIssues(validateRecord({ ...guide, resourceCode: '302002/00001' }, { profile: 'guide2017' }), 'zh')[0].message;
    const en = renderIssues(validateRecord({ ...guide, resourceCode: '302002/00001' }, { profile: 'guide2017' }), 'en')[0].message;
    expect(zh).toContain('信息资源代码');
    expect(en).toContain('resource code "302002/00001"');
  });
});
