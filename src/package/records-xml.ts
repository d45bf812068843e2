import { SaxesParser } from 'saxes';
import type { CatalogRecord } from '../model/record.js';
import type { XmlNode } from '../import/xml-tree.js';
import { gbtMetadataToRecord } from '../import/gbt-xml.js';
import { GBT_XML_NAMESPACE } from '../export/gbt-xml.js';

/** records.xml nests six levels; anything deeper is not a package's records.xml (and would only cost memory). */
const MAX_DEPTH = 32;

/**
 * Read records.xml of a package as it is inflated: each <Metadata> element is built, turned into a record
 * and handed to `onRecord`, then dropped, so memory does not grow with the package. Throws (with a one-line
 * message) on malformed XML, a foreign root or nesting deeper than MAX_DEPTH.
 */
export class RecordsXmlReader {
  private parser = new SaxesParser({ xmlns: true });
  private stack: XmlNode[] = [];
  private decoder = new TextDecoder('utf-8', { fatal: true });
  private first = true;

  constructor(onRecord: (r: CatalogRecord) => void) {
    const p = this.parser;
    p.on('opentag', (tag) => {
      const attrs: Record<string, string> = {};
      for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = typeof a === 'string' ? a : a.value;
      const node: XmlNode = { name: tag.local ?? tag.name, ns: tag.uri ?? '', attrs, children: [], text: '' };
      if (!this.stack.length && (node.name !== 'ResourceCatalog' || node.ns !== GBT_XML_NAMESPACE)) throw new Error(`root element is {${node.ns}}${node.name}, expected {${GBT_XML_NAMESPACE}}ResourceCatalog`);
      if (this.stack.length >= MAX_DEPTH) throw new Error(`elements nested deeper than ${MAX_DEPTH}`);
      // Children of the root are records: not kept in the root once read.
      if (this.stack.length > 1) this.stack[this.stack.length - 1].children.push(node);
      this.stack.push(node);
    });
    p.on('text', (t) => { if (this.stack.length > 1) this.stack[this.stack.length - 1].text += t; });
    p.on('cdata', (t) => { if (this.stack.length > 1) this.stack[this.stack.length - 1].text += t; });
    p.on('closetag', () => {
      const node = this.stack.pop()!;
      if (this.stack.length === 1 && node.name === 'Metadata') onRecord(gbtMetadataToRecord(node));
    });
  }

  write(chunk: Uint8Array): void {
    let text = this.decoder.decode(chunk, { stream: true });
    if (this.first && text) {
      text = text.replace(/^\uFEFF/, '');
      this.first = false;
    }
    if (text) this.parser.write(text);
  }

  end(): void {
    const rest = this.decoder.decode();
    if (rest) this.parser.write(rest);
    this.parser.close();
    if (this.first) throw new Error('no root element');
  }
}
