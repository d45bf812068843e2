import { renderIssues } from '../../../src/i18n/render-issue.js';
import { describe, it, expect } from 'vitest';
import { validateRecord } from '../../../src/validate/records.js';
import { listProfiles, loadProfile } from '../../../src/profiles/load.js';
import { type CatalogRecord } from '../../../src/model/record.js';

const guide: CatalogRecord = {
  directoryClass: { class: '3', item: '01', heading: '002' },
  title: '企业登记注册信息',
  resourceCode: '301002/00001',
  provider: { name: '某市市场监督管理局', code: '11330100002482170H' },
  abstract: '全市企业登记信息。',
  format: { category: '数据库', type: 'oracle' },
  items: [{ name: '企业名称', dataType: 'C', length: '200' }],
  sharing: { type: '无条件共享', method: '共享平台方式' },
  openness: { open: false },
  updateCycle: '每日',
  publishedDate: '2024-03-01',
};

const gbt: CatalogRecord = {
  metadataIdentifier: '330100-MD-1',
  title: '企业登记注册信息',
  publishedDate: '2024-03-01',
  abstract: '全市企业登记信息。',
  provider: { name: '某市市场监督管理局' },
  keywords: ['企业'],
  classifications: [{ scheme: '主题分类', name: '工商' }],
  resourceIdentifier: '33010/A00034',
};

const codes = (r: unknown, profile: string, extra: object = {}) =>
  validateRecord(r as CatalogRecord, { profile, ...extra }).map((i) => `${i.code}@${i.path}`);
const without = (r: CatalogRecord, k: string) => Object.fromEntries(Object.entries(r).filter(([key]) => key !== k));

describe('profiles', () => {
  it('lists both shipped profiles with versions and sources', () => {
    const ids = listProfiles().map((p) => p.id);
    expect(ids).toEqual(['gbt21063-3', 'guide2017']);
    for (const p of listProfiles()) expect(p.sources.length).toBeGreaterThan(0);
  });

  it('every GB/T 21063.3 element is annotated with obligation, English name and clause', () => {
    const s = loadProfile('gbt21063-3').schema;
    const elements = ['metadataIdentifier', 'title', 'publishedDate', 'abstract', 'provider', 'keywords', 'classifications', 'onlineResources', 'resourceIdentifier', 'service', 'metadataContacts', 'metadataUpdated'];
    for (const e of elements) {
      expect(s.properties[e]['x-obligation'], e).toMatch(/^[MOC]/);
      expect(s.properties[e]['x-name'], e).toBeTruthy();
      expect(s.properties[e]['x-clause'], e).toMatch(/element \d+/);
    }
  });
});

