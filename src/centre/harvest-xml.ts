import { SaxesParser, type SaxesTagNS } from 'saxes';
import { MAX_XML_DEPTH } from '../readers/xml.js';
import { HarvestError } from './harvest-error.js';
import { oneLine } from './harvest-fetch.js';

/**
 * The one way harvest reads an XML answer: saxes (no DTD expansion, no external entities) over the whole
 * (size-bounded) text, refusing element nesting deeper than the readers' MAX_XML_DEPTH before the
 * handlers see it, so a 60,000-level document costs one pass and one short error. Parse errors become
 * harvest-bad-xml with a one-line detail.
 */

export interface SaxHandlers {
  open(tag: SaxesTagNS, parser: SaxesParser<{ xmlns: true }>): void;
  close(tag: SaxesTagNS, parser: SaxesParser<{ xmlns: true }>): void;
  text?(text: string): void;
}

export function parseXml(xml: string, url: string, h: SaxHandlers): void {
  const parser = new SaxesParser({ xmlns: true });
  let depth = 0;
  parser.on('opentag', (tag) => {
    if (++depth > MAX_XML_DEPTH) {
      throw new HarvestError('harvest-xml-too-deep', { url, line: parser.line, max: MAX_XML_DEPTH });
    }
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
    throw new HarvestError('harvest-bad-xml', { url, detail: oneLine((err as Error).message, 160) });
  }
}
