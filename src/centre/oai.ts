import type { CatalogRecord } from '../model/record.js';
import { classCodeOf, type CentreStore, type StoredRecord } from './store.js';

/**
 * OAI-PMH 2.0 provider (http://www.openarchives.org/OAI/2.0/openarchivesprotocol.htm).
 * Datestamps are the records' last-change times (UTC, YYYY-MM-DDThh:mm:ssZ); withdrawn records
 * stay as deleted headers (deletedRecord=persistent). Resumption tokens are stateless: they
 * carry prefix, from/until/set and the (datestamp, key) of the last item sent, so any process
 * serving the same database can answer them.
 */

export interface OaiOptions {
  baseUrl: string;
  repositoryName?: string;
  /** Namespace part of oai identifiers: oai:<repositoryId>:<record key>. */
  repositoryId?: string;
  adminEmail?: string;
  pageSize?: number;
  /** Largest list page in bytes (default 8 MiB): a page ends early, with a resumptionToken, once it is passed. */
  maxPageBytes?: number;
  /** Identify <description> elements (one XML element each, of a namespace with a schema), e.g. the centre's self-description. */
  descriptions?: string[];
  /** Extra metadata formats, e.g. GB/T 21063 XML, keyed by prefix. */
  formats?: MetadataFormat[];
}

export interface MetadataFormat {
  prefix: string;
  schema: string;
  namespace: string;
  /** The record's metadata as one XML element (no XML declaration). */
  render(r: StoredRecord): string;
}

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
export const CATALOG_RECORD_NS = 'urn:x-catalog:record:1';

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // characters XML 1.0 cannot carry
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

const el = (name: string, value: string | undefined) => (value ? `<${name}>${escapeXml(value)}</${name}>` : '');

/** Unqualified Dublin Core view of a record (oai_dc). */
export function recordToOaiDc(r: CatalogRecord, key: string): string {
  const parts = [
    el('dc:title', r.title),
    el('dc:creator', r.provider?.name),
    ...(r.keywords ?? []).map((k) => el('dc:subject', k)),
    ...(r.directoryClass?.names ?? []).map((n) => el('dc:subject', n)),
    ...(r.classifications ?? []).map((c) => el('dc:subject', c.name ?? c.code)),
    el('dc:description', r.abstract),
    el('dc:publisher', r.provider?.name),
    el('dc:date', r.publishedDate),
    el('dc:type', 'Dataset'),
    el('dc:format', [r.format?.category, r.format?.type].filter(Boolean).join(' ') || undefined),
    el('dc:identifier', key),
    ...(r.onlineResources ?? []).map((u) => el('dc:identifier', u)),
    ...(r.relatedResourceCodes ?? []).map((c) => el('dc:relation', c)),
    el('dc:rights', r.sharing?.type),
  ];
  return `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" `
    + `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">`
    + parts.join('') + '</oai_dc:dc>';
}

/** Lossless project format (`catalog`): the internal record model as JSON text, plus origin and hash. Used by centre-to-centre harvest. */
export function recordToCatalogXml(r: StoredRecord): string {
  return `<cat:record xmlns:cat="${CATALOG_RECORD_NS}" key="${escapeXml(r.key)}" hash="${r.hash}" origin="${escapeXml(r.origin)}" provider="${escapeXml(r.provider)}"${r.chain?.length ? ` chain="${escapeXml(r.chain.join(' '))}"` : ''}>`
    + escapeXml(JSON.stringify(r.record)) + '</cat:record>';
}

/** The XSD of the `catalog` metadata format (served at /schemas/catalog-record.xsd). */
export const CATALOG_RECORD_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${CATALOG_RECORD_NS}" elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xs:annotation><xs:documentation>catalog project extension: one catalogue record (internal model, JSON text) for centre-to-centre harvest.</xs:documentation></xs:annotation>
  <xs:element name="record">
    <xs:complexType>
      <xs:simpleContent>
        <xs:extension base="xs:string">
          <xs:attribute name="key" type="xs:string" use="required"/>
          <xs:attribute name="hash" type="xs:string" use="required"/>
          <xs:attribute name="origin" type="xs:string" use="required"/>
          <xs:attribute name="provider" type="xs:string" use="required"/>
          <xs:attribute name="chain" type="xs:string" use="optional"/>
        </xs:extension>
      </xs:simpleContent>
    </xs:complexType>
  </xs:element>
