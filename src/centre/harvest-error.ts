import { defineMessages, t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';

/**
 * A harvest that cannot go on: a typed code with params (errors are data), rendered in zh or en at the edge.
 * `message` is the English rendering, for library callers and logs. Every param that came from the source is
 * already cut to one safe line (harvest-fetch.ts oneLine), so a rendering is always one line.
 */
export class HarvestError extends Error {
  /**
   * `reason`: the {why} of harvest-no-progress and harvest-bad-record, itself a code (harvest-why.*) with params,
   * so it is rendered in the same language as the rest.
   */
  constructor(public code: string, public params: Record<string, string | number> = {}, public reason?: HarvestReason) {
    super(renderHarvestError(code, params, reason, 'en'));
  }

  render(lang: Lang): string {
    return renderHarvestError(this.code, this.params, this.reason, lang);
  }
}

export interface HarvestReason {
  code: string;
  params?: Record<string, string | number>;
}

function renderHarvestError(code: string, params: Record<string, string | number>, reason: HarvestReason | undefined, lang: Lang): string {
  return t(code, lang, reason ? { ...params, why: t(`harvest-why.${reason.code}`, lang, reason.params) } : params);
}

defineMessages({
  'harvest-bad-url': { zh: '“{url}”不是 http(s) 地址', en: '"{url}" is not an http(s) URL' },
  'harvest-unreachable': { zh: '无法连接 {url}：{detail}', en: 'cannot reach {url}: {detail}' },
  'harvest-connect-timeout': { zh: '{url} 在 {seconds} 秒内未能建立连接（--connect-timeout）', en: 'no connection to {url} within {seconds} s (--connect-timeout)' },
  'harvest-read-timeout': { zh: '{url} 未在 {seconds} 秒内发完应答（--read-timeout）', en: '{url} did not send its whole answer within {seconds} s (--read-timeout)' },
  'harvest-http': { zh: '{url} 返回 HTTP {status}', en: '{url} answered HTTP {status}' },
  'harvest-too-large': { zh: '{url} 的应答超过 {max} 字节的上限（--max-response）', en: 'the answer of {url} exceeds the limit of {max} bytes (--max-response)' },
  'harvest-bad-http': { zh: '{url} 的应答不是有效的 HTTP：{detail}', en: 'the answer of {url} is not valid HTTP: {detail}' },
  'harvest-truncated': { zh: '{url} 的应答不完整（连接提前关闭，或长度与 Content-Length 不符）', en: 'the answer of {url} is incomplete (the connection closed early, or its length differs from its Content-Length)' },
  'harvest-encoding': { zh: '{url} 使用了未请求的内容编码 {encoding}', en: '{url} answered with a content encoding that was not asked for: {encoding}' },
  'harvest-content-type': { zh: '{url} 的应答不是 XML（Content-Type: {type}）', en: 'the answer of {url} is not XML (Content-Type: {type})' },
  'harvest-charset': { zh: '{url} 的应答不是有效的 {charset} 文本', en: 'the answer of {url} is not valid {charset} text' },
  'harvest-redirects': { zh: '{url} 重定向超过 {max} 次或重定向到非 http(s) 地址', en: '{url} redirected more than {max} times or to a non-http(s) URL' },
  'harvest-bad-xml': { zh: '{url} 的应答不是格式正确的 XML：{detail}', en: 'the answer of {url} is not well-formed XML: {detail}' },
  'harvest-xml-too-deep': { zh: '{url} 的应答第 {line} 行：XML 元素嵌套超过 {max} 层，出于安全考虑拒绝', en: 'the answer of {url}, line {line}: XML elements nested more than {max} levels deep; refused for safety' },
  'harvest-xml-entity': { zh: '{url} 的应答第 {line} 行：XML 含有实体声明（<!ENTITY>），出于安全考虑拒绝', en: 'the answer of {url}, line {line}: the XML declares entities (<!ENTITY>); refused for safety' },
  'harvest-not-oai': { zh: '{url} 的应答不是 OAI-PMH 的 {verb} 应答', en: 'the answer of {url} is not an OAI-PMH {verb} answer' },
  'harvest-oai-error': { zh: '{url}：OAI-PMH 错误 {code}：{detail}', en: '{url}: OAI-PMH error {code}: {detail}' },
  'harvest-no-format': { zh: '{url} 不提供可读的元数据格式（catalog、gbt21063、iso19139、oai_dc 均无；提供：{offered}）', en: '{url} offers no metadata format harvest reads (none of catalog, gbt21063, iso19139, oai_dc; offers: {offered})' },
  'harvest-token-expired': { zh: '{url} 的续传令牌失效（badResumptionToken，第 {page} 页：{detail}），从头重新请求后再次失效，已停止；已收到的页已保存，稍后重新收割即可', en: 'the resumption token of {url} expired (badResumptionToken, page {page}: {detail}) again after the list was asked for from the start; the harvest stopped. Pages received are stored: run the harvest again later' },
  'harvest-token-repeated': { zh: '{url} 再次给出已用过的续传令牌“{token}”（第 {page} 页），收割不会结束，已停止', en: '{url} gave the resumption token "{token}" again (page {page}); the harvest would never end, so it stopped' },
  'harvest-no-progress': { zh: '{url} 的第 {page} 页没有前进（{why}），收割不会结束，已停止', en: 'page {page} of {url} does not advance the list ({why}); the harvest would never end, so it stopped' },
  'harvest-too-many-records': { zh: '{url} 发送的记录超过 {max} 条（--max-records），已停止；此前各页已保存，确认来源无误后可调高上限重新收割', en: '{url} sent more than {max} records (--max-records) and the harvest stopped; the pages before are stored: raise the limit and run again if the source is right' },
  'harvest-bad-record': { zh: '{url} 第 {page} 页的记录 {identifier} 无效：{why}；该页未写入任何内容', en: 'record {identifier} on page {page} of {url} is invalid: {why}; nothing of that page was stored' },
  // not an error: a record skipped (HarvestResult.skipped)
  'harvest-local-conflict': { zh: '本中心登记的记录与之代码相同（{key}），保留本地记录', en: 'a record registered here has the same key {key}; the local one is kept' },
  'harvest-origin-conflict': { zh: '记录 {key} 收割自 {origin}，而非 {source}；保留来自 {origin} 的副本', en: 'record {key} was harvested from {origin}, not {source}; the copy from {origin} is kept' },
  // the {why} of harvest-no-progress and harvest-bad-record
  'harvest-why.empty-page': { zh: '没有记录却给出续传令牌', en: 'no records, yet a resumption token' },
  'harvest-why.same-page': { zh: '与已收到的某一页内容相同', en: 'the same records as an earlier page' },
  'harvest-why.cursor': { zh: 'cursor 未增加', en: 'its cursor did not increase' },
  'harvest-why.no-identifier': { zh: '缺少标识符', en: 'no identifier' },
  'harvest-why.datestamp': { zh: '时间戳“{datestamp}”不是 YYYY-MM-DD 或 YYYY-MM-DDThh:mm:ssZ', en: 'datestamp "{datestamp}" is not YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ' },
  'harvest-why.unreadable': { zh: '无法按 {prefix} 格式读取（{detail}）', en: 'cannot be read in the {prefix} format ({detail})' },
  'harvest-why.no-key': { zh: '没有信息资源代码、元数据标识符或信息资源标识符', en: 'it has no resourceCode, metadataIdentifier or resourceIdentifier' },
  'harvest-why.key-mismatch': { zh: '声明的代码 {key} 与记录自身的代码 {own} 不同', en: 'its declared key {key} differs from the record\'s own key {own}' },
  'harvest-why.no-provider': { zh: '缺少信息资源提供方代码（provider.code）', en: 'it has no provider code (provider.code)' },
  'harvest-why.hash': { zh: '内容哈希 {hash} 与来源声明的 {declared} 不同', en: 'its content hash {hash} differs from the source\'s {declared}' },
  'harvest-why.limit': { zh: '超出记录限制 {limit}（{path}，上限 {max}，与部门上传相同，见 docs/security.md）', en: 'it exceeds the record limit {limit} at {path} (limit {max}, the same as for a department\'s upload; see docs/security.md)' },
  'harvest-why.duplicate': { zh: '同一页中出现两次', en: 'it occurs twice on the page' },
});

