import fs from 'node:fs';
import path from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { validateXML } from 'xmllint-wasm';
import { ROOT, fixture } from './cli.js';

/** GB/T XML against standards/gbt21063-3/catalog.xsd via xmllint-wasm (libxml2). */
export async function validateGbtXml(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const xsd = fs.readFileSync(path.join(ROOT, 'standards', 'gbt21063-3', 'catalog.xsd'), 'utf8');
  const r = await validateXML({ xml: [{ fileName: 'records.xml', contents: xml }], schema: [{ fileName: 'catalog.xsd', contents: xsd }] });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

// CJS default-export interop (same pattern as src/validate/schema.ts).
const Ajv04 = ((Ajv04Module as any).default ?? Ajv04Module) as typeof Ajv04Module.default;
const addFormats = (addFormatsModule as any).default ?? addFormatsModule;
let pod: ValidateFunction | undefined;
/** data.json against the published POD v1.1 catalog schema (draft-04; unicodeRegExp off for vcard's pattern). */
export function validatePod(doc: unknown): { valid: boolean; errors: unknown } {
  if (!pod) {
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    for (const f of ['vcard', 'organization', 'distribution', 'dataset']) ajv.addSchema(JSON.parse(fs.readFileSync(fixture('schemas', 'pod-v1.1', `${f}.json`), 'utf8')));
    pod = ajv.compile(JSON.parse(fs.readFileSync(fixture('schemas', 'pod-v1.1', 'catalog.json'), 'utf8')));
  }
  const valid = pod!(doc);
  return { valid, errors: pod!.errors };
}

/** Parse exported JSON-LD to an N3 store (inline context only: no remote loading). */
export async function jsonLdToStore(doc: unknown): Promise<Store> {
  const documentLoader = async (url: string) => { throw new Error(`remote context ${url} refused (offline)`); };
  const nq = (await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader })) as string;
  return new Store(new Parser({ format: 'N-Quads' }).parse(nq));
}

/**
 * DCAT-AP 3 SHACL on the data graph alone: the owl:imports of imports.ttl (remote vocabularies)
 * are not loaded, so no RDFS inference happens; the exporter states every rdf:type explicitly.
 */
export async function validateShacl(data: Store, shapesFile: string): Promise<{ conforms: boolean; results: { path?: string; focus?: string; message: string; component?: string }[] }> {
  const shapes = new Store(new Parser().parse(fs.readFileSync(fixture('schemas', 'dcat-ap-3', shapesFile), 'utf8')));
  const report = await new SHACLValidator(shapes).validate(data);
  return {
    conforms: report.conforms,
    results: report.results.map((r) => ({ path: r.path?.value, focus: r.focusNode?.value, message: r.message.map((m) => m.value).join('; '), component: r.sourceConstraintComponent?.value })),
  };
}
