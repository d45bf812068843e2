import { describe, it, expect } from 'vitest';
import { assertXmlWithinLimits, MAX_XML_DEPTH, XmlLimitError } from '../../../src/io/xml-limits.js';
import { parseXml } from '../../../src/import/xml-tree.js';
import { gbtXmlImporter } from '../../../src/import/gbt-xml.js';
import { dcatImporter } from '../../../src/import/dcat.js';
import { ImportParseError, importErrorRef } from '../../../src/import/issue.js';
import { tCode } from '../../../src/i18n/t.js';
import { parseListRecords, metadataPrefixes } from '../../../src/centre/harvest.js';

const nest = (n: number, inner = 'x') => '<a>'.repeat(n) + inner + '</a>'.repeat(n);

describe('one XML depth limit (src/io/xml-limits.ts)', () => {
  it('accepts exactly MAX_XML_DEPTH levels and refuses one more, naming the line', () => {
    expect(() => assertXmlWithinLimits(nest(MAX_XML_DEPTH))).not.toThrow();
    const deep = '<?xml version="1.0"?>\n<r>\n' + nest(MAX_XML_DEPTH) + '</r>';
    let err: unknown;
    try { assertXmlWithinLimits(deep); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(XmlLimitError);
    expect((err as XmlLimitError).kind).toBe('too-deep');
    expect((err as XmlLimitError).line).toBe(3);
  });

  it('is not fooled by self-closing tags, comments, CDATA, PIs or ">" and "/>" in attribute values', () => {
    const flat = '<r>' + '<e a="/>" b=\'>\'/><!-- <x> --><![CDATA[<y><y>]]><?pi <z>?>'.repeat(10_000) + '</r>';
    expect(() => assertXmlWithinLimits(flat)).not.toThrow();
    expect(() => parseXml(flat)).not.toThrow();
  });

  it('refuses entity declarations, even inside an internal subset holding ">"', () => {
    expect(() => assertXmlWithinLimits('<!DOCTYPE r [<!ELEMENT r ANY><!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')).toThrow(/entities/);
    expect(() => assertXmlWithinLimits('<!DOCTYPE r><r/>')).not.toThrow();
  });

  it('malformed or truncated markup ends the scan (the parser reports it)', () => {
    for (const t of ['<a b="', '<!--', '<![CDATA[', '<?x', '<!DOCTYPE [', '<', '</', 'plain']) expect(() => assertXmlWithinLimits(t)).not.toThrow();
  });

  it('every tree parse refuses a deep document before building it', () => {
    expect(() => parseXml(nest(50_000))).toThrow(XmlLimitError);
  });

  it.each([
    ['gbt-xml', gbtXmlImporter, '<ResourceCatalog xmlns="urn:x">' + nest(50_000) + '</ResourceCatalog>', 'GB/T XML'],
    ['dcat', dcatImporter, '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' + nest(50_000) + '</rdf:RDF>', 'RDF/XML'],
  ])('import --from %s refuses 50,000 nested elements with a zh/en message', async (_id, importer, xml, format) => {
    const bytes = new TextEncoder().encode(xml);
    const err = await importer.run(bytes, { file: 'd.xml' }).catch((e: unknown) => e);
    for (const [lang, text] of [['en', 'nested more than 256 levels'], ['zh', '嵌套超过 256 层']] as const) {
      expect(err).toBeInstanceOf(ImportParseError);
      expect((err as ImportParseError).format).toBe(format);
      const m = importErrorRef(err)!;
      expect(tCode(m.msg, lang, m.params)).toContain(text);
    }
  });

  it('harvest: an OAI-PMH response 60,000 levels deep is refused (saxes and xml2js paths)', async () => {
    const deep = '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">' + nest(60_000) + '</OAI-PMH>';
    expect(() => parseListRecords(deep)).toThrow(expect.objectContaining({ code: 'harvest-xml-too-deep', params: expect.objectContaining({ max: 256 }) }));
    await expect(metadataPrefixes(deep, 'http://127.0.0.1:1/oai')).rejects.toMatchObject({ code: 'harvest-xml-too-deep', params: { max: 256 } });
  });
});
