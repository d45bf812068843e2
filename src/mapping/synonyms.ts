import type { Transform } from './template.js';

/** A meaning a source column can have: where it goes in the record and how its values are cleaned. */
export interface Synonym {
  /** Stable id of the meaning (used by tests and listings). */
  meaning: string;
  field: string;
  transforms: Transform[];
  /** Header texts with this meaning (Chinese and English); matched ignoring width, case, spaces and punctuation. */
  names: string[];
  /** Extra constant rules that go with the column (e.g. the classification scheme). */
  with?: { field: string; value: unknown }[];
  /** Further fields derived from the same column (e.g. the format category from the format list). */
  also?: { field: string; transforms: Transform[] }[];
}

/**
 * 格式分类 of common file formats and access types, for deriving /format/category from a format column
 * (project mapping; the guide's categories are in standards/guide2017/codelists/format-category.json).
 */
export const FORMAT_CATEGORY: Record<string, string> = {
  xls: '电子表格', xlsx: '电子表格', csv: '电子表格', et: '电子表格', ods: '电子表格',
  pdf: '电子文件', doc: '电子文件', docx: '电子文件', txt: '电子文件', wps: '电子文件', ofd: '电子文件',
  jpg: '图形图像', jpeg: '图形图像', png: '图形图像', gif: '图形图像', tif: '图形图像', shp: '图形图像',
  mp4: '流媒体', avi: '流媒体', mp3: '流媒体', flv: '流媒体',
  json: '自描述格式', xml: '自描述格式', rdf: '自描述格式',
  api: '服务接口', 接口: '服务接口', wms: '服务接口', wfs: '服务接口',
  db: '数据库', sql: '数据库', oracle: '数据库', mysql: '数据库', 数据库: '数据库',
};

/**
 * Header synonyms for `catalog map --guess`, collected from department sheets and portal dumps (Anhui, Xiamen field
 * mappings in test/fixtures/real). Order matters only for ties: more specific names come first.
 */
