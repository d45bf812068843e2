import type { CatalogRecord } from '../../src/model/record.js';

/** Three departments (valid 统一社会信用代码) that keep the same enterprise data (一数一源 tests). */
export const SAMR = { name: '某市市场监督管理局', code: '11330100MB0000010P' };
export const TAX = { name: '某市税务局', code: '11330100MB0000020Q' };
export const HRSS = { name: '某市人力资源和社会保障局', code: '11330100MB0000030R' };

function record(provider: { name: string; code: string }, code: string, title: string, items: [string, string, string][], related?: string[]): CatalogRecord {
  return {
    directoryClass: { class: code[0], item: code.slice(1, 3), heading: code.slice(3, 6) }, title, resourceCode: code, provider, abstract: `${title}的结构。`,
    format: { category: '数据库', type: 'mysql' }, items: items.map(([name, dataType, length]) => ({ name, dataType, length })),
    sharing: { type: '无条件共享', method: '共享平台方式' }, openness: { open: false }, updateCycle: '每日', publishedDate: '2024-03-01',
    ...(related ? { relatedResourceCodes: related } : {}),
  };
}

/** 市场监管 registers the enterprise base data; 税务 names it as its source; 人社 keeps a copy without naming it. */
export function enterpriseRecords(): { samr: CatalogRecord; tax: CatalogRecord; hrss: CatalogRecord } {
  return {
    samr: record(SAMR, '301002/00001', '企业登记基本信息', [['统一社会信用代码', 'C', '18'], ['企业名称', 'C', '100'], ['法定代表人', 'C', '30'], ['成立日期', 'D', '8']]),
    tax: record(TAX, '301003/00001', '纳税人登记信息', [['社会信用代码', 'C', '18'], ['纳税人名称', 'C', '100'], ['企业名称', 'C', '100'], ['法定代表人', 'C', '30']], ['301002/00001']),
    hrss: record(HRSS, '301004/00001', '参保单位信息', [['统一社会信用代码', 'C', '18'], ['单位名称', 'C', '100'], ['法定代表人', 'C', '30'], ['参保人数', 'I', '4']]),
  };
}
