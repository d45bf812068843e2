import jsonld from 'jsonld';
import { Parser, Store, type Quad, type Term } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { CatalogRecord, Classification } from '../model/record.js';
import { euFrequencyToCycle } from '../export/frequency.js';
import { ACCESS, DCAT_CONTEXT, ID_AGENCY } from '../export/dcat-ap.js';
import { clean, identityFrom, isoDate, type ImportOptions, type ImportResult, type Importer } from './types.js';
import { ImportParseError, importIssue } from './issue.js';
import { assertXmlWithinLimits, XmlLimitError, xmlLimitRef } from '../io/xml-limits.js';
import { countField, newContext, readForeignDate, type ImportContext } from './values.js';

// The same vocabularies the exporter writes, plus rdf:type for reading.
const NS = { rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', ...DCAT_CONTEXT };

/** Parse RDF/XML text into quads (rdfxml-streaming-parser); XmlLimitError past MAX_XML_DEPTH or on entities. */
export function parseRdfXml(text: string, baseIRI: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    assertXmlWithinLimits(text); // a throw here rejects
    const quads: Quad[] = [];
    const p = new RdfXmlParser({ baseIRI });
    p.on('data', (q: Quad) => quads.push(q));
    p.on('error', reject);
    p.on('end', () => resolve(quads));
    p.end(text);
  });
}

/**
 * Parse JSON-LD into quads. Remote @context documents are NOT fetched (offline tool): a document
 * whose @context is a URL fails with a message saying so; inline contexts work.
 */
export async function parseJsonLd(doc: unknown, file: string): Promise<Quad[]> {
  const documentLoader = async (url: string) => {
    throw new ImportParseError(file, 'JSON-LD', `remote @context ${url} cannot be loaded (offline); inline the context`);
  };
  const nq = (await jsonld.toRDF(doc, { format: "application/n-quads", documentLoader })) as string;
  return new Parser({ format: 'N-Quads' }).parse(nq);
}

class Graph {
  constructor(private store: Store) {}
  objects(s: Term, p: string): Term[] {
    return this.store.getObjects(s, p, null);
  }
  one(s: Term, p: string): Term | undefined {
    return this.objects(s, p)[0];
  }
  /** Literal value, preferring a zh, then untagged, then any language. */
  text(s: Term, p: string): string | undefined {
    const lits = this.objects(s, p).filter((o) => o.termType === 'Literal') as (Term & { language: string })[];
    const pick = lits.find((l) => l.language?.startsWith('zh')) ?? lits.find((l) => !l.language) ?? lits[0];
    return pick?.value;
  }
  texts(s: Term, p: string): string[] {
    return this.objects(s, p).filter((o) => o.termType === 'Literal').map((o) => o.value);
  }
  subjectsOfType(type: string): Term[] {
    return this.store.getSubjects(NS.rdf + 'type', type, null);
  }
}

/** Prefixed name of a predicate IRI when a known vocabulary holds it (dct:title), else the IRI. */
function compact(iri: string): string {
  for (const [prefix, ns] of Object.entries(NS)) if (iri.startsWith(ns) && iri.length > ns.length) return `${prefix}:${iri.slice(ns.length)}`;
  return iri;
}

