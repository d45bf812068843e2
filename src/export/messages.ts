import { defineMessages } from '../i18n/messages.js';

defineMessages({
  'export-missing-config': { zh: '{format} 需要 {field}，但 catalog.config.json 中没有 {setting}：输出不会通过 {schema} 校验', en: '{format} requires {field} but catalog.config.json has no {setting}: the output will not pass the {schema} schema' },
  'export-missing-field': { zh: '记录“{key}”缺少 {format} 必填的 {field}：输出不会通过 {schema} 校验', en: 'record "{key}" has no {field}, which {format} requires: the output will not pass the {schema} schema' },
  'export-truncated': { zh: '记录“{key}”：{format} 的 {field} 最多 {limit} 个字符，已截断', en: 'record "{key}": {format} {field} holds at most {limit} characters; cut to that' },
  'export-fallback': { zh: '记录“{key}”：{format} 的 {field} 取自 {from}', en: 'record "{key}": {format} {field} taken from {from}' },
});
