import { SaxesParser } from 'saxes';
import { assertXmlWithinLimits, checkXmlDepth } from '../io/xml-limits.js';

/** A parsed XML element: local name, namespace, attributes (by qualified name), children, text. */
export interface XmlNode {
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/**
 * Parse XML text into a tree (namespace-aware, no DTD/entity expansion beyond the predefined ones). Throws on
 * malformed XML, and XmlLimitError past MAX_XML_DEPTH or on an entity declaration (checked before parsing: saxes
 * with namespaces slows down quadratically with depth).
 */
export function parseXml(text: string): XmlNode {
  text = text.replace(/^\uFEFF/, '');
  assertXmlWithinLimits(text);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: XmlNode = { name: '#document', ns: '', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = typeof a === 'string' ? a : a.value;
    const node: XmlNode = { name: tag.local ?? tag.name, ns: tag.uri ?? '', attrs, children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
    checkXmlDepth(stack.length - 1, parser.line);
  });
  parser.on('text', (t) => { stack[stack.length - 1].text += t; });
  parser.on('cdata', (t) => { stack[stack.length - 1].text += t; });
  parser.on('closetag', () => { stack.pop(); });
  parser.write(text).close();
  const doc = root.children[0];
  if (!doc) throw new Error('no root element');
  return doc;
}

export const child = (n: XmlNode, name: string): XmlNode | undefined => n.children.find((c) => c.name === name);
export const childrenNamed = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => c.name === name);
export const textOf = (n: XmlNode | undefined): string | undefined => (n ? n.text : undefined);
