import fs from 'node:fs';
import path from 'node:path';
import { recordsToGbtXml, GBT_XML_NAMESPACE } from '../../export/gbt-xml.js';
import { STANDARDS_DIR } from '../../profiles/paths.js';
import { CentreError } from '../register.js';
import { CATALOG_RECORD_XSD, handleOai } from '../oai.js';
import { sendJson, sendText } from '../respond.js';
import { smallBody } from '../body.js';
import { limitsOf } from '../limits.js';
import type { StoredRecord } from '../store.js';
import type { RequestContext } from './context.js';
import { centreDescriptionXml, CENTRE_DESCRIPTION_XSD, describeCentre } from '../tree/describe.js';
import { withChains } from '../tree/chain.js';
import { treeStoreOf } from '../tree/store.js';

const GBT_SCHEMA_FILE = path.join(STANDARDS_DIR, 'gbt21063-3', 'catalog.xsd');

/** GB/T XML (standards/gbt21063-3/catalog.xsd) of one record, without the XML declaration. */
export function gbtXmlElement(r: StoredRecord): string {
  return recordsToGbtXml([r.record]).replace(/^<\?xml[^>]*\?>\s*/, '').trimEnd();
}

export async function health({ store, res }: RequestContext): Promise<void> {
  sendJson(res, 200, { status: 'ok', records: await store.countRecords('published') });
}

export function baseOf({ opts, req }: RequestContext): string {
  return (opts.baseUrl ?? `http://${req.headers.host ?? 'localhost'}`).replace(/\/$/, '');
}

/** OAI-PMH 2.0: GET with query parameters, POST with a form body. */
export async function oai(ctx: RequestContext): Promise<void> {
  const { store, opts, req, url, body, res } = ctx;
  const params = req.method === 'POST' ? new URLSearchParams(smallBody(body).toString('utf8')) : url.searchParams;
  const base = baseOf(ctx);
  // Identify carries the centre's self-description; catalog-format records carry their origin chains (tree of centres)
  const descriptions = params.get('verb') === 'Identify' ? [centreDescriptionXml(await describeCentre(store, await (await treeStoreOf(store)).identity(), base, opts.repositoryName))] : [];
  const xml = await handleOai(await withChains(store), params, {
    baseUrl: `${base}/oai`, repositoryName: opts.repositoryName, adminEmail: opts.adminEmail, pageSize: opts.oaiPageSize, maxPageBytes: limitsOf(opts).maxOaiPageBytes, descriptions,
    formats: [{ prefix: 'gbt21063', namespace: GBT_XML_NAMESPACE, render: gbtXmlElement, schema: `${base}/schemas/gbt21063-3.xsd` }],
  });
  sendText(res, 200, 'text/xml', xml);
}

export async function schema({ params, url, res }: RequestContext): Promise<void> {
  if (params.name === 'catalog-record.xsd') return sendText(res, 200, 'application/xml', CATALOG_RECORD_XSD);
  if (params.name === 'centre-description.xsd') return sendText(res, 200, 'application/xml', CENTRE_DESCRIPTION_XSD);
  if (params.name === 'gbt21063-3.xsd') return sendText(res, 200, 'application/xml', fs.readFileSync(GBT_SCHEMA_FILE, 'utf8'));
  throw new CentreError(404, 'not-found', { path: url.pathname });
}
