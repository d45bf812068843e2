import { ref, type MessageRef } from '../issues/text.js';

/**
 * The one XML depth limit of the project (docs/security.md, "Hostile files"). Every XML path uses it: source files
 * (`inspect`/`map`), GB/T XML import, DCAT RDF/XML import, OAI-PMH harvest responses. No catalogue document comes
 * near it (GB/T XML records are < 10 levels deep); beyond it input is hostile, and a deep document costs parsers
 * (and recursive tree walkers) time or stack without bound.
 */
export const MAX_XML_DEPTH = 256;

/** XML refused by a limit: `kind` says which; xmlLimitRef gives its message as data (rendered at the edge). */
export class XmlLimitError extends Error {
  constructor(public kind: 'too-deep' | 'entity', public line: number, public max = MAX_XML_DEPTH) {
    super(kind === 'too-deep' ? `line ${line}: XML nested more than ${max} levels deep` : `line ${line}: XML declares entities`);
  }
}

export const xmlLimitRef = (err: XmlLimitError): MessageRef => ref(`xml-limit.${err.kind}`, { line: err.line, max: err.max });

/** For parsers that raise their own events (saxes): call on each opening tag with the new depth. */
export function checkXmlDepth(depth: number, line: number): void {
  if (depth > MAX_XML_DEPTH) throw new XmlLimitError('too-deep', line);
}

const lineAt = (text: string, pos: number) => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** End of the markup starting at `i` ('<' … '>'), skipping quoted attribute values; -1 if unterminated. */
function tagEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 62) return j; // >
    if (c === 34 || c === 39) { // " or '
      j = text.indexOf(text[j], j + 1);
      if (j < 0) return -1;
    }
  }
  return -1;
}

/** End of a DOCTYPE, whose internal subset ([ … ]) may hold '>'; refuses entity declarations. */
function doctypeEnd(text: string, i: number): number {
  const open = text.indexOf('[', i), close = text.indexOf('>', i);
  const end = open >= 0 && open < close ? text.indexOf('>', text.indexOf(']', open)) : close;
  if (/<!ENTITY/i.test(text.slice(i, end < 0 ? text.length : end))) throw new XmlLimitError('entity', lineAt(text, i));
  return end;
}

/**
 * A linear pre-scan of a whole XML text for parsers whose events we do not see (xml2js, rdfxml-streaming-parser,
 * tree builders): throws XmlLimitError past MAX_XML_DEPTH or on an entity declaration. Malformed markup simply ends
 * the scan: the parser proper reports it. Cost: one pass, no allocation per tag.
 */
export function assertXmlWithinLimits(text: string): void {
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0 && i < text.length; i = text.indexOf('<', i + 1)) {
    let end: number;
    if (text.startsWith('<!--', i)) end = text.indexOf('-->', i + 4) + 2;
    else if (text.startsWith('<![CDATA[', i)) end = text.indexOf(']]>', i + 9) + 2;
    else if (text.startsWith('<?', i)) end = text.indexOf('?>', i + 2) + 1;
    else if (text.startsWith('<!', i)) end = doctypeEnd(text, i);
    else {
      end = tagEnd(text, i);
      if (end < 0) return;
      if (text.charCodeAt(i + 1) === 47) depth--; // </
      else if (text.charCodeAt(end - 1) !== 47 && ++depth > MAX_XML_DEPTH) throw new XmlLimitError('too-deep', lineAt(text, i));
    }
    if (end < i) return; // unterminated
    i = end;
  }
}