</xs:schema>
`;

function builtinFormats(baseUrl: string): MetadataFormat[] {
  return [
    { prefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/', render: (r) => recordToOaiDc(r.record, r.key) },
    { prefix: 'catalog', schema: `${baseUrl.replace(/\/oai$/, '')}/schemas/catalog-record.xsd`, namespace: CATALOG_RECORD_NS, render: recordToCatalogXml },
  ];
}

const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

/** setSpecs of a record: provider:<code>, class:<code>. */
export function setSpecsOf(r: StoredRecord): string[] {
  const specs = [`provider:${r.provider}`];
  const cls = classCodeOf(r.record);
  if (cls) specs.push(`class:${cls}`);
  return specs.filter((s) => SET_SPEC.test(s));
}

interface TokenState { p: string; f?: string; u?: string; s?: string; d: string; k: string; c: number }

const encodeToken = (t: TokenState) => Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
function decodeToken(s: string): TokenState | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as TokenState;
    if (typeof t.p !== 'string' || typeof t.d !== 'string' || typeof t.k !== 'string' || typeof t.c !== 'number') return undefined;
    return t;
  } catch {
    return undefined;
  }
}

const DATESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?$/;
/**
 * A UTC datestamp in one of the two granularities that is also a real calendar date and time
 * (2024-02-30 or 24:00:00 are refused): the value is echoed in <request>, whose from/until the
 * OAI-PMH schema types as xs:date / xs:dateTime, so an impossible date must never get that far.
 */
export function validDatestamp(v: string): boolean {
  const m = DATESTAMP.exec(v);
  if (!m) return false;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (y < 1 || h > 23 || mi > 59 || s > 59) return false;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // not Date.UTC: it reads years 0-99 as 1900-1999
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** metadataPrefix syntax of the OAI-PMH schema (metadataPrefixType). */
const METADATA_PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;

const ALLOWED: Record<string, { required: string[]; optional: string[] }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: ['resumptionToken'] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set', 'resumptionToken'] },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set', 'resumptionToken'] },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};

class OaiError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

/** One request being answered: what every verb's answer needs. */
interface OaiRequest {
  store: CentreStore;
  params: URLSearchParams;
  opts: OaiOptions;
  formats: MetadataFormat[];
  repoId: string;
  responseDate: string;
  verb: string;
  token: string | null;
}

/** Answer one OAI-PMH request (GET query or POST form parameters). Always an OAI-PMH XML document, errors included. */
export async function handleOai(store: CentreStore, params: URLSearchParams, opts: OaiOptions, now = new Date()): Promise<string> {
  const req: OaiRequest = {
    store, params, opts,
    formats: [...builtinFormats(opts.baseUrl), ...(opts.formats ?? [])],
    repoId: opts.repositoryId ?? 'catalog',
    responseDate: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verb: params.get('verb') ?? '',
    token: params.get('resumptionToken'),
  };
  const problems = argumentProblems(params);
  if (problems.length) return errorDoc(req, problems, false);
  try {
    const body = await answer(req);
    return head(req, requestAttrs(params)) + body + '</OAI-PMH>\n';
  } catch (err) {
    // §3.2: only badVerb and badArgument answers leave the request unechoed; every echoed value was checked above.
    if (err instanceof OaiError) return errorDoc(req, [err], err.code !== 'badArgument');
    throw err;
  }
}

function head(req: OaiRequest, attrs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="${OAI_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" `
    + `xsi:schemaLocation="${OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n<responseDate>${req.responseDate}</responseDate>\n`
    + `<request${attrs}>${escapeXml(req.opts.baseUrl)}</request>\n`;
}

function errorDoc(req: OaiRequest, errors: OaiError[], echo: boolean): string {
  return head(req, echo ? requestAttrs(req.params) : '')
    + errors.map((e) => `<error code="${e.code}">${escapeXml(e.message)}</error>\n`).join('') + '</OAI-PMH>\n';
}

const requestAttrs = (params: URLSearchParams) => [...params.entries()].map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');

