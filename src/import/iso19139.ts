import type { CatalogRecord, Party } from '../model/record.js';
import { parseXml, type XmlNode } from './xml-tree.js';
import { clean, identityFrom, type ImportOptions, type ImportResult, type Importer } from './types.js';
import { ImportParseError, importIssue } from './issue.js';
import { countField, newContext, readForeignDate, type ImportContext } from './values.js';

/**
 * ISO 19115 metadata as ISO 19139 XML (gmd:MD_Metadata) or ISO 19115-3 XML (mdb:MD_Metadata), as
 * pycsw, GeoNetwork and CSW/OAI-PMH answers serve it: one record per MD_Metadata element wherever it
 * sits (a lone record, a csw:GetRecordsResponse, an OAI-PMH ListRecords). Elements are matched by
 * local name, so both encodings share one mapping. Every leaf value the mapping does not read is kept
 * under extensions.iso (path of local names → text), so nothing is dropped.
 */
const GMD = 'http://www.isotc211.org/2005/gmd';
const MDB = /^https?:\/\/standards\.iso\.org\/iso\/19115\/-3\/mdb\//;
const isMetadata = (n: XmlNode) => n.name === 'MD_Metadata' && (n.ns === GMD || MDB.test(n.ns));

/** Record field each top-level MD_Metadata element feeds (for the run report's field counts). */
export const ISO_FIELDS: Record<string, string> = {
  fileIdentifier: '/metadataIdentifier', metadataIdentifier: '/metadataIdentifier', contact: '/metadataContacts', dateStamp: '/metadataUpdated',
  dateInfo: '/metadataUpdated', identificationInfo: '/title /abstract /keywords /provider /publishedDate /resourceIdentifier /classifications /service',
  distributionInfo: '/onlineResources',
};

/** Reads values and remembers which elements it read, so the rest can be kept. */
class Reader {
  readonly used = new Set<XmlNode>();
  /** Elements at a path of local names below `n` ("a/b/c"; "*" matches any one element). */
  all(n: XmlNode | undefined, path: string): XmlNode[] {
    let level = n ? [n] : [];
    for (const step of path.split('/')) level = level.flatMap((x) => x.children.filter((c) => step === '*' || c.name === step));
    return level;
  }
  one(n: XmlNode | undefined, path: string): XmlNode | undefined {
    return this.all(n, path)[0];
  }
  /** Trimmed text of the element (CharacterString, Anchor, URL, Date… inside it), or a code list value; marks it read. */
  text(n: XmlNode | undefined): string | undefined {
    if (!n) return undefined;
    this.mark(n);
    const own = n.text.trim() || n.attrs.codeListValue;
    if (own) return own;
    for (const c of n.children) {
      const t = this.text(c);
      if (t) return t;
    }
    return undefined;
  }
  texts(n: XmlNode | undefined, path: string): string[] {
    return this.all(n, path).map((x) => this.text(x)).filter((t): t is string => !!t);
  }
  mark(n: XmlNode): void {
    this.used.add(n);
    for (const c of n.children) this.mark(c);
  }
}

interface RoleParty { name: string; role?: string }

/** Parties of 19139 (CI_ResponsibleParty) and 19115-3 (CI_Responsibility/party/CI_Organisation|CI_Individual). */
function parties(rd: Reader, holders: XmlNode[]): RoleParty[] {
  const out: RoleParty[] = [];
  for (const h of holders) {
    for (const rp of rd.all(h, 'CI_ResponsibleParty')) {
      const name = rd.text(rd.one(rp, 'organisationName')) ?? rd.text(rd.one(rp, 'individualName'));
      if (name) out.push({ name, role: rd.text(rd.one(rp, 'role')) });
    }
    for (const r of rd.all(h, 'CI_Responsibility')) {
      const role = rd.text(rd.one(r, 'role'));
      for (const party of rd.all(r, 'party/*')) {
        const name = rd.text(rd.one(party, 'name'));
        if (name) out.push({ name, role });
      }
    }
  }
  return out;
}

