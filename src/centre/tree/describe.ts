import { escapeXml } from '../oai.js';
import type { CentreStore } from '../store.js';
import { divisionOf, LEVELS, parseLevel, type CentreLevel } from './level.js';
import type { CentreIdentity } from './store.js';
import { TreeError } from './error.js';
import { short } from './fetch-json.js';

/**
 * A centre's self-description (发现): GET /api/v1/centre, and the same inside OAI-PMH Identify's <description>
 * (namespace CENTRE_NS, schema CENTRE_DESCRIPTION_XSD: project extension, not part of any standard).
 */
export interface CentreDescription {
  id: string;
  name: string;
  level: { code: CentreLevel; zh: string; en: string } | null;
  division: { code: string; name: string } | null;
  parent: string | null;
  endpoints: { api: string; oai: string; browse: string; centres: string };
  records: number;
  providers: number;
  lastChange: string | null;
}

export const CENTRE_NS = 'urn:x-catalog:centre:1';

/** The description of this centre, `base` its public base URL (no trailing slash). */
export async function describeCentre(store: CentreStore, me: CentreIdentity, base: string, fallbackName = '政务信息资源目录中心'): Promise<CentreDescription> {
  const [records, sets, newest, withdrawn] = await Promise.all([
    store.countRecords('published'), store.listSets(), store.search({ pageSize: 1 }), store.search({ pageSize: 1, status: 'withdrawn' }),
  ]);
  const changes = [newest.items[0]?.datestamp, withdrawn.items[0]?.datestamp].filter((x): x is string => !!x).sort();
  const level = me.level ? { code: me.level, zh: LEVELS[me.level].zh, en: LEVELS[me.level].en } : null;
  const division = me.division ? { code: me.division, name: divisionOf(me.division)?.label ?? '' } : null;
  return {
    id: me.id, name: me.name ?? fallbackName, level, division, parent: me.parent ?? null,
    endpoints: { api: `${base}/api/v1`, oai: `${base}/oai`, browse: `${base}/`, centres: `${base}/api/v1/centres` },
    records, providers: sets.filter((s) => s.spec.startsWith('provider:')).length, lastChange: changes[changes.length - 1] ?? null,
  };
}

/** The description as one XML element for Identify's <description> (OAI-PMH 2.0 §4.2: any community schema). */
export function centreDescriptionXml(d: CentreDescription): string {
  const el = (n: string, v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '' : `<${n}>${escapeXml(String(v))}</${n}>`);
  return `<centre xmlns="${CENTRE_NS}">${el('id', d.id)}${el('name', d.name)}${el('level', d.level?.code)}${el('division', d.division?.code)}${el('parent', d.parent)}`
    + `${el('api', d.endpoints.api)}${el('oai', d.endpoints.oai)}${el('browse', d.endpoints.browse)}${el('records', d.records)}${el('providers', d.providers)}${el('lastChange', d.lastChange)}</centre>`;
}

export const CENTRE_DESCRIPTION_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${CENTRE_NS}" xmlns="${CENTRE_NS}" elementFormDefault="qualified">
  <xs:annotation><xs:documentation>catalog project extension: a directory centre describes itself (level, GB/T 2260 division, parent, endpoints, counts).</xs:documentation></xs:annotation>
  <xs:element name="centre">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="id" type="xs:string"/>
        <xs:element name="name" type="xs:string"/>
        <xs:element name="level" minOccurs="0"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="national"/><xs:enumeration value="province"/><xs:enumeration value="city"/><xs:enumeration value="county"/></xs:restriction></xs:simpleType></xs:element>
        <xs:element name="division" minOccurs="0"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9]{6}"/></xs:restriction></xs:simpleType></xs:element>
        <xs:element name="parent" type="xs:anyURI" minOccurs="0"/>
        <xs:element name="api" type="xs:anyURI"/>
        <xs:element name="oai" type="xs:anyURI"/>
        <xs:element name="browse" type="xs:anyURI"/>
        <xs:element name="records" type="xs:nonNegativeInteger"/>
        <xs:element name="providers" type="xs:nonNegativeInteger"/>
        <xs:element name="lastChange" type="xs:dateTime" minOccurs="0"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
`;

/** What this centre believes about a peer, read from the peer's own GET /api/v1/centre. */
export interface PeerDescription {
  id: string;
  name: string;
  level?: CentreLevel;
  division?: string;
}

/**
 * Check a peer's self-description: a peer can lie, so only a few short fields are taken (id, name, level,
 * division — checked against GB/T 2260); its endpoint URLs are never followed (this centre harvests the URL it
 * was given). A wrong shape: TreeError tree.peer-bad-answer.
 */
export function readPeerDescription(json: unknown, url: string): PeerDescription {
  const o = (json ?? {}) as Record<string, unknown>;
  const bad = (detail: string) => new TreeError('tree.peer-bad-answer', { url: short(url), detail }, 502);
  if (typeof o.id !== 'string' || !/^[\w.:-]{1,80}$/.test(o.id)) throw bad('no valid "id" in GET /api/v1/centre');
  const name = typeof o.name === 'string' ? short(o.name, 120) : '';
  const levelCode = (o.level as { code?: unknown } | null)?.code;
  const level = typeof levelCode === 'string' ? parseLevel(levelCode) : undefined;
  const divCode = (o.division as { code?: unknown } | null)?.code;
  const division = typeof divCode === 'string' && divisionOf(divCode) ? divCode : undefined;
  return { id: o.id, name, ...(level ? { level } : {}), ...(division ? { division } : {}) };
}
