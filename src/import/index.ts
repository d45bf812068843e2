import type { Importer } from './types.js';
import { datajsonImporter } from './datajson.js';
import { dcatImporter } from './dcat.js';
import { ckanImporter } from './ckan.js';
import { gbtXmlImporter } from './gbt-xml.js';
import { iso19139Importer } from './iso19139.js';

/**
 * Importers by name. Templates templates/import/<name>.json hold {"importer": "<name>"}, so
 * `catalog map --mapping templates/import/datajson.json` can route a file to IMPORTERS.datajson.
 */
export const IMPORTERS: Record<string, Importer> = {
  datajson: datajsonImporter,
  dcat: dcatImporter,
  ckan: ckanImporter,
  'gbt-xml': gbtXmlImporter,
  iso19139: iso19139Importer,
};

export type { Importer, ImportOptions, ImportResult } from './types.js';
export { ImportParseError } from './issue.js';