/** A node's triples as JSON (predicate → value or list), blank nodes nested up to `depth` levels: how kept values are stored. */
function nodeJson(store: Store, node: Term, depth = 4): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  for (const q of store.getQuads(node, null, null, null)) {
    const o = q.object;
    const v = o.termType === 'Literal' ? ((o as Term & { language: string }).language ? { '@value': o.value, '@language': (o as Term & { language: string }).language } : o.value)
      : o.termType === 'BlankNode' && depth > 0 ? nodeJson(store, o, depth - 1) : o.value;
    (out[compact(q.predicate.value)] ??= []).push(v);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

/** Do all the nodes use only these predicates? Then the record re-creates them and they need no keeping. */
function onlyPredicates(store: Store, nodes: Term[], allowed: string[]): boolean {
  // A named node's IRI is itself a value the record has no place for.
  return nodes.every((n) => n.termType === 'BlankNode' && store.getQuads(n, null, null, null).every((q) => allowed.includes(q.predicate.value)));
}

/** Dataset predicates the record holds only in part or not at all: kept whole under extensions.dcat. */
function keptPredicates(store: Store, g: Graph, ds: Term, o: { ids: boolean; landingUsed: boolean }): string[] {
  const p = (x: keyof typeof NS, local: string) => NS[x] + local;
  const objs = (pred: string) => g.objects(ds, pred);
  const lossless: Record<string, () => boolean> = {
    [p('rdf', 'type')]: () => objs(p('rdf', 'type')).every((t) => t.value === p('dcat', 'Dataset')),
    [p('dct', 'title')]: () => objs(p('dct', 'title')).length === 1,
    [p('dct', 'description')]: () => objs(p('dct', 'description')).length === 1,
    [p('dcat', 'keyword')]: () => true,
    [p('dct', 'publisher')]: () => objs(p('dct', 'publisher')).length === 1 && onlyPredicates(store, objs(p('dct', 'publisher')), [p('rdf', 'type'), p('foaf', 'name'), p('dct', 'identifier')]),
    [p('dcat', 'contactPoint')]: () => onlyPredicates(store, objs(p('dcat', 'contactPoint')), [p('rdf', 'type'), p('vcard', 'fn')]),
    [p('dcat', 'theme')]: () => objs(p('dcat', 'theme')).every((t) => (t.termType === 'NamedNode' && !g.text(t, NS.skos + 'prefLabel')) || onlyPredicates(store, [t], [p('rdf', 'type'), p('skos', 'inScheme'), p('skos', 'prefLabel'), p('skos', 'notation')])),
    [p('dcat', 'distribution')]: () => onlyPredicates(store, objs(p('dcat', 'distribution')), [p('rdf', 'type'), p('dcat', 'accessURL'), p('dcat', 'accessService')]),
    [p('dcat', 'landingPage')]: () => o.landingUsed,
    [p('dct', 'accessRights')]: () => objs(p('dct', 'accessRights')).every((t) => t.value === ACCESS + 'PUBLIC' || t.value === ACCESS + 'NON_PUBLIC'),
    [p('dct', 'accrualPeriodicity')]: () => objs(p('dct', 'accrualPeriodicity')).every((t) => !!euFrequencyToCycle(t.value)),
    [p('dct', 'issued')]: () => objs(p('dct', 'issued')).every((t) => readForeignDate(t.value).exact),
    [p('dct', 'modified')]: () => objs(p('dct', 'modified')).every((t) => readForeignDate(t.value).exact),
    [p('dct', 'identifier')]: () => !o.ids,
    [p('adms', 'identifier')]: () => o.ids,
  };
  const preds = [...new Set(store.getQuads(ds, null, null, null).map((q) => q.predicate.value))];
  return preds.filter((pred) => !lossless[pred]?.());
}

/** Every dcat:Dataset in the graph → record (DCAT-AP mapping of src/export/dcat-ap.ts, read generously). */
export function datasetsToRecords(store: Store, file: string, ctx: ImportContext = newContext(file)): CatalogRecord[] {
  const g = new Graph(store);
  return g.subjectsOfType(NS.dcat + 'Dataset').map((ds, index) => {
    const ids: Partial<CatalogRecord> = {};
    for (const node of g.objects(ds, NS.adms + 'identifier')) {
      const field = ID_AGENCY[g.text(node, NS.adms + 'schemeAgency') ?? ''];
      const notation = g.text(node, NS.skos + 'notation');
      if (field && notation !== undefined) ids[field] = notation;
    }
    const identity = Object.keys(ids).length ? ids : identityFrom(g.text(ds, NS.dct + 'identifier'));
    const pub = g.one(ds, NS.dct + 'publisher');
    const provider = pub ? clean({ name: g.text(pub, NS.foaf + 'name') ?? '', code: g.text(pub, NS.dct + 'identifier') }) : { name: '' };
    const contacts = g.objects(ds, NS.dcat + 'contactPoint').map((c) => g.text(c, NS.vcard + 'fn')).filter((n): n is string => !!n).map((name) => ({ name }));
    const classifications: Classification[] = g.objects(ds, NS.dcat + 'theme').map((t) => {
      const scheme = g.one(t, NS.skos + 'inScheme');
      const label = g.text(t, NS.skos + 'prefLabel');
      return clean({ scheme: (scheme && g.text(scheme, NS.dct + 'title')) ?? 'dcat:theme', name: label ?? (t.termType === 'NamedNode' ? t.value : undefined), code: g.text(t, NS.skos + 'notation') });
    });
    let service: CatalogRecord['service'];
    const online: string[] = [];
    for (const d of g.objects(ds, NS.dcat + 'distribution')) {
      const svc = g.one(d, NS.dcat + 'accessService');
      const access = g.one(d, NS.dcat + 'accessURL') ?? g.one(d, NS.dcat + 'downloadURL');
      if (svc && !service) service = { url: g.one(svc, NS.dcat + 'endpointURL')?.value ?? access?.value ?? '', type: g.text(svc, NS.dct + 'title') ?? '' };
      else if (access) online.push(access.value);
    }
    const landing = g.one(ds, NS.dcat + 'landingPage');
    const landingUsed = !!landing && !Object.keys(ids).length;
    if (landing && landingUsed && !online.includes(landing.value)) online.unshift(landing.value);
    const kept = keptPredicates(store, g, ds, { ids: Object.keys(ids).length > 0, landingUsed });
    const all = nodeJson(store, ds);
    const dcatExt: Record<string, unknown> = {};
    if (ds.termType === 'NamedNode' && !Object.keys(ids).length) dcatExt.iri = ds.value;
    for (const pred of kept) dcatExt[compact(pred)] = all[compact(pred)];
    for (const pred of new Set(store.getQuads(ds, null, null, null).map((q) => q.predicate.value))) countField(ctx, compact(pred), kept.includes(pred) ? `extensions.dcat.${compact(pred)}` : compact(pred));
    const rights = g.one(ds, NS.dct + 'accessRights')?.value;
    const freq = g.one(ds, NS.dct + 'accrualPeriodicity')?.value;
    const keywords = g.texts(ds, NS.dcat + 'keyword');
    return clean({
      ...identity,
      title: g.text(ds, NS.dct + 'title') ?? '',
      abstract: g.text(ds, NS.dct + 'description'),
      keywords: keywords.length ? keywords : undefined,
      provider,
      metadataContacts: contacts.length ? contacts : undefined,
      classifications: classifications.length ? classifications : undefined,
      publishedDate: isoDate(g.one(ds, NS.dct + 'issued')?.value),
      metadataUpdated: isoDate(g.one(ds, NS.dct + 'modified')?.value),
      updateCycle: euFrequencyToCycle(freq),
      openness: rights === ACCESS + 'PUBLIC' ? { open: true } : rights === ACCESS + 'NON_PUBLIC' ? { open: false } : undefined,
      onlineResources: online.length ? online : undefined,
      service,
      extensions: Object.keys(dcatExt).length ? { dcat: dcatExt } : undefined,
      provenance: { file, row: index + 1 },
    }) as CatalogRecord;
  });
}

export const dcatImporter: Importer = {
  id: 'dcat',
  description: 'DCAT / DCAT-AP as JSON-LD or RDF/XML',
  async run(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    const isXml = /^\s*</.test(text);
    let quads: Quad[];
    try {
      if (isXml) quads = await parseRdfXml(text, `file:///${encodeURIComponent(options.file)}`);
      else {
        let doc: unknown;
        try { doc = JSON.parse(text); } catch (err) { throw new ImportParseError(options.file, 'JSON-LD', (err as Error).message); }
        quads = await parseJsonLd(doc, options.file);
      }
    } catch (err) {
      if (err instanceof ImportParseError) throw err;
      if (err instanceof XmlLimitError) throw new ImportParseError(options.file, 'RDF/XML', xmlLimitRef(err));
      const cause = (err as { details?: { cause?: unknown } }).details?.cause;
      if (cause instanceof ImportParseError) throw cause;
      throw new ImportParseError(options.file, isXml ? 'RDF/XML' : 'JSON-LD', (err as Error).message.split('\n')[0]);
    }
    const ctx = newContext(options.file);
    const records = datasetsToRecords(new Store(quads), options.file, ctx);
    if (!records.length) ctx.issues.push(importIssue('import-empty', { file: options.file, format: 'DCAT', what: 'dcat:Dataset' }, 'warning'));
    return { records, issues: ctx.issues, fields: ctx.fields };
  },
};
