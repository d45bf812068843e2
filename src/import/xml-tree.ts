import { SaxesParser } from 'saxes';

/** A parsed XML element: local name, namespace, attributes (by qualified name), children, text. */
export interface XmlNode {
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parse XML text into a tree (namespace-aware, no DTD/entity expansion beyond the predefined ones). Throws on malformed XML. */
export function parseXml(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: '#document', ns: '', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = typeof a === 'string' ? a : a.value;
    const node: XmlNode = { name: tag.local ?? tag.name, ns: tag.uri ?? '', attrs, children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => { stack[stack.length - 1].text += t; });
  parser.on('cdata', (t) => { stack[stack.length - 1].text += t; });
  parser.on('closetag', () => { stack.pop(); });
  parser.write(text.replace(/^\uFEFF/, '')).close();
  const doc = root.children[0];
  if (!doc) throw new Error('no root element');
  return doc;
}

export const child = (n: XmlNode, name: string): XmlNode | undefined => n.children.find((c) => c.name === name);
export const childrenNamed = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => c.name === name);
export const textOf = (n: XmlNode | undefined): string | undefined => (n ? n.text : undefined);