/** The verb and its arguments checked against the protocol (§3.1, §3.6) before anything is looked up. */
function argumentProblems(params: URLSearchParams): OaiError[] {
  const verb = params.get('verb') ?? '';
  const spec = ALLOWED[verb];
  if (!spec) return [new OaiError('badVerb', verb ? `illegal verb "${verb}"` : 'missing verb')];
  const keys = [...params.keys()];
  const problems: OaiError[] = [];
  for (const k of new Set(keys)) {
    if (k === 'verb') continue;
    if (!spec.required.includes(k) && !spec.optional.includes(k)) problems.push(new OaiError('badArgument', `illegal argument "${k}"`));
    if (params.getAll(k).length > 1) problems.push(new OaiError('badArgument', `repeated argument "${k}"`));
  }
  if (params.getAll('verb').length > 1) problems.push(new OaiError('badVerb', 'repeated verb'));
  if (params.get('resumptionToken') !== null) {
    if (keys.some((k) => k !== 'verb' && k !== 'resumptionToken')) problems.push(new OaiError('badArgument', 'resumptionToken is an exclusive argument'));
  } else {
    for (const r of spec.required) if (!params.get(r)) problems.push(new OaiError('badArgument', `missing argument "${r}"`));
  }
  for (const name of ['metadataPrefix', 'set'] as const) {
    const v = params.get(name);
    const ok = name === 'set' ? SET_SPEC : METADATA_PREFIX;
    if (v && !ok.test(v)) problems.push(new OaiError('badArgument', `${name} has characters the OAI-PMH schema does not allow`));
  }
  return problems;
}

function keyOf(req: OaiRequest, identifier: string): string {
  const prefix = `oai:${req.repoId}:`;
  if (!identifier.startsWith(prefix)) throw new OaiError('idDoesNotExist', `unknown identifier "${identifier}"`);
  return identifier.slice(prefix.length);
}

function header(req: OaiRequest, r: StoredRecord): string {
  return `<header${r.status === 'withdrawn' ? ' status="deleted"' : ''}><identifier>${escapeXml(`oai:${req.repoId}:${r.key}`)}</identifier>`
    + `<datestamp>${r.datestamp}</datestamp>${setSpecsOf(r).map((s) => `<setSpec>${escapeXml(s)}</setSpec>`).join('')}</header>`;
}

function recordXml(req: OaiRequest, r: StoredRecord, format: MetadataFormat): string {
  if (r.status === 'withdrawn') return `<record>${header(req, r)}</record>\n`;
  return `<record>${header(req, r)}<metadata>${format.render(r)}</metadata></record>\n`;
}

function formatOf(req: OaiRequest, prefix: string): MetadataFormat {
  const f = req.formats.find((x) => x.prefix === prefix);
  if (!f) throw new OaiError('cannotDisseminateFormat', `metadata format "${prefix}" is not supported; see ListMetadataFormats`);
  return f;
}

/** A record the repository shows (published or withdrawn), or idDoesNotExist. */
async function shownRecord(req: OaiRequest, id: string): Promise<StoredRecord> {
  const r = await req.store.getRecord(keyOf(req, id));
  if (!r || r.status === 'submitted' || r.status === 'returned') throw new OaiError('idDoesNotExist', `unknown identifier "${id}"`);
  return r;
}

async function answer(req: OaiRequest): Promise<string> {
  const { store, params, opts } = req;
  switch (req.verb) {
    case 'Identify': {
      const earliest = (await store.earliestDatestamp()) ?? req.responseDate;
      return `<Identify><repositoryName>${escapeXml(opts.repositoryName ?? '政务信息资源目录中心')}</repositoryName><baseURL>${escapeXml(opts.baseUrl)}</baseURL>`
        + `<protocolVersion>2.0</protocolVersion><adminEmail>${escapeXml(opts.adminEmail ?? 'admin@example.org')}</adminEmail>`
        + `<earliestDatestamp>${earliest}</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity>`
        + `${(opts.descriptions ?? []).map((d) => `<description>${d}</description>`).join('')}</Identify>\n`;
    }
    case 'ListMetadataFormats': {
      const id = params.get('identifier');
      if (id) await shownRecord(req, id);
      return '<ListMetadataFormats>' + req.formats.map((f) => `<metadataFormat><metadataPrefix>${f.prefix}</metadataPrefix><schema>${escapeXml(f.schema)}</schema>`
        + `<metadataNamespace>${escapeXml(f.namespace)}</metadataNamespace></metadataFormat>`).join('') + '</ListMetadataFormats>\n';
    }
    case 'ListSets': {
      if (req.token !== null) throw new OaiError('badResumptionToken', 'ListSets is answered in one response; no resumption token is valid');
      const sets = (await store.listSets()).filter((s) => SET_SPEC.test(s.spec));
      return '<ListSets>' + sets.map((s) => `<set><setSpec>${escapeXml(s.spec)}</setSpec><setName>${escapeXml(s.name)}</setName></set>`).join('') + '</ListSets>\n';
    }
    case 'GetRecord': {
      const format = formatOf(req, params.get('metadataPrefix')!);
      const r = await shownRecord(req, params.get('identifier')!);
      return `<GetRecord>${recordXml(req, r, format)}</GetRecord>\n`;
    }
    default:
      return list(req, req.verb as 'ListIdentifiers' | 'ListRecords');
  }
}

