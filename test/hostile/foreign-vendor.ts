import http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fixture } from '../helpers/cli.js';

/**
 * Another vendor's OAI-PMH provider on 127.0.0.1, as a DSpace- or GeoNetwork-like product behaves: its own
 * identifier scheme (oai:vendor.example:dataset/<n>), no `catalog` and no GB/T format (oai_dc always,
 * iso19139 when `iso` is on: the real pycsw ISO 19139 record test/fixtures/real/pycsw_apiso_3e9a8c05.xml),
 * sets, deleted records (deletedRecord=persistent), `from`/`until`, and opaque resumption tokens that expire:
 * `expireTokens()` forgets every token issued (a restart of that product), and `expireEvery` makes every token
 * expire before it is used (a list that can never be finished). Records can be changed between harvests.
 */

export interface VendorRecord {
  /** The part after oai:vendor.example:dataset/. */
  id: string;
  datestamp: string;
  sets: string[];
  deleted?: boolean;
  /** Dublin Core elements: local name → values (dc: namespace; `abstract` and `spatial` go to dcterms:). */
  dc: Record<string, string[]>;
}

export interface ForeignVendor {
  url: string;
  records: VendorRecord[];
  /** Offer iso19139 too (the record's ISO body is the real pycsw sample, with its id). */
  iso: boolean;
  /** Every token issued from now on is already expired when used. */
  expireEvery: boolean;
  /** Forget every resumption token issued so far. */
  expireTokens(): void;
  requests: string[];
  close(): Promise<void>;
}

const DC = 'http://purl.org/dc/elements/1.1/';
const DCT = 'http://purl.org/dc/terms/';
const ISO_SAMPLE = fs.readFileSync(fixture('real', 'pycsw_apiso_3e9a8c05.xml'), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const head = (verb: string) => `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-03-01T00:00:00Z</responseDate><request verb="${verb}">http://vendor.example/oai/request</request>`;

/** `n` records, changed at the n-th hour of 2026-03-01, two sets. */
export function vendorRecords(n: number): VendorRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(1000 + i),
    datestamp: `2026-03-01T${String(i % 24).padStart(2, '0')}:00:00Z`,
    sets: [i % 2 ? 'dept:transport' : 'dept:health'],
    dc: {
      title: [`第${i + 1}号 数据集 ${i % 2 ? '交通' : '卫生'}`],
      publisher: [i % 2 ? '某市交通运输局' : '某市卫生健康委员会'],
      creator: ['数据管理科'],
      subject: ['开放数据', i % 2 ? '交通' : '卫生'],
      abstract: [`第${i + 1}号数据集的说明`],
      date: ['2025-12-3' + (i % 2)],
      format: [i % 2 ? 'text/csv' : 'application/pdf'],
      identifier: [`https://vendor.example/dataset/${1000 + i}`],
      rights: ['CC-BY 4.0'],
      spatial: ['310000'],
    },
  }));
}

function dcXml(r: VendorRecord): string {
  const els = Object.entries(r.dc).flatMap(([name, vs]) => vs.map((v) => {
    const p = name === 'abstract' || name === 'spatial' ? 'dcterms' : 'dc';
    return `<${p}:${name}>${esc(v)}</${p}:${name}>`;
  }));
  // prefixes declared on oai_dc:dc itself, as most providers do (pycsw declares oai_dc: on the root instead)
  return `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="${DC}" xmlns:dcterms="${DCT}">${els.join('')}</oai_dc:dc>`;
}

function recordXml(r: VendorRecord, prefix: string): string {
  const header = `<header${r.deleted ? ' status="deleted"' : ''}><identifier>oai:vendor.example:dataset/${r.id}</identifier><datestamp>${r.datestamp}</datestamp>${r.sets.map((s) => `<setSpec>${s}</setSpec>`).join('')}</header>`;
  if (r.deleted) return `<record>${header}</record>`;
  const body = prefix === 'oai_dc' ? dcXml(r) : ISO_SAMPLE;
  return `<record>${header}<metadata>${body}</metadata></record>`;
}

