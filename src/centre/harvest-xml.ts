import { SaxesParser, type SaxesTagNS } from 'saxes';
import { MAX_XML_DEPTH, XmlLimitError, checkXmlDepth } from '../io/xml-limits.js';
import { HarvestError } from './harvest-error.js';
import { oneLine } from './harvest-fetch.js';

/**
 * The one way harvest reads an XML answer: saxes (never loads or expands entities) over the whole (size-bounded)
 * text, with the project's one XML limit (src/io/xml-limits.ts): nesting deeper than MAX_XML_DEPTH is refused
 * before the handlers see it, so a 60,000-level document costs one pass and one short error, and a DOCTYPE that
 * declares entities is refused outright. Parse errors become harvest-bad-xml with a one-line detail.
 */

export interface SaxHandlers {
  open(tag: SaxesTagNS, parser: SaxesParser<{ xmlns: true }>): void;
  close(tag: SaxesTagNS, parser: SaxesParser<{ xmlns: true }>): void;
  text?(text: string): void;
}

export function parseXml(xml: string, url: string, h: SaxHandlers): void {
  const parser = new SaxesParser({ xmlns: true });
  let depth = 0;
  parser.on('doctype', (d) => { if (/<!ENTITY/i.test(d)) throw new XmlLimitError('entity', parser.line); });
  parser.on('opentag', (tag) => {
    checkXmlDepth(++depth, parser.line);
    h.open(tag, parser);
  });
  parser.on('closetag', (tag) => {
    depth--;
    h.close(tag, parser);
  });
  if (h.text) parser.on('text', h.text);
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof HarvestError) throw err;
    if (err instanceof XmlLimitError) throw new HarvestError(err.kind === 'entity' ? 'harvest-xml-entity' : 'harvest-xml-too-deep', { url, line: err.line, max: MAX_XML_DEPTH });
    throw new HarvestError('harvest-bad-xml', { url, detail: oneLine((err as Error).message, 160) });
  }
}
