import type { CatalogRecord, ResourceFormat } from '../model/record.js';
import type { XmlNode } from '../import/xml-tree.js';
import { clean } from '../import/types.js';
import { readForeignDate } from '../import/values.js';

/**
 * Simple Dublin Core (oai_dc, the one format every OAI-PMH provider must serve, OAI-PMH 2.0 §3.4) → record.
 * Elements are matched by local name, so dc: and dcterms: (pycsw sends dct:abstract, dct:spatial) share one
 * table. DC has no field for most of what a 目录 record holds (信息资源代码, 共享属性, 开放属性, 信息项, 更新周期…):
 * those stay empty, and every DC value no record field takes is kept under extensions.dc, so nothing is
 * dropped. The table below is the one docs/centre.md "Harvesting another vendor's centre" shows.
 */

/** Where each DC element goes ("extensions.dc" = kept as is, no record field). */
export const DC_FIELDS: Record<string, string> = {
  title: '/title (first; more titles → extensions.dc.title)',
  description: '/abstract',
  abstract: '/abstract',
  subject: '/keywords (scheme attribute → /keywordThesaurus)',
  publisher: '/provider/name',
  creator: '/provider/name when there is no publisher; all kept in extensions.dc.creator',
  date: '/publishedDate when it is a date; otherwise extensions.dc.date',
  identifier: '/resourceIdentifier (first); http(s) identifiers also → /onlineResources',
  format: '/format (MIME type → 格式分类/格式类型)',
  type: '/classifications (scheme "DCMI Type")',
  relation: '/relatedResourceCodes',
};

/** One DC element as sent: local name, text, attributes; nested elements (ows:BoundingBox) flattened to their leaves. */
interface DcValue { name: string; text: string; scheme?: string }

function valuesOf(dc: XmlNode): DcValue[] {
  const out: DcValue[] = [];
  const walk = (n: XmlNode, path: string) => {
    const here = path ? `${path}/${n.name}` : n.name;
    const text = n.text.trim();
    if (!n.children.length && text) out.push({ name: here, text, scheme: n.attrs.scheme ?? n.attrs['xsi:type'] });
    for (const [k, v] of Object.entries(n.attrs)) if (k !== 'scheme' && !k.startsWith('xmlns')) out.push({ name: `${here}/@${k}`, text: v });
    for (const c of n.children) walk(c, here);
  };
  for (const c of dc.children) walk(c, '');
  return out;
}

/** 格式分类 of a MIME type (standards/guide2017/codelists/format-category.json); 其他 when none fits. */
export function formatOfMime(mime: string): ResourceFormat {
  const m = mime.trim().toLowerCase();
  const sub = m.split(/[/;]/)[1]?.trim() || m;
  const category = m.startsWith('image/') ? '图形图像'
    : m.startsWith('video/') || m.startsWith('audio/') ? '流媒体'
      : /csv|spreadsheet|excel/.test(m) ? '电子表格'
        : /^text\/|pdf|msword|wordprocessing|xhtml|rtf|ofd/.test(m) ? '电子文件'
          : /json|xml|geo\+json/.test(m) ? '自描述格式' : '其他';
  return { category, type: sub, note: mime.trim() };
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * One oai_dc:dc element → record. `key` is the record's metadataIdentifier (source + OAI identifier, see
 * harvest-foreign.ts); `provider` names the provider from the publisher (DC has no provider code at all).
 */
export function dcToRecord(dc: XmlNode, key: string, provider: (name: string) => { name: string; code: string }): CatalogRecord {
  const values = valuesOf(dc);
  const taken = new Set<DcValue>();
  const all = (...names: string[]) => values.filter((v) => names.includes(v.name));
  const take = (...names: string[]) => { const vs = all(...names); vs.forEach((v) => taken.add(v)); return vs; };
  const title = all('title')[0];
  if (title) taken.add(title);
  const abstract = take('description', 'abstract').map((v) => v.text).join('\n\n') || undefined;
  const subjects = take('subject');
  const publisher = take('publisher')[0] ?? all('creator')[0];
  const dates = all('date');
  const published = dates.map((d) => readForeignDate(d.text)).find((d) => d.date);
  if (published) taken.add(dates.find((d) => readForeignDate(d.text).date === published.date)!);
  const ids = take('identifier').map((v) => v.text);
  const format = take('format')[0];
  const types = take('type');
  const relations = take('relation').map((v) => v.text);
  // a Map, not an object: a source's element names are its own (__proto__, constructor, toString would hit the prototype)
  const kept = new Map<string, string | string[]>();
  for (const v of values) {
    if (taken.has(v)) continue;
    const prev = kept.get(v.name);
    kept.set(v.name, prev === undefined ? v.text : Array.isArray(prev) ? [...prev, v.text] : [prev, v.text]);
  }
  const extensions = Object.fromEntries(kept);
  return clean({
    metadataIdentifier: key,
    // DC need not have a title (pycsw's record 1ef30a8b has none): the identifier stands in, so the record can be listed
    title: title?.text ?? ids[0] ?? key,
    abstract,
    keywords: subjects.map((s) => s.text),
    keywordThesaurus: subjects.find((s) => s.scheme)?.scheme,
    classifications: types.map((t) => ({ scheme: 'DCMI Type', name: t.text.replace(/^https?:\/\/purl\.org\/dc\/dcmitype\//, '') })),
    provider: provider(publisher?.text ?? ''),
    format: format ? formatOfMime(format.text) : undefined,
    publishedDate: published?.date,
    resourceIdentifier: ids[0],
    onlineResources: ids.filter(isUrl),
    relatedResourceCodes: relations,
    extensions: Object.keys(extensions).length ? { dc: extensions } : undefined,
  }) as CatalogRecord;
}