export const SYNONYMS: Synonym[] = [
  { meaning: 'title', field: '/title', transforms: ['trim'], names: ['标题', '资源名称', '数据集名称', '资料集名称', '名称', '信息资源名称', '目录名称', '资源目录名称', '数据名称', '数据目录名称', 'title', 'name', 'dataset name', 'dataset title'] },
  { meaning: 'abstract', field: '/abstract', transforms: ['trim'], names: ['摘要描述', '数据简介', '数据摘要', '资源简介', '内容描述', '摘要', '描述', '简介', '摘要信息', '信息资源摘要', '资源摘要', '资源描述', '数据描述', '数据集描述', '资料说明', '说明', 'description', 'abstract', 'summary', 'notes'] },
  { meaning: 'provider-code', field: '/provider/code', transforms: ['trim', 'string'], names: ['提供方代码', '信息资源提供方代码', '提供单位代码', '部门代码', '单位代码', '统一社会信用代码', 'provider code', 'publisher code'] },
  { meaning: 'provider', field: '/provider/name', transforms: ['trim'], names: ['提供机构', '数源机构', '发布机构', '来源机构', '数据提供单位', '数据提供部门', '提供单位', '来源部门', '数源单位', '数据提供方', '资源提供方', '所属部门', '信息资源提供方', '提供方', '提供部门', '数据来源', '资料来源', '主管机关', '提供机关', '数据来源单位', '数源部门', '发布单位', '发布部门', '责任单位', '单位名称', '部门', '部门名称', 'provider', 'publisher', 'department', 'organization', 'source', 'agency'] },
  { meaning: 'update-cycle', field: '/updateCycle', transforms: ['trim', { codelist: 'update-cycle' }], names: ['更新频率', '更新周期', '更新频度', '资源更新频度', 'update frequency', 'frequency', 'accrual periodicity', 'update cycle'] },
  { meaning: 'openness', field: '/openness/type', transforms: ['trim', { codelist: 'open-type' }], names: ['开放类型', '开放属性', '开放状态', '开放方式', '开放条件类型', '公开属性', '资源公开属性', 'open type', 'openness', 'access level', 'access'] },
  { meaning: 'open', field: '/openness/open', transforms: ['trim', 'boolean'], names: ['是否向社会开放', '是否社会开放', '是否开放', '是否公开', 'is open', 'open to public'] },
  { meaning: 'keywords', field: '/keywords', transforms: ['split'], names: ['关键字', '标签', '关键词', '检索关键字', 'keywords', 'keyword', 'tags', 'tag'] },
  { meaning: 'classification', field: '/classifications/0/name', transforms: ['trim'], names: ['领域名称', '重点领域', '数据主题', '开放主题', '主题名称', '所属分类', '数据分类', '主题', '领域', '分类', '主题领域', '所属领域', '主题分类', '资源分类', '数据领域', '所属主题', '类目名称', '类别', 'theme', 'category', 'topic', 'subject'], with: [{ field: '/classifications/0/scheme', value: '主题分类' }] },
  { meaning: 'industry', field: '/classifications/1/name', transforms: ['trim'], names: ['行业名称', '所属行业名称', '行业分类', '行业', '所属行业', '行业类别', 'industry'], with: [{ field: '/classifications/1/scheme', value: '行业分类' }] },
  { meaning: 'published', field: '/publishedDate', transforms: ['date'], names: ['发布时间', '发布日期', '创建时间', '创建日期', '上线时间', '公开日期', 'issued', 'date', 'published', 'publish date', 'created', 'release date'] },
  { meaning: 'metadata-updated', field: '/metadataUpdated', transforms: ['date'], names: ['更新时间', '更新日期', '最后更新', '最近更新时间', '数据更新时间', 'modified', 'updated', 'last updated', 'update date'] },
  {
    meaning: 'format', field: '/format/type', transforms: ['split', { join: ',' }],
    also: [{ field: '/format/category', transforms: ['split', 'first', 'lowercase', { map: FORMAT_CATEGORY }, { codelist: 'format-category' }] }], names: ['下载格式', '文件类型', '格式', '文件格式', '资源格式', '数据格式', '信息资源格式', '格式类型', 'format', 'formats', 'file format', 'data formats'] },
  { meaning: 'url', field: '/onlineResources', transforms: [{ split: { separators: '\n\r ;；' } }], names: ['详情页网址', '详情页', '详情链接', '数据链接', '下载地址', '访问链接', 'url', '链接', '链接地址', '网址', '访问地址', '在线资源链接地址', '资源地址', '服务地址', 'link', 'landing page', 'homepage'] },
  { meaning: 'contact', field: '/extensions/contact', transforms: ['trim'], names: ['部门电话', '部门邮箱', '联系邮件', '咨询电话', '联系方式', '联系电话', '联络人', '联络电话', '联系人', '联系邮箱', '电子邮箱', '邮箱', 'email', 'e-mail', 'contact', 'contact point'] },
  { meaning: 'record-count', field: '/extensions/recordCount', transforms: ['number'], names: ['数据量', '记录数', '数据条数', '数据记录数', 'record count', 'records', 'rows'] },
  { meaning: 'resource-code', field: '/resourceCode', transforms: ['trim'], names: ['信息资源代码', '资源代码', '目录代码', '资源编码', 'resource code'] },
  { meaning: 'identifier', field: '/metadataIdentifier', transforms: ['trim', 'string'], names: ['标识符', '元数据标识符', 'id', 'identifier'] },
  { meaning: 'share-type', field: '/sharing/type', transforms: ['trim', { codelist: 'share-type' }], names: ['共享类型', '共享属性', 'share type'] },
  { meaning: 'share-condition', field: '/sharing/condition', transforms: ['trim'], names: ['共享条件'] },
  { meaning: 'share-method', field: '/sharing/method', transforms: ['trim', { codelist: 'share-method' }], names: ['共享方式'] },
  { meaning: 'open-condition', field: '/openness/condition', transforms: ['trim'], names: ['开放条件'] },
  { meaning: 'directory-class', field: '/directoryClass/class', transforms: ['trim', 'string', { codelist: 'directory-class' }], names: ['类', '信息资源分类类', '信息资源分类（类）', '资源分类类'] },
  { meaning: 'directory-item', field: '/directoryClass/item', transforms: ['string', 'trim', { pad: 2 }], names: ['项', '信息资源分类项', '信息资源分类（项）'] },
  { meaning: 'directory-heading', field: '/directoryClass/heading', transforms: ['string', 'trim', { pad: 3 }], names: ['目', '信息资源分类目', '信息资源分类（目）'] },
  { meaning: 'directory-subheading', field: '/directoryClass/subheading', transforms: ['string', 'trim'], names: ['细目', '信息资源分类细目', '信息资源分类（细目）'] },
  { meaning: 'format-category', field: '/format/category', transforms: ['trim', { codelist: 'format-category' }], names: ['格式分类', '资源格式分类', '信息资源格式分类', '格式类别'] },
  { meaning: 'format-note', field: '/format/note', transforms: ['trim'], names: ['格式说明', '格式备注'] },
  { meaning: 'share-basis', field: '/sharing/basis', transforms: ['trim'], names: ['不予共享依据', '不共享依据', '不予共享理由', '不予共享的依据'] },
  { meaning: 'division', field: '/division', transforms: ['trim', 'string'], names: ['行政区划代码', '行政区划', '区划代码', 'division'] },
  { meaning: 'related', field: '/relatedResourceCodes', transforms: ['split'], names: ['关联资源代码', '关联资源'] },
];

/**
 * Traditional → simplified forms of characters common in catalogue headers (Taiwan and Hong Kong sheets), so one
 * synonym table serves both scripts. Only for matching headers; values are never changed.
 */
const TRADITIONAL: Record<string, string> = Object.fromEntries(
  [...'資稱來聯絡電話說機關頻週態類標籤題開發佈時間單門種數據錄檔網鏈結範圍屬簡紹鍵詞後區劃條級體構處詢負責繫郵戶號碼編統計應務專頁織維護廳級單項點狀'].map((c, i) => [c, '资称来联络电话说机关频周态类标签题开发布时间单门种数据录档网链结范围属简绍键词后区划条级体构处询负责系邮户号码编统计应务专页织维护厅级单项点状'[i]]),
);

