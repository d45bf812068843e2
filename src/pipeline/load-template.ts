import fs from 'node:fs';
import { parseTemplate, TemplateError, type MappingTemplate } from '../mapping/template.js';

/** Read and check a mapping template file (parseTemplate does the checking). */
export function loadTemplate(file: string): MappingTemplate {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new TemplateError('template-not-found', { file, detail: 'no such file' });
  return parseTemplate(fs.readFileSync(file, 'utf8'), file);
}
