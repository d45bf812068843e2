import { parseString } from 'xml2js';

/** A parsed XML element: local name, namespace, attributes (by qualified name), children, text. */
export interface XmlNode {
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

// xml2js (sax-js underneath) never fetches external entities or expands DTD entities; whole-document
// parsing is fine here: GB/T XML catalogues and packages are bounded by the zip/verify limits.
const OPTIONS = { xmlns: true, explicitChildren: true, preserveChildrenOrder: true, charsAsChildren: false, includeWhiteChars: true, trim: false, normalize: false, explicitRoot: true, async: false, strict: true };

function toNode(name: string, raw: any): XmlNode {
  if (typeof raw === 'string') return { name, ns: '', attrs: {}, children: [], text: raw };
  const attrs: Record<string, string> = {};
  for (const [k, a] of Object.entries(raw?.$ ?? {})) attrs[k] = typeof a === 'string' ? a : (a as { value: string }).value;
  const children = ((raw?.$$ ?? []) as any[]).map((c) => toNode(c['#name'], c));
  return { name: raw?.$ns?.local ?? name.replace(/^.*:/, ''), ns: raw?.$ns?.uri ?? '', attrs, children, text: typeof raw?._ === 'string' ? raw._ : '' };
}

/** Parse XML text into a tree (namespace-aware, no DTD/entity expansion beyond the predefined ones). Throws on malformed XML. */
export function parseXml(text: string): XmlNode {
  let doc: any, error: Error | undefined;
  // With async: false xml2js calls back synchronously.
  parseString(text.replace(/^\uFEFF/, ''), OPTIONS, (err: Error | null, result: any) => {
    if (err) error = err;
    else doc = result;
  });
  if (error) throw error;
  const rootName = doc && Object.keys(doc)[0];
  if (!rootName) throw new Error('no root element');
  return toNode(rootName, doc[rootName]);
}

export const child = (n: XmlNode, name: string): XmlNode | undefined => n.children.find((c) => c.name === name);
export const childrenNamed = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => c.name === name);
export const textOf = (n: XmlNode | undefined): string | undefined => (n ? n.text : undefined);