describe('guide2017 rules', () => {
  it('accepts a complete record', () => expect(codes(guide, 'guide2017')).toEqual([]));

  it.each(['directoryClass', 'title', 'resourceCode', 'provider', 'abstract', 'format', 'sharing', 'openness', 'updateCycle', 'publishedDate'])(
    'requires %s', (field) => expect(codes(without(guide, field), 'guide2017')).toContain(`required-missing@/${field}`));

  it('requires the provider code', () =>
    expect(codes({ ...guide, provider: { name: 'x' } }, 'guide2017')).toContain('required-missing@/provider/code'));

  it('有条件共享 needs 共享条件', () => {
    expect(codes({ ...guide, sharing: { type: '有条件共享' } }, 'guide2017')).toContain('conditional-required@/sharing/condition');
    expect(codes({ ...guide, sharing: { type: '有条件共享', condition: '仅限政务使用' } }, 'guide2017')).toEqual([]);
  });

  it('不予共享 needs its basis', () => {
    expect(codes({ ...guide, sharing: { type: '不予共享' } }, 'guide2017')).toContain('conditional-required@/sharing/basis');
    expect(codes({ ...guide, sharing: { type: '不予共享', basis: '国发〔2016〕51号' } }, 'guide2017')).toEqual([]);
  });

  it('open resources need an open condition', () => {
    expect(codes({ ...guide, openness: { open: true } }, 'guide2017')).toContain('conditional-required@/openness/condition');
    expect(codes({ ...guide, openness: { open: true, condition: '无' } }, 'guide2017')).toEqual([]);
  });

  it('database and spreadsheet resources need information items', () => {
    expect(codes(without(guide, 'items'), 'guide2017')).toContain('conditional-required@/items');
    expect(codes({ ...without(guide, 'items'), format: { category: '电子文件' } }, 'guide2017')).toEqual([]);
  });

  it('warns when structured items lack a data length', () => {
    const issues = renderIssues(validateRecord({ ...guide, items: [{ name: 'a', dataType: 'C' }] }, { profile: 'guide2017' }), 'en');
    expect(issues.map((i) => [i.code, i.severity, i.rule])).toEqual([['conditional-required', 'warning', 'item-length-required-for-structured']]);
  });

  it('checks the resource code segment structure', () => {
    expect(codes({ ...guide, resourceCode: '301002' }, 'guide2017')).toContain('pattern-mismatch@/resourceCode');
    expect(codes({ ...guide, resourceCode: '40100200A/7' }, 'guide2017')).toContain('pattern-mismatch@/resourceCode');
    // The 分类码 must also match the record's own classification (resource-code-class-mismatch).
    expect(codes({ ...guide, resourceCode: '10100200A/7' }, 'guide2017')).toEqual(['resource-code-class-mismatch@/resourceCode']);
    expect(codes({ ...guide, resourceCode: '10100200A/7', directoryClass: { class: '1', item: '01', heading: '002', subheading: '00A' } }, 'guide2017')).toEqual([]);
  });

  it('checks code lists and suggests near misses', () => {
    const issues = renderIssues(validateRecord({ ...guide, updateCycle: '每季' }, { profile: 'guide2017' }), 'zh');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'enum-mismatch', path: '/updateCycle', params: { suggestion: '每季度' } });
    expect(issues[0].message).toContain('每季度');
  });

  it('checks dates as CCYY-MM-DD', () => expect(codes({ ...guide, publishedDate: '2024-3-1' }, 'guide2017')).toContain('format-invalid@/publishedDate'));

  it('refuses unknown fields', () => expect(codes({ ...guide, colour: 'red' }, 'guide2017')).toContain('unknown-field@/colour'));
});

describe('gbt21063-3 rules', () => {
  it('accepts a complete record', () => expect(codes(gbt, 'gbt21063-3')).toEqual([]));

  it.each(['metadataIdentifier', 'title', 'abstract', 'provider', 'classifications'])('requires %s', (f) =>
    expect(codes(without(gbt, f), 'gbt21063-3')).toContain(`required-missing@/${f}`));

  it.each(['publishedDate', 'keywords', 'resourceIdentifier'])('disputed element %s is a setting', (f) => {
    expect(codes(without(gbt, f), 'gbt21063-3')).toContain(`required-missing@/${f}`);
    expect(codes(without(gbt, f), 'gbt21063-3', { disputed: 'optional' })).toEqual([]);
  });

  it('service information needs both URL and type when present (sub-element obligation)', () => {
    expect(codes({ ...gbt, service: { url: 'https://x.example/csw' } }, 'gbt21063-3')).toContain('required-missing@/service/type');
    expect(codes({ ...gbt, service: { url: 'not a uri', type: '目录服务' } }, 'gbt21063-3')).toContain('format-invalid@/service/url');
  });

  it('metadata identifier allows only its character set', () =>
    expect(codes({ ...gbt, metadataIdentifier: '元数据#1' }, 'gbt21063-3')).toContain('pattern-mismatch@/metadataIdentifier'));

  it('classification needs scheme and name', () =>
    expect(codes({ ...gbt, classifications: [{ scheme: '主题分类' }] }, 'gbt21063-3')).toContain('required-missing@/classifications/0/name'));

  it('online resources must be URIs', () =>
    expect(codes({ ...gbt, onlineResources: ['data portal'] }, 'gbt21063-3')).toContain('format-invalid@/onlineResources/0'));

  it('messages exist in both languages', () => {
    const en = renderIssues(validateRecord(without(gbt, 'title') as CatalogRecord, { profile: 'gbt21063-3' }), 'en')[0].message;
    const zh = renderIssues(validateRecord(without(gbt, 'title') as CatalogRecord, { profile: 'gbt21063-3' }), 'zh')[0].message;
    expect(en).toBe('required field "resource title" is missing');
    expect(zh).toBe('缺少必填项“信息资源名称”');
  });
});
