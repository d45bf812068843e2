import jsonld from 'jsonld';
import { Parser, Store, type Quad, type Term } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import type { CatalogRecord, Classification } from '../model/record.js';
import { euFrequencyToCycle } from '../export/frequency.js';
import { ACCESS, DCAT_CONTEXT, ID_AGENCY } from '../export/dcat-ap.js';
import { clean, identityFrom, isoDate, type ImportOptions, type ImportResult, type Importer } from './types.js';
import { ImportParseError, importIssue } from './issue.js';
import { assertXmlWithinLimits, XmlLimitError, xmlLimitMessage } from '../io/xml-limits.js';

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

/** Every dcat:Dataset in the graph → record (DCAT-AP mapping of src/export/dcat-ap.ts, read generously). */
export function datasetsToRecords(store: Store, file: string): CatalogRecord[] {
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
    if (landing && !online.includes(landing.value) && !Object.keys(ids).length) online.unshift(landing.value);
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
      extensions: ds.termType === 'NamedNode' && !Object.keys(ids).length ? { dcat: { iri: ds.value } } : undefined,
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
      if (err instanceof XmlLimitError) throw new ImportParseError(options.file, 'RDF/XML', xmlLimitMessage(err, options.lang ?? 'en'));
      const cause = (err as { details?: { cause?: unknown } }).details?.cause;
      if (cause instanceof ImportParseError) throw cause;
      throw new ImportParseError(options.file, isXml ? 'RDF/XML' : 'JSON-LD', (err as Error).message.split('\n')[0]);
    }
    const records = datasetsToRecords(new Store(quads), options.file);
    const issues = records.length ? [] : [importIssue('import-empty', options.lang ?? 'en', { file: options.file, format: 'DCAT', what: 'dcat:Dataset' }, 'warning')];
    return { records, issues };
  },
};
