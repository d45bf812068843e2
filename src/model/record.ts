/**
 * The one internal record model. Every reader/mapping produces it, every exporter consumes it.
 * It is a superset of the two profiles (GB/T 21063.3-2007 core metadata and the 2017
 * 政务信息资源目录编制指南); `profiles/*` map it losslessly to each profile's native form.
 * Field comments give the Chinese element name; clause references live in standards/<profile>/README.md.
 */

/** Where a value came from: enough to point a user at the cell to fix. */
export interface Provenance {
  file: string;
  sheet?: string;
  /** 1-based row number in the sheet / CSV record number counting the header row as 1. */
  row?: number;
  /** 1-based physical line in a text file (JSONL, CSV start line). */
  line?: number;
  /** Column letter (xlsx) or header name (csv) of the cell. */
  column?: string;
  /** Per-field provenance, keyed by JSON pointer into the record (e.g. "/title"). */
  fields?: Record<string, CellRef>;
}

export interface CellRef {
  sheet?: string;
  row?: number;
  column?: string;
  header?: string;
}

/** 信息资源提供方 (21063.3) / 信息资源提供方 + 提供方代码 (guide 2017). */
export interface Party {
  /** 提供单位 / 单位名称 */
  name: string;
  /** 信息资源提供方代码: often the 统一社会信用代码 or 组织机构代码. */
  code?: string;
  /** 地址 */
  address?: string;
}

/** 信息资源分类 as in GB/T 21063.3 (分类方式, 类目名称, 类目编码). */
export interface Classification {
  /** 分类方式, e.g. 主题分类 (GB/T 21063.4). */
  scheme: string;
  /** 类目名称 */
  name?: string;
  /** 类目编码 */
  code?: string;
}

/** 信息资源分类 in the 2017 guide: 类 (1 digit) / 项 (2) / 目 (3) / 细目 (variable). */
export interface DirectoryClass {
  /** 类: 1 基础, 2 主题, 3 部门 */
  class: string;
  /** 项 */
  item?: string;
  /** 目 */
  heading?: string;
  /** 细目 */
  subheading?: string;
  /** Labels of the levels, top first (e.g. ["基础信息资源", "法人单位基础信息资源"]). */
  names?: string[];
}

/** 信息资源格式: 格式分类 + 格式类型 + 格式说明. */
export interface ResourceFormat {
  category: string;
  type?: string;
  note?: string;
}

/** 信息项 (guide 2017): 信息项名称, 数据类型, 数据长度. */
export interface InfoItem {
  name: string;
  englishName?: string;
  /** 数据类型 code letter C N Y D T L M G B I F (label accepted on input, normalised on mapping). */
  dataType?: string;
  /** 数据长度: bytes, or "precision,scale" for numeric types. */
  length?: string;
  description?: string;
}

/** 共享属性: 共享类型, 共享条件, 不予共享依据, 共享方式 (+ 共享方式类型). */
export interface Sharing {
  type: string;
  condition?: string;
  basis?: string;
  method?: string;
  methodType?: string;
}

/** 开放属性: 是否向社会开放 + 开放条件; `type` carries the later 无条件/有条件/不予开放 variant. */
export interface Openness {
  open?: boolean;
  condition?: string;
  type?: string;
}

/** 服务信息 (21063.3): 服务地址 + 服务类型. */
export interface ServiceInfo {
  url: string;
  type: string;
}

export interface CatalogRecord {
  /** 元数据标识符 (21063.3) */
  metadataIdentifier?: string;
  /** 信息资源代码 (guide 2017) = 分类码 "/" 顺序码 */
  resourceCode?: string;
  /** 信息资源标识符 (21063.3, coded per 21063.5) */
  resourceIdentifier?: string;
  /** 信息资源名称 */
  title: string;
  /** 信息资源摘要 */
  abstract?: string;
  /** 关键字说明: 关键字 */
  keywords?: string[];
  /** 关键字说明: 词典名称 */
  keywordThesaurus?: string;
  /** 信息资源分类 (21063.3) */
  classifications?: Classification[];
  /** 信息资源分类 (guide 2017) */
  directoryClass?: DirectoryClass;
  /** 信息资源提供方 */
  provider: Party;
  /** 信息资源格式 */
  format?: ResourceFormat;
  /** 信息项信息 */
  items?: InfoItem[];
  /** 共享属性 */
  sharing?: Sharing;
  /** 开放属性 */
  openness?: Openness;
  /** 更新周期 (label from the 更新周期 code list) */
  updateCycle?: string;
  /** 信息资源发布日期 / 发布日期, CCYY-MM-DD (GB/T 7408) */
  publishedDate?: string;
  /** 关联资源代码 */
  relatedResourceCodes?: string[];
  /** 在线资源链接地址 */
  onlineResources?: string[];
  /** 服务信息 */
  service?: ServiceInfo;
  /** 元数据维护方 */
  metadataContacts?: Party[];
  /** 元数据更新日期 */
  metadataUpdated?: string;
  /** 行政区划代码 (GB/T 2260) of the provider's division: project extension. */
  division?: string;
  /** Source values with no standard field, kept so no data is lost (project extension). */
  extensions?: Record<string, unknown>;
  /** Not part of the record's content: where it came from. */
  provenance?: Provenance;
}

