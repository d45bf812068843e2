import type { MessageTable } from '../i18n/table.js';
/** Messages of the 一数一源 report, data-element authorities and the registration warning (zh + en). */
export const SOURCES_MESSAGES = {
  'centre-api.unattributed-copy': {
    zh: '信息项“{item}”是数据元“{element}”，其权威来源为提供方 {provider}（资源 {resource}）；请在关联资源代码中注明该资源',
    en: 'item "{item}" is the data element {element}, whose authoritative source is provider {provider} (resource {resource}); name that resource in relatedResourceCodes',
  },
  'centre-api.unknown-element': { zh: '未知数据元“{element}”（见 standards/common/data-elements.json）', en: 'unknown data element "{element}" (see standards/common/data-elements.json)' },
  'centre-api.authority-body': { zh: '请求体须为 JSON：{"element": "…", "provider": "…", "resourceKey": "…"}', en: 'the body must be JSON: {"element": "…", "provider": "…", "resourceKey": "…"}' },
  'sources.title': { zh: '一数一源：数据元来源', en: 'One datum, one source: data-element sources' },
  'sources.summary': { zh: '共 {records} 条已发布资源，{elements} 个数据元被登记，{overlap} 个由多个提供方登记，{conflicts} 处冲突', en: '{records} published resources, {elements} data elements registered, {overlap} by several providers, {conflicts} conflicts' },
  'sources.truncated': { zh: '资源过多，仅统计了前 {records} 条', en: 'too many resources: only the first {records} were read' },
  'sources.chart': { zh: '各数据元的登记提供方数', en: 'Providers registering each data element' },
  'sources.element': { zh: '数据元', en: 'Data element' },
  'sources.providers': { zh: '登记提供方', en: 'Providers' },
  'sources.authority': { zh: '权威来源', en: 'Authoritative source' },
  'sources.none': { zh: '未指定', en: 'not designated' },
  'sources.more': { zh: '……共 {count} 个', en: '… {count} in all' },
  'sources.unattributed': { zh: '未注明来源的副本', en: 'Unattributed copies' },
  'sources.conflicts': { zh: '冲突', en: 'Conflicts' },
  'sources.no-conflicts': { zh: '没有冲突', en: 'No conflicts' },
  'sources.competing-sources': { zh: '{element}：{providers} 都作为来源登记，且未指定权威来源', en: '{element}: {providers} all register it as their own, and no authority is designated' },
  'sources.unattributed-copy': { zh: '{element}：{provider} 的 {keys} 未注明权威来源 {authority}', en: '{element}: {keys} of {provider} do not name the authority {authority}' },
  'sources.authority-not-registered': { zh: '{element}：权威来源 {authority} 未登记该数据元', en: '{element}: the authority {authority} registers no resource holding it' },
  'sources.generated': { zh: '生成时间', en: 'Generated' },
  'sources.claims': { zh: '自称来源', en: 'claims to be the source' },
  'authority-set': { zh: '已将 {element}（{name}）的权威来源设为 {provider}{resource}', en: 'authority of {element} ({name}) set to {provider}{resource}' },
  'authority-removed': { zh: '已取消 {element} 的权威来源', en: 'authority of {element} removed' },
  'authority-none': { zh: '{element} 没有权威来源', en: '{element} has no authority' },
};

export const messages = SOURCES_MESSAGES satisfies MessageTable;