/** Header text as compared with synonyms: width-folded, simplified, lower-case, no spaces or punctuation. */
export function normaliseHeader(s: string): string {
  return [...s.normalize('NFKC').toLowerCase()].map((c) => TRADITIONAL[c] ?? c).join('').replace(/[\s\u3000_\-:：()（）[\]【】*＊]+/g, '');
}

/**
 * The meaning of a header: an exact synonym first; for a path (XML/JSON), its last segment; otherwise the longest
 * synonym (3+ characters) the header contains.
 * Returns undefined when nothing fits.
 */
export function findSynonym(header: string): Synonym | undefined {
  const h = normaliseHeader(header);
  if (!h) return undefined;
  for (const s of SYNONYMS) if (s.names.some((n) => normaliseHeader(n) === h)) return s;
  // Paths from XML/JSON ("oai:metadata.oai_dc:dc.dc:title", "publisher.name"): the last segment, then its parent.
  const segs = header.split(/[./:@]/).filter(Boolean);
  if (segs.length > 1) {
    const last = segs[segs.length - 1];
    // "publisher.name": a generic last segment says less than its parent.
    const order = /^(name|value|text|_|#text|label|fn)$/i.test(last) ? [segs[segs.length - 2], last] : [last];
    for (const seg of order) {
      const hs = normaliseHeader(seg);
      for (const s of SYNONYMS) if (s.names.some((n) => normaliseHeader(n) === hs)) return s;
    }
  }
  let best: { s: Synonym; len: number } | undefined;
  for (const s of SYNONYMS) {
    for (const n of s.names) {
      const nn = normaliseHeader(n);
      if ([...nn].length >= 3 && h.includes(nn) && (!best || nn.length > best.len)) best = { s, len: nn.length };
    }
  }
  return best?.s;
}

/**
 * Children of a merged parent header that only mean something under it (2017 guide sheet layout: 信息资源分类 over
 * 类/项/目/细目, 资源格式 over 格式分类/格式类型/格式说明, 共享 over 共享属性/共享条件/不予共享依据/共享方式, 开放 over
 * 是否开放/开放条件). Keys are normalised child headers; values are meanings of SYNONYMS.
 */
const UNDER_PARENT: { parent: RegExp; children: Record<string, string> }[] = [
  { parent: /分类|类目/, children: { 类: 'directory-class', 大类: 'directory-class', 项: 'directory-item', 中类: 'directory-item', 目: 'directory-heading', 小类: 'directory-heading', 细目: 'directory-subheading' } },
  { parent: /格式/, children: { 分类: 'format-category', 格式分类: 'format-category', 类别: 'format-category', 类型: 'format', 格式类型: 'format', 格式: 'format', 说明: 'format-note', 格式说明: 'format-note', 备注: 'format-note' } },
  { parent: /共享/, children: { 属性: 'share-type', 类型: 'share-type', 共享属性: 'share-type', 共享类型: 'share-type', 条件: 'share-condition', 共享条件: 'share-condition', 依据: 'share-basis', 不予共享依据: 'share-basis', 理由: 'share-basis', 方式: 'share-method', 共享方式: 'share-method' } },
  { parent: /开放/, children: { 是否开放: 'open', 是否: 'open', 是否向社会开放: 'open', 条件: 'open-condition', 开放条件: 'open-condition', 类型: 'openness', 属性: 'openness', 开放类型: 'openness', 开放属性: 'openness' } },
  { parent: /提供/, children: { 名称: 'provider', 单位: 'provider', 部门: 'provider', 代码: 'provider-code', 信用代码: 'provider-code', 统一社会信用代码: 'provider-code' } },
];

/**
 * The meaning of a column under a merged parent header ("资源格式/格式分类", or three levels "目录/共享/共享方式"):
 * the parent label decides for children that are ambiguous alone; otherwise the child's own meaning, then the whole.
 */
export function findSynonymInContext(header: string): Synonym | undefined {
  const parts = header.split('/').map((p) => p.trim()).filter(Boolean);
  if (parts.length < 2 || /^[a-z]+:/i.test(header) || /[.:@]/.test(header)) return findSynonym(header);
  const child = normaliseHeader(parts[parts.length - 1]);
  const parent = normaliseHeader(parts[parts.length - 2]);
  for (const rule of UNDER_PARENT) {
    const meaning = rule.parent.test(parent) ? rule.children[child] : undefined;
    if (meaning) return SYNONYMS.find((x) => x.meaning === meaning);
  }
  return exactSynonym(parts[parts.length - 1]) ?? findSynonym(header);
}

/** The meaning whose names include the header exactly (after normalisation), if any. */
function exactSynonym(header: string): Synonym | undefined {
  const h = normaliseHeader(header);
  return h ? SYNONYMS.find((s) => s.names.some((n) => normaliseHeader(n) === h)) : undefined;
}
