import type { CatalogRecord } from './record.js';

/**
 * A record in the 2017 guide's own terms: the 13 core fields keyed by their Chinese names, in the
 * guide's order (standards/guide2017/README.md). Fields outside the 13 go in 扩展元数据 so that
 * fromGuide2017(toGuide2017(r)) gives r back (lossless).
 */
export interface Guide2017Record {
  信息资源分类?: { 类: string; 项?: string; 目?: string; 细目?: string; 名称?: string[] };
  信息资源名称: string;
  信息资源代码?: string;
  信息资源提供方: string;
  信息资源提供方代码?: string;
  信息资源摘要?: string;
  信息资源格式?: { 格式分类: string; 格式类型?: string; 格式说明?: string };
  信息项信息?: { 信息项名称: string; 数据类型?: string; 数据长度?: string; 英文名称?: string; 说明?: string }[];
  共享属性?: { 共享类型: string; 共享条件?: string; 不予共享依据?: string; 共享方式?: string; 共享方式类型?: string };
  开放属性?: { 是否向社会开放?: '是' | '否'; 开放条件?: string; 开放类型?: string };
  更新周期?: string;
  发布日期?: string;
  关联资源代码?: string[];
  扩展元数据?: Record<string, unknown>;
}

const OWN = new Set(['directoryClass', 'title', 'resourceCode', 'provider', 'abstract', 'format', 'items', 'sharing', 'openness', 'updateCycle', 'publishedDate', 'relatedResourceCodes']);

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function toGuide2017(r: CatalogRecord): Guide2017Record {
  const ext: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!OWN.has(k) && v !== undefined) ext[k] = v;
  if (r.provider?.address !== undefined) ext['provider.address'] = r.provider.address;
  const d = r.directoryClass;
  return clean({
    信息资源分类: d ? clean({ 类: d.class, 项: d.item, 目: d.heading, 细目: d.subheading, 名称: d.names }) : undefined,
    信息资源名称: r.title,
    信息资源代码: r.resourceCode,
    信息资源提供方: r.provider?.name,
    信息资源提供方代码: r.provider?.code,
    信息资源摘要: r.abstract,
    信息资源格式: r.format ? clean({ 格式分类: r.format.category, 格式类型: r.format.type, 格式说明: r.format.note }) : undefined,
    信息项信息: r.items?.map((i) => clean({ 信息项名称: i.name, 数据类型: i.dataType, 数据长度: i.length, 英文名称: i.englishName, 说明: i.description })),
    共享属性: r.sharing ? clean({ 共享类型: r.sharing.type, 共享条件: r.sharing.condition, 不予共享依据: r.sharing.basis, 共享方式: r.sharing.method, 共享方式类型: r.sharing.methodType }) : undefined,
    开放属性: r.openness ? clean({ 是否向社会开放: r.openness.open === undefined ? undefined : r.openness.open ? '是' : '否', 开放条件: r.openness.condition, 开放类型: r.openness.type }) : undefined,
    更新周期: r.updateCycle,
    发布日期: r.publishedDate,
    关联资源代码: r.relatedResourceCodes,
    扩展元数据: Object.keys(ext).length ? ext : undefined,
  } as Guide2017Record);
}

export function fromGuide2017(g: Guide2017Record): CatalogRecord {
  const ext = { ...(g.扩展元数据 ?? {}) };
  const address = ext['provider.address'] as string | undefined;
  delete ext['provider.address'];
  const c = g.信息资源分类;
  const o = g.开放属性;
  return {
    ...clean({
      directoryClass: c ? clean({ class: c.类, item: c.项, heading: c.目, subheading: c.细目, names: c.名称 }) : undefined,
      title: g.信息资源名称,
      resourceCode: g.信息资源代码,
      provider: clean({ name: g.信息资源提供方, code: g.信息资源提供方代码, address }),
      abstract: g.信息资源摘要,
      format: g.信息资源格式 ? clean({ category: g.信息资源格式.格式分类, type: g.信息资源格式.格式类型, note: g.信息资源格式.格式说明 }) : undefined,
      items: g.信息项信息?.map((i) => clean({ name: i.信息项名称, dataType: i.数据类型, length: i.数据长度, englishName: i.英文名称, description: i.说明 })),
      sharing: g.共享属性 ? clean({ type: g.共享属性.共享类型, condition: g.共享属性.共享条件, basis: g.共享属性.不予共享依据, method: g.共享属性.共享方式, methodType: g.共享属性.共享方式类型 }) : undefined,
      openness: o ? clean({ open: o.是否向社会开放 === undefined ? undefined : o.是否向社会开放 === '是', condition: o.开放条件, type: o.开放类型 }) : undefined,
      updateCycle: g.更新周期,
      publishedDate: g.发布日期,
      relatedResourceCodes: g.关联资源代码,
    }),
    ...ext,
  } as CatalogRecord;
}