/** Where a list request starts: from its resumption token, or from its (checked) from/until/set arguments. */
function listState(req: OaiRequest): TokenState {
  const { params, token } = req;
  if (token !== null) {
    const t = decodeToken(token);
    if (!t) throw new OaiError('badResumptionToken', 'the resumption token is invalid');
    return t;
  }
  const from = params.get('from') ?? undefined;
  const until = params.get('until') ?? undefined;
  // The bad value is not repeated in the message: badArgument answers echo nothing of the request.
  for (const [name, v] of [['from', from], ['until', until]] as const) if (v !== undefined && !validDatestamp(v)) throw new OaiError('badArgument', `${name} is not a real UTC date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)`);
  if (from && until && from.length !== until.length) throw new OaiError('badArgument', 'from and until must have the same granularity');
  if (from && until && from > until) throw new OaiError('badArgument', 'from is after until');
  return { p: params.get('metadataPrefix')!, f: from, u: until, s: params.get('set') ?? undefined, d: '', k: '', c: 0 };
}

/** The store filter a setSpec names: provider:<code> or class:<code>. */
function setFilter(set: string | undefined): { provider?: string; classCode?: string } {
  if (!set) return {};
  if (set.startsWith('provider:')) return { provider: set.slice('provider:'.length) };
  if (set.startsWith('class:')) return { classCode: set.slice('class:'.length) };
  // A well-formed set nobody uses is an empty selection (OAI-PMH 2.0 §3.6: noRecordsMatch), not a bad argument.
  throw new OaiError('noRecordsMatch', 'no records match the request (unknown set; see ListSets)');
}

async function list(req: OaiRequest, kind: 'ListIdentifiers' | 'ListRecords'): Promise<string> {
  const state = listState(req);
  const format = formatOf(req, state.p);
  const pageSize = req.opts.pageSize ?? 100;
  const rows = await req.store.list({
    from: state.f, until: state.u, ...setFilter(state.s), limit: pageSize + 1, statuses: ['published', 'withdrawn'],
    ...(state.d ? { after: { datestamp: state.d, key: state.k } } : {}),
  });
  if (!rows.length) throw new OaiError('noRecordsMatch', 'no records match the request');
  // at most pageSize records and (after the first) maxPageBytes: a few huge records cannot make a huge answer
  const budget = req.opts.maxPageBytes ?? 8 * 1024 * 1024;
  const page: StoredRecord[] = [];
  const parts: string[] = [];
  let bytes = 0;
  for (const r of rows.slice(0, pageSize)) {
    if (page.length && bytes >= budget) break;
    const xml = kind === 'ListRecords' ? recordXml(req, r, format) : header(req, r) + '\n';
    bytes += Buffer.byteLength(xml);
    page.push(r);
    parts.push(xml);
  }
  let resume = '';
  if (rows.length > page.length) {
    const last = page[page.length - 1];
    resume = `<resumptionToken cursor="${state.c}">${encodeToken({ ...state, d: last.datestamp, k: last.key, c: state.c + page.length })}</resumptionToken>\n`;
  } else if (state.c) {
    resume = `<resumptionToken cursor="${state.c}"/>\n`;
  }
  return `<${kind}>\n${parts.join('')}${resume}</${kind}>\n`;
}
