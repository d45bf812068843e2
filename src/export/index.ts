import type { CatalogRecord } from '../model/record.js';
import { recordsToGbtXml } from './gbt-xml.js';
import { dcatApExporter } from './dcat-ap.js';
import { datajsonExporter } from './datajson.js';
import { ckanExporter } from './ckan.js';
import { listingCsvExporter, listingXlsxExporter } from './listing.js';
import type { Exporter } from './types.js';

const gbtXmlExporter: Exporter = {
  id: 'gbt-xml',
  description: 'GB/T XML (standards/gbt21063-3/catalog.xsd)',
  carries: ['(every field except provenance)'],
  run: (records: CatalogRecord[]) => ({ content: recordsToGbtXml(records), extension: 'xml', issues: [] }),
};

/** Export formats by id (`catalog export --to <id>`). */
export const EXPORTERS: Record<string, Exporter> = {
  'gbt-xml': gbtXmlExporter,
  'dcat-ap': dcatApExporter,
  datajson: datajsonExporter,
  ckan: ckanExporter,
  'listing-xlsx': listingXlsxExporter,
  'listing-csv': listingCsvExporter,
};

export type { Exporter, ExportContext, ExportResult } from './types.js';