export async function startForeignVendor(opts: { records?: VendorRecord[]; pageSize?: number; iso?: boolean } = {}): Promise<ForeignVendor> {
  const pageSize = opts.pageSize ?? 3;
  const tokens = new Map<string, { offset: number; q: URLSearchParams }>();
  let issued = 0;
  const vendor: ForeignVendor = {
    url: '', records: opts.records ?? vendorRecords(7), iso: opts.iso ?? false, expireEvery: false, requests: [],
    expireTokens: () => tokens.clear(),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const error = (verb: string, code: string, text: string) => `${head(verb)}<error code="${code}">${text}</error></OAI-PMH>`;
  function listRecords(q: URLSearchParams, offset: number): string {
    const prefix = q.get('metadataPrefix') ?? '';
    if (prefix !== 'oai_dc' && !(prefix === 'iso19139' && vendor.iso)) return error('ListRecords', 'cannotDisseminateFormat', `no format ${esc(prefix)}`);
    const from = q.get('from') ?? '';
    const until = q.get('until') ?? '\uffff';
    const set = q.get('set');
    const hits = vendor.records.filter((r) => r.datestamp >= from && r.datestamp <= until && (!set || r.sets.includes(set)));
    if (!hits.length) return error('ListRecords', 'noRecordsMatch', 'nothing matches');
    const page = hits.slice(offset, offset + pageSize);
    let resume = '';
    if (offset + pageSize < hits.length) {
      const token = `vx${(++issued).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      if (!vendor.expireEvery) tokens.set(token, { offset: offset + pageSize, q });
      resume = `<resumptionToken completeListSize="${hits.length}" cursor="${offset}" expirationDate="2026-03-01T01:00:00Z">${token}</resumptionToken>`;
    }
    return `${head('ListRecords')}<ListRecords>${page.map((r) => recordXml(r, prefix)).join('')}${resume}</ListRecords></OAI-PMH>`;
  }
  function answer(q: URLSearchParams): string {
    const verb = q.get('verb') ?? '';
    if (verb === 'Identify') return `${head(verb)}<Identify><repositoryName>Vendor X 数据目录</repositoryName><baseURL>http://vendor.example/oai/request</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>ops@vendor.example</adminEmail><earliestDatestamp>2026-01-01T00:00:00Z</earliestDatestamp><deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify></OAI-PMH>`;
    if (verb === 'ListMetadataFormats') {
      const f = (p: string, ns: string) => `<metadataFormat><metadataPrefix>${p}</metadataPrefix><schema>${ns}.xsd</schema><metadataNamespace>${ns}</metadataNamespace></metadataFormat>`;
      return `${head(verb)}<ListMetadataFormats>${f('oai_dc', 'http://www.openarchives.org/OAI/2.0/oai_dc/')}${vendor.iso ? f('iso19139', 'http://www.isotc211.org/2005/gmd') : ''}${f('marcxml', 'http://www.loc.gov/MARC21/slim')}</ListMetadataFormats></OAI-PMH>`;
    }
    if (verb === 'ListSets') return `${head(verb)}<ListSets><set><setSpec>dept:health</setSpec><setName>卫生</setName></set><set><setSpec>dept:transport</setSpec><setName>交通</setName></set></ListSets></OAI-PMH>`;
    if (verb !== 'ListRecords') return error(verb, 'badVerb', 'unknown verb');
    const token = q.get('resumptionToken');
    if (token === null) return listRecords(q, 0);
    const state = tokens.get(token);
    if (!state) return error(verb, 'badResumptionToken', 'The token has expired');
    tokens.delete(token);
    return listRecords(state.q, state.offset);
  }
  const server = http.createServer((req, res) => {
    vendor.requests.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname !== '/oai') { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
    res.end(answer(u.searchParams));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  vendor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return vendor;
}

/**
 * The recorded pycsw answers (test/fixtures/real, unmodified) served at /oai: Identify and ListRecords in oai_dc.
 * The recording is the first page of 12 (resumptionToken "11"); the second page was not recorded, so the token is
 * answered with the last portion OAI-PMH 2.0 §3.5 allows, an empty list with an empty token (made here, not real).
 */
export async function startRecordedPycsw(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const identify = fs.readFileSync(fixture('real', 'oaipmh_get_Identify.xml'));
  const list = fs.readFileSync(fixture('real', 'oaipmh_get_ListRecords_oai_dc.xml'));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const body = q.get('verb') === 'Identify' ? identify : q.get('verb') === 'ListRecords' && q.get('metadataPrefix') === 'oai_dc' ? list
      : q.get('resumptionToken') === '11' ? `${head('ListRecords')}<ListRecords><resumptionToken completeListSize="12" cursor="10"/></ListRecords></OAI-PMH>` : undefined;
    if (!body) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
