import { describe, it, expect } from 'vitest';
import { toGbt21063, fromGbt21063 } from '../../../src/model/gbt21063.js';
import { toGuide2017, fromGuide2017 } from '../../../src/model/guide2017.js';
import { type CatalogRecord } from '../../../src/model/record.js';

const full: CatalogRecord = {
  metadataIdentifier: 'MD-1', resourceCode: '301002/00001', resourceIdentifier: '33010/A1', title: '企业登记', abstract: '摘要',
  keywords: ['企业', '登记'], keywordThesaurus: '主题词表', classifications: [{ scheme: '主题分类', name: '工商', code: 'X' }],
  directoryClass: { class: '3', item: '01', heading: '002', subheading: '9', names: ['部门'] },
  provider: { name: '市场监管局', code: '11330100002482170H', address: '某路1号' }, format: { category: '数据库', type: 'oracle', note: 'n' },
  items: [{ name: '企业名称', englishName: 'name', dataType: 'C', length: '200', description: 'd' }],
  sharing: { type: '有条件共享', condition: 'c', basis: 'b', method: '共享平台方式', methodType: '接口' },
  openness: { open: true, condition: 'c', type: '有条件开放' }, updateCycle: '每日', publishedDate: '2024-01-01',
  relatedResourceCodes: ['301002/00002'], onlineResources: ['https://x.example/'], service: { url: 'https://x.example/s', type: '目录服务' },
  metadataContacts: [{ name: '大数据中心', address: 'a' }], metadataUpdated: '2024-01-02', division: '330100', extensions: { 备注: '无' },
  provenance: { file: 'a.xlsx', sheet: 'S', row: 3 },
};

describe('record model ↔ profiles', () => {
  it('GB/T 21063.3 mapping uses the standard element names and is lossless', () => {
    const g = toGbt21063(full);
    expect(g.resourceTitle).toBe('企业登记');
    expect(g.pointOfContact[0]).toEqual({ organisationName: '市场监管局', address: '某路1号', code: '11330100002482170H' });
    expect(g.resourceCategory?.[0]).toEqual({ categoryStandard: '主题分类', categoryName: '工商', categoryCode: 'X' });
    expect(g.serviceInformation).toEqual({ serviceURL: 'https://x.example/s', serviceType: '目录服务' });
    expect(fromGbt21063(JSON.parse(JSON.stringify(g)))).toEqual(full);
  });

  it('2017 guide mapping uses the guide field names and is lossless', () => {
    const g = toGuide2017(full);
    expect(Object.keys(g).slice(0, 13)).toEqual(['信息资源分类', '信息资源名称', '信息资源代码', '信息资源提供方', '信息资源提供方代码', '信息资源摘要', '信息资源格式', '信息项信息', '共享属性', '开放属性', '更新周期', '发布日期', '关联资源代码']);
    expect(g.开放属性?.是否向社会开放).toBe('是');
    expect(fromGuide2017(JSON.parse(JSON.stringify(g)))).toEqual(full);
  });

  it('minimal records round-trip too', () => {
    const r: CatalogRecord = { title: 't', provider: { name: 'p' } };
    expect(fromGbt21063(toGbt21063(r))).toEqual(r);
    expect(fromGuide2017(toGuide2017(r))).toEqual(r);
  });
});
