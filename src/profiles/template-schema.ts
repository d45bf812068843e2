import fs from 'node:fs';
import path from 'node:path';
import { STANDARDS_DIR } from './paths.js';

export const TEMPLATE_SCHEMA_FILE = path.join(STANDARDS_DIR, 'mapping-template.schema.json');

let schema: unknown;
/** standards/mapping-template.schema.json, read once (loaded here so mapping/ reads no files). */
export function templateSchema(): unknown {
  return (schema ??= JSON.parse(fs.readFileSync(TEMPLATE_SCHEMA_FILE, 'utf8')));
}
