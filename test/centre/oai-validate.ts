import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { fixture, ROOT } from '../helpers/cli.js';
import { CATALOG_RECORD_XSD } from '../../src/centre/oai.js';
import { CENTRE_DESCRIPTION_XSD } from '../../src/centre/tree/describe.js';

const OAI_DIR = fixture('schemas', 'oai-pmh');
const read = (f: string) => fs.readFileSync(f, 'utf8');

/**
 * Validate an OAI-PMH response against the published OAI-PMH XSD plus the schemas of the metadata
 * formats (oai_dc, the catalog format, GB/T XML). The schemas' remote imports are satisfied by
 * importing the namespaces first from local copies (libxml2 skips an already imported namespace).
 */
const WRAPPER = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
  <xs:import namespace="http://purl.org/dc/elements/1.1/" schemaLocation="simpledc20021212.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="urn:x-catalog:record:1" schemaLocation="catalog-record.xsd"/>
  <xs:import namespace="urn:x-catalog:centre:1" schemaLocation="centre-description.xsd"/>
  <xs:import namespace="urn:x-catalog:gbt21063-3:catalog:1" schemaLocation="gbt21063-3.xsd"/>
</xs:schema>
`;

export async function validateOai(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const preload = [
    ...['xml.xsd', 'simpledc20021212.xsd', 'oai_dc.xsd', 'OAI-PMH.xsd'].map((f) => ({ fileName: f, contents: read(path.join(OAI_DIR, f)) })),
    { fileName: 'catalog-record.xsd', contents: CATALOG_RECORD_XSD },
    { fileName: 'centre-description.xsd', contents: CENTRE_DESCRIPTION_XSD },
    { fileName: 'gbt21063-3.xsd', contents: read(path.join(ROOT, 'standards', 'gbt21063-3', 'catalog.xsd')) },
  ];
  const r = await validateXML({ xml: [{ fileName: 'response.xml', contents: xml }], schema: [{ fileName: 'wrapper.xsd', contents: WRAPPER }], preload });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}
