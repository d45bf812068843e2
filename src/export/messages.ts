import type { MessageTable } from '../i18n/table.js';

export const messages = {
  'export-missing-config': { zh: '{format} 需要 {field}，但 catalog.config.json 中没有 {setting}：输出不会通过 {schema} 校验', en: '{format} requires {field} but catalog.config.json has no {setting}: the output will not pass the {schema} schema' },
  'export-missing-field': { zh: '记录“{key}”缺少 {format} 必填的 {field}：输出不会通过 {schema} 校验', en: 'record "{key}" has no {field}, which {format} requires: the output will not pass the {schema} schema' },
  'export-truncated': { zh: '记录“{key}”：{format} 的 {field} 最多 {limit} 个字符，已截断', en: 'record "{key}": {format} {field} holds at most {limit} characters; cut to that' },
  'ckan-tag-characters': { zh: '记录“{key}”：关键字“{keyword}”含 CKAN 标签不允许的字符（只允许文字、数字、空格和 - _ .），标签改为“{tag}”；原关键字保留在 extras', en: 'record "{key}": keyword "{keyword}" has characters CKAN tags refuse (only letters, digits, spaces and - _ . are allowed); tag "{tag}" sent, the keyword kept in extras' },
  'ckan-tag-too-short': { zh: '记录“{key}”：关键字“{keyword}”短于 CKAN 标签最少 {min} 个字符，标签改为“{tag}”；原关键字保留在 extras', en: 'record "{key}": keyword "{keyword}" is shorter than the {min} characters a CKAN tag needs; tag "{tag}" sent, the keyword kept in extras' },
  'ckan-tag-too-long': { zh: '记录“{key}”：关键字“{keyword}”超过 CKAN 标签最多 {max} 个字符，标签截为“{tag}”；原关键字保留在 extras', en: 'record "{key}": keyword "{keyword}" is longer than the {max} characters a CKAN tag may have; cut to "{tag}", the keyword kept in extras' },
  'ckan-tag-duplicate': { zh: '记录“{key}”：关键字“{keyword}”按 CKAN 规则清理后与另一标签“{tag}”重复，未重复发送；原关键字保留在 extras', en: 'record "{key}": keyword "{keyword}" becomes "{tag}" under CKAN rules, a tag already sent; not sent twice, the keyword kept in extras' },
  'ckan-tag-empty': { zh: '记录“{key}”：关键字“{keyword}”没有 CKAN 标签允许的字符，不能作为标签；原关键字保留在 extras', en: 'record "{key}": keyword "{keyword}" has no character a CKAN tag allows and cannot be a tag; the keyword is kept in extras' },
  'export-fallback': { zh: '记录“{key}”：{format} 的 {field} 取自 {from}', en: 'record "{key}": {format} {field} taken from {from}' },
} satisfies MessageTable;