const PROVIDER_ROLES = ['publisher', 'owner', 'originator', 'custodian', 'distributor', 'resourceProvider', 'pointOfContact'];

/** CI_Date elements by date type (creation, publication, revision…), first of each type. */
function datesByType(rd: Reader, list: XmlNode[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of list) {
    const value = rd.text(rd.one(d, 'date'));
    const type = rd.text(rd.one(d, 'dateType')) ?? 'date';
    if (value && !(type in out)) out[type] = value;
  }
  return out;
}

const dayOf = (v: string | undefined) => (v ? readForeignDate(v).date : undefined);

/** The leaf values the mapping did not read: path of local names → text (repeats become lists). */
function leftovers(rd: Reader, root: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (n: XmlNode, path: string) => {
    if (rd.used.has(n)) return;
    const here = path ? `${path}/${n.name}` : n.name;
    const value = n.children.length ? undefined : n.text.trim() || n.attrs.codeListValue || n.attrs['xlink:href'];
    const keep = (key: string, v: string) => {
      const prev = out[key];
      out[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    };
    if (value) keep(here, value);
    // attributes are values too (id, uuidref, codeList…): kept as path/@name; namespace declarations are syntax
    for (const [k, v] of Object.entries(n.attrs)) if (v !== value && k !== 'xmlns' && !k.startsWith('xmlns:')) keep(`${here}/@${k}`, v);
    for (const c of n.children) walk(c, here);
  };
  for (const c of root.children) walk(c, '');
  return out;
}

/** Geographic box, time span and height range of EX_Extent (both encodings), as numbers/text; undefined when none. */
function extentOf(rd: Reader, ident: XmlNode | undefined): Record<string, string> | undefined {
  const ex = rd.one(ident, 'extent/EX_Extent');
  if (!ex) return undefined;
  const box = rd.one(ex, 'geographicElement/EX_GeographicBoundingBox');
  const span = rd.one(ex, 'temporalElement/EX_TemporalExtent/extent/TimePeriod');
  const height = rd.one(ex, 'verticalElement/EX_VerticalExtent');
  const parts: Record<string, string | undefined> = {
    west: rd.text(rd.one(box, 'westBoundLongitude')), east: rd.text(rd.one(box, 'eastBoundLongitude')),
    south: rd.text(rd.one(box, 'southBoundLatitude')), north: rd.text(rd.one(box, 'northBoundLatitude')),
    begin: rd.text(rd.one(span, 'beginPosition')), end: rd.text(rd.one(span, 'endPosition')),
    minimum: rd.text(rd.one(height, 'minimumValue')), maximum: rd.text(rd.one(height, 'maximumValue')),
    description: rd.text(rd.one(ex, 'description')),
  };
  const out = Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return Object.keys(out).length ? out : undefined;
}

function identification(rd: Reader, ident: XmlNode | undefined): Partial<CatalogRecord> & { parties: RoleParty[]; dates: Record<string, string>; extent?: Record<string, string> } {
  const citation = rd.one(ident, 'citation/CI_Citation');
  const dates = datesByType(rd, rd.all(citation, 'date/CI_Date'));
  const thesaurus = rd.texts(ident, 'descriptiveKeywords/MD_Keywords/thesaurusName/CI_Citation/title');
  const serviceType = rd.text(rd.one(ident, 'serviceType'));
  return {
    title: rd.text(rd.one(citation, 'title')) ?? '',
    abstract: rd.text(rd.one(ident, 'abstract')),
    resourceIdentifier: rd.text(rd.one(citation, 'identifier/*/code')),
    keywords: rd.texts(ident, 'descriptiveKeywords/MD_Keywords/keyword'),
    keywordThesaurus: thesaurus[0],
    classifications: rd.texts(ident, 'topicCategory').map((name) => ({ scheme: 'ISO 19115 MD_TopicCategoryCode', name })),
    service: serviceType ? { url: '', type: serviceType } : undefined,
    parties: parties(rd, [...rd.all(citation, 'citedResponsibleParty'), ...rd.all(ident, 'pointOfContact')]),
    dates,
    extent: extentOf(rd, ident),
  };
}

/** One MD_Metadata element → record. */
export function isoMetadataToRecord(m: XmlNode, file: string, index: number, ctx: ImportContext = newContext(file)): CatalogRecord {
  const rd = new Reader();
  const id = identification(rd, rd.one(m, 'identificationInfo/*'));
  const contacts = parties(rd, rd.all(m, 'contact'));
  const metaDates = datesByType(rd, rd.all(m, 'dateInfo/CI_Date'));
  const stamp = rd.text(rd.one(m, 'dateStamp')) ?? metaDates.revision ?? metaDates.creation;
  const online = rd.texts(m, 'distributionInfo/MD_Distribution/transferOptions/MD_DigitalTransferOptions/onLine/CI_OnlineResource/linkage');
  const provider = PROVIDER_ROLES.map((role) => id.parties.find((p) => p.role === role)).find(Boolean) ?? id.parties[0] ?? contacts[0];
  const identifier = rd.text(rd.one(m, 'fileIdentifier')) ?? rd.text(rd.one(m, 'metadataIdentifier/MD_Identifier/code'));
  const service = id.service ? { url: online[0] ?? '', type: id.service.type } : undefined;
  for (const c of m.children) countField(ctx, c.name, ISO_FIELDS[c.name] ?? `extensions.iso`);
  const extent = id.extent;
  const rest = leftovers(rd, m);
  // Values read but only partly held by record fields: every party with its role, the other dates.
  const iso: Record<string, unknown> = { ...(extent ? { extent } : {}), ...rest };
  if (id.parties.length + contacts.length > 1) iso.parties = [...id.parties, ...contacts.map((c) => ({ ...c, of: 'metadata' }))];
  const otherDates = Object.fromEntries(Object.entries(id.dates).filter(([k]) => k !== 'publication'));
  if (Object.keys(otherDates).length) iso.dates = otherDates;
  if (Object.keys(metaDates).length) iso.metadataDates = metaDates;
  else if (stamp && readForeignDate(stamp).kind !== 'date') iso.dateStamp = stamp;
  return clean({
    ...identityFrom(identifier),
    title: id.title,
    abstract: id.abstract,
    keywords: id.keywords,
    keywordThesaurus: id.keywordThesaurus,
    classifications: id.classifications,
    provider: { name: provider?.name ?? '' } as Party,
    metadataContacts: contacts.length ? contacts.map((c) => ({ name: c.name })) : undefined,
    publishedDate: dayOf(id.dates.publication ?? id.dates.creation),
    metadataUpdated: dayOf(stamp),
    resourceIdentifier: id.resourceIdentifier,
    onlineResources: service ? online.slice(1) : online,
    service,
    extensions: Object.keys(iso).length ? { iso } : undefined,
    provenance: { file, row: index + 1 },
  }) as CatalogRecord;
}

/** Every MD_Metadata element in document order, not descending into one (a record never holds another). */
export function metadataElements(root: XmlNode): XmlNode[] {
  if (isMetadata(root)) return [root];
  return root.children.flatMap(metadataElements);
}

export const iso19139Importer: Importer = {
  id: 'iso19139',
  description: 'ISO 19115 metadata: ISO 19139 (gmd:MD_Metadata) or ISO 19115-3 (mdb:MD_Metadata), alone or in a CSW / OAI-PMH answer',
  async run(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
    const ctx = newContext(options.file);
    let root: XmlNode;
    try {
      root = parseXml(new TextDecoder('utf-8').decode(bytes));
    } catch (err) {
      throw new ImportParseError(options.file, 'ISO 19139 XML', (err as Error).message.split('\n')[0]);
    }
    const records = metadataElements(root).map((m, i) => isoMetadataToRecord(m, options.file, i, ctx));
    if (!records.length) ctx.issues.push(importIssue('import-empty', { file: options.file, format: 'ISO 19139 / 19115-3', what: 'MD_Metadata' }, 'warning'));
    return { records, issues: ctx.issues, fields: ctx.fields };
  },
};
