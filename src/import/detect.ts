import { datajsonDatasets } from './datajson.js';
import { ImportKindError } from './issue.js';

export interface Words { en: string; zh: string }
const w = (en: string, zh: string): Words => ({ en, zh });

/** What a catalogue file looks like: an importer id when one fits, and words for the message either way. */
export interface Detected {
  kind?: 'datajson' | 'dcat' | 'ckan' | 'gbt-xml' | 'iso19139';
  /** Shape of the content in words, both languages, e.g. "XML with root <csw:Record>". */
  looks: Words;
  /** The content is broken (bad JSON, no root element): the importer named by --from reports the exact parse error. */
  broken?: boolean;
}

const GMD = 'http://www.isotc211.org/2005/gmd';
const MDB = /^https?:\/\/standards\.iso\.org\/iso\/19115\/-3\/mdb\//;
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** Root element of an XML text (prefix:name) and the namespace its prefix is bound to, read from the start tag only. */
function xmlRoot(text: string): { qname: string; ns?: string } | undefined {
  const body = text.replace(/^\s*(<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/, '');
  const m = /^<([\w.-]+(?::[\w.-]+)?)([^>]*)>/.exec(body);
  if (!m) return undefined;
  const prefix = m[1].includes(':') ? m[1].split(':')[0] : '';
  const decl = new RegExp(`xmlns${prefix ? ':' + prefix : ''}\\s*=\\s*["']([^"']*)["']`).exec(m[2]);
  return { qname: m[1], ns: decl?.[1] };
}

/** An ISO 19139 (gmd) or 19115-3 (mdb) MD_Metadata element anywhere: a record, a CSW or OAI-PMH answer holding records. */
const hasIsoMetadata = (text: string) => /<([\w.-]+:)?MD_Metadata[\s>/]/.test(text) && (text.includes(GMD) || /standards\.iso\.org\/iso\/19115\/-3\/mdb\//.test(text));

function detectXml(text: string): Detected {
  const root = xmlRoot(text);
  if (!root) return { looks: w('XML without a readable root element', '无法读出根元素的 XML'), broken: true };
  const local = root.qname.slice(root.qname.indexOf(':') + 1);
  const where = `<${root.qname}>${root.ns ? ` (${root.ns})` : ''}`;
  const looks = w(`XML with root ${where}`, `根元素为 ${where} 的 XML`);
  if (local === 'ResourceCatalog' && root.ns?.startsWith('urn:x-catalog:gbt21063-3')) return { kind: 'gbt-xml', looks: w('GB/T XML (ResourceCatalog)', 'GB/T XML（ResourceCatalog）') };
  if (local === 'MD_Metadata' && (root.ns === GMD || MDB.test(root.ns ?? ''))) {
    const iso = root.ns === GMD ? '19139' : '19115-3';
    return { kind: 'iso19139', looks: w(`an ISO ${iso} record (MD_Metadata)`, `ISO ${iso} 元数据（MD_Metadata）`) };
  }
  if (local === 'RDF' && root.ns === RDF) return { kind: 'dcat', looks: w('RDF/XML', 'RDF/XML') };
  if (hasIsoMetadata(text)) return { kind: 'iso19139', looks: w(`${looks.en} holding ISO MD_Metadata records`, `含 ISO MD_Metadata 记录的${looks.zh}`) };
  return { looks };
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const CKAN_KEYS = ['resources', 'notes', 'tags', 'extras', 'num_resources', 'owner_org', 'maintainer', 'author'];
const isCkanPackage = (v: unknown) => isObj(v) && typeof v.name === 'string' && CKAN_KEYS.some((k) => k in v);
const POD_KEYS = ['accessLevel', 'keyword', 'contactPoint', 'bureauCode', 'distribution'];
const isPodDataset = (v: unknown) => isObj(v) && POD_KEYS.some((k) => k in v);

function keysOf(list: unknown[]): string {
  const keys = new Set<string>();
  for (const x of list.slice(0, 20)) if (isObj(x)) for (const k of Object.keys(x)) keys.add(k);
  const shown = [...keys].slice(0, 6);
  return shown.length ? `${shown.join(', ')}${keys.size > shown.length ? ', …' : ''}` : '-';
}

function detectJson(doc: unknown): Detected {
  if (isObj(doc) && ('@context' in doc || '@graph' in doc) && !Array.isArray(doc.dataset)) return { kind: 'dcat', looks: w('JSON-LD', 'JSON-LD') };
  if (isObj(doc) && Array.isArray(doc.dataset)) return { kind: 'datajson', looks: w('a data.json catalogue (dataset[])', 'data.json 目录（dataset[]）') };
  const body = isObj(doc) && 'result' in doc && 'success' in doc ? doc.result : doc;
  const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.results) ? body.results : [body];
  if (list.length && list.every(isCkanPackage)) return { kind: 'ckan', looks: w('CKAN package JSON', 'CKAN 数据集 JSON') };
  const datajson = datajsonDatasets(doc);
  if (datajson?.length && datajson.every(isPodDataset)) return { kind: 'datajson', looks: w('a list of data.json datasets', 'data.json 数据集列表') };
  const keys = keysOf(Array.isArray(doc) ? doc : [doc]);
  if (Array.isArray(doc)) return { looks: w(`a JSON array of ${doc.length} items with keys ${keys}`, `含 ${doc.length} 项的 JSON 数组，键为 ${keys}`) };
  return { looks: isObj(doc) ? w(`a JSON object with keys ${keys}`, `JSON 对象，键为 ${keys}`) : w(`a JSON ${typeof doc}`, `JSON ${typeof doc} 值`) };
}

/** Sniff the kind of a foreign catalogue from its content (never from its name). */
export function detectCatalogue(bytes: Uint8Array): Detected {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start === '<') return detectXml(text);
  if (start === '{' || start === '[') {
    try {
      return detectJson(JSON.parse(text));
    } catch {
      return { looks: w('text that is not valid JSON', '不是有效 JSON 的文本'), broken: true };
    }
  }
  return { looks: start === undefined ? w('an empty file', '空文件') : w('neither JSON nor XML', '既不是 JSON 也不是 XML 的内容') };
}

/** Importers that read the same content under two names (templates name dcat-ap for dcat). */
const SAME: Record<string, string> = { 'dcat-ap': 'dcat' };

/**
 * The importer to use for a file: the detected one for `auto`, else `from` when the content fits it.
 * A wrong `from` is refused naming what the file looks like.
 */
export function chooseImporter(bytes: Uint8Array, file: string, from: string, available: string[]): string {
  const d = detectCatalogue(bytes);
  if (from === 'auto') {
    if (!d.kind) throw new ImportKindError('import-unknown-kind', { file, looks: d.looks, available: available.join(', ') });
    return d.kind;
  }
  if (d.kind === (SAME[from] ?? from) || d.broken) return from;
  if (d.kind) throw new ImportKindError('import-looks-like', { file, format: from, detected: d.kind, looks: d.looks });
  throw new ImportKindError('import-not-kind', { file, format: from, looks: d.looks });
}