/** Field labels for messages and listings, keyed by JSON pointer pattern (array indexes replaced by "*"). */
export const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  '/metadataIdentifier': { zh: '元数据标识符', en: 'metadata identifier' },
  '/resourceCode': { zh: '信息资源代码', en: 'resource code' },
  '/resourceIdentifier': { zh: '信息资源标识符', en: 'resource identifier' },
  '/title': { zh: '信息资源名称', en: 'resource title' },
  '/abstract': { zh: '信息资源摘要', en: 'abstract' },
  '/keywords': { zh: '关键字', en: 'keywords' },
  '/keywordThesaurus': { zh: '词典名称', en: 'thesaurus name' },
  '/classifications': { zh: '信息资源分类', en: 'classification' },
  '/classifications/*/scheme': { zh: '分类方式', en: 'classification scheme' },
  '/classifications/*/name': { zh: '类目名称', en: 'category name' },
  '/classifications/*/code': { zh: '类目编码', en: 'category code' },
  '/directoryClass': { zh: '信息资源分类', en: 'directory classification' },
  '/directoryClass/class': { zh: '类', en: 'class' },
  '/directoryClass/item': { zh: '项', en: 'item' },
  '/directoryClass/heading': { zh: '目', en: 'heading' },
  '/directoryClass/subheading': { zh: '细目', en: 'subheading' },
  '/provider': { zh: '信息资源提供方', en: 'provider' },
  '/provider/name': { zh: '信息资源提供方', en: 'provider name' },
  '/provider/code': { zh: '信息资源提供方代码', en: 'provider code' },
  '/provider/address': { zh: '信息资源提供方地址', en: 'provider address' },
  '/format': { zh: '信息资源格式', en: 'resource format' },
  '/format/category': { zh: '格式分类', en: 'format category' },
  '/format/type': { zh: '格式类型', en: 'format type' },
  '/format/note': { zh: '格式说明', en: 'format note' },
  '/items': { zh: '信息项', en: 'information items' },
  '/items/*/name': { zh: '信息项名称', en: 'item name' },
  '/items/*/dataType': { zh: '数据类型', en: 'data type' },
  '/items/*/length': { zh: '数据长度', en: 'data length' },
  '/sharing': { zh: '共享属性', en: 'sharing' },
  '/sharing/type': { zh: '共享类型', en: 'share type' },
  '/sharing/condition': { zh: '共享条件', en: 'share condition' },
  '/sharing/basis': { zh: '不予共享依据', en: 'basis for not sharing' },
  '/sharing/method': { zh: '共享方式', en: 'share method' },
  '/openness': { zh: '开放属性', en: 'openness' },
  '/openness/open': { zh: '是否向社会开放', en: 'open to the public' },
  '/openness/condition': { zh: '开放条件', en: 'open condition' },
  '/openness/type': { zh: '开放类型', en: 'openness type' },
  '/updateCycle': { zh: '更新周期', en: 'update cycle' },
  '/publishedDate': { zh: '发布日期', en: 'publication date' },
  '/relatedResourceCodes': { zh: '关联资源代码', en: 'related resource codes' },
  '/onlineResources': { zh: '在线资源链接地址', en: 'online resource' },
  '/service': { zh: '服务信息', en: 'service information' },
  '/service/url': { zh: '服务地址', en: 'service URL' },
  '/service/type': { zh: '服务类型', en: 'service type' },
  '/metadataContacts': { zh: '元数据维护方', en: 'metadata contact' },
  '/metadataContacts/*/name': { zh: '元数据维护单位', en: 'metadata contact name' },
  '/metadataUpdated': { zh: '元数据更新日期', en: 'metadata update date' },
  '/division': { zh: '行政区划代码', en: 'division code' },
};

/** Label for a JSON pointer, falling back to the pointer itself. */
export function fieldLabel(pointer: string, lang: 'zh' | 'en'): string {
  if (lang !== 'zh' && lang !== 'en') return fieldLabelOf(pointer, lang);
  const byPointer = labels[lang];
  let label = byPointer.get(pointer);
  if (label === undefined) {
    label = fieldLabelOf(pointer, lang);
    if (byPointer.size >= 10_000) byPointer.clear();
    byPointer.set(pointer, label);
  }
  return label;
}
/** Labels already looked up, per language. */
const labels: Record<'zh' | 'en', Map<string, string>> = { zh: new Map(), en: new Map() };

function fieldLabelOf(pointer: string, lang: 'zh' | 'en'): string {
  const generic = pointer.replace(/\/\d+(?=\/|$)/g, '/*');
  const hit = FIELD_LABELS[generic] ?? FIELD_LABELS[generic.replace(/\/\*$/, '')];
  return hit ? hit[lang] : pointer;
}
