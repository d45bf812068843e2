import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { templateSchema, TEMPLATE_SCHEMA_FILE } from '../profiles/template-schema.js';
import { loadCodeList } from '../profiles/codelist.js';

/** Where the row-per-record, form and sheet-per-resource layouts differ (see docs/mapping-templates.md). */
export type Layout = 'table' | 'form' | 'sheet-per-resource';

export type Columns = string | string[];

export type Transform =
  | 'trim' | 'date' | 'boolean' | 'split' | 'string' | 'number' | 'lowercase' | 'uppercase' | 'first'
  | { split: { separators?: string; unique?: boolean } }
  | { map: Record<string, unknown>; strict?: boolean }
  | { codelist: string; onMiss?: 'keep' | 'error' }
  | { join: string }
  | { pad: number }
  | { prefix: string }
  | { regex: string; group?: number };

export type ConfigKey = 'department.name' | 'department.code' | 'department.division' | 'department.address';

/** One field rule: record field ← source column(s) / constant / default, through transforms. */
export interface FieldRule {
  /** JSON pointer into the record ("/provider/name", "/items/*\/name"). */
  field: string;
  column?: Columns;
  concat?: Columns[];
  separator?: string;
  value?: unknown;
  default?: string | number | boolean | { config: ConfigKey };
  transforms?: Transform[];
  required?: boolean;
  /** Apply the rule only when this column has a value (e.g. a classification scheme next to its name). */
  when?: Columns;
  onError?: 'keep' | 'reject' | 'drop';
}

export interface SourceOptions {
  layout?: Layout;
  sheet?: string | number;
  headerRow?: number;
  encoding?: string;
  delimiter?: string;
  recordPath?: string;
  header?: boolean;
  /** The last this many non-empty rows of each sheet are footers or notes, not data (default: detected; 0: none). */
  footerRows?: number;
}

export interface ItemsSpec {
  from: 'table-below' | 'header-row' | 'sheet';
  headerLabel?: Columns;
  endMarker?: string;
  sheet?: string | number;
  headerRow?: number;
  key?: Columns;
  resourceKey?: Columns;
  exclude?: string[];
  fields?: FieldRule[];
}

export interface MappingTemplate {
  name?: string;
  description?: string;
  profile?: string;
  source?: SourceOptions;
  fields: FieldRule[];
  items?: ItemsSpec;
  extensions?: boolean;
}

/** A template that failed to load: names the file and the JSON pointer of the fault. */
export class TemplateError extends Error {
  constructor(public code: 'template-not-found' | 'template-json' | 'template-invalid', public params: { file: string; pointer?: string; detail: string }) {
    super(`${params.file}${params.pointer !== undefined ? ` at ${params.pointer || '/'}` : ''}: ${params.detail}`);
  }
}

export { TEMPLATE_SCHEMA_FILE };

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    validator = ajv.compile(templateSchema() as object);
  }
  return validator;
}

/** Top-level fields of CatalogRecord a rule may write (record.ts). */
const RECORD_FIELDS = new Set(['metadataIdentifier', 'resourceCode', 'resourceIdentifier', 'title', 'abstract', 'keywords', 'keywordThesaurus',
  'classifications', 'directoryClass', 'provider', 'format', 'items', 'sharing', 'openness', 'updateCycle', 'publishedDate',
  'relatedResourceCodes', 'onlineResources', 'service', 'metadataContacts', 'metadataUpdated', 'division', 'extensions']);
const ITEM_FIELDS = new Set(['name', 'englishName', 'dataType', 'length', 'description']);

/**
 * Check a parsed template against standards/mapping-template.schema.json and the record model.
 * Returns the first fault as {pointer, detail}, or undefined when the template is good.
 */
export function checkTemplate(doc: unknown): { pointer: string; detail: string } | undefined {
  const v = schemaValidator();
  if (!v(doc)) {
    // The most specific error (longest instance path) says most; oneOf noise comes with shorter paths.
    // At the same depth, an unknown key (often a typo) says more than the "required" that follows from it.
    const rank = (k: string) => (k === 'additionalProperties' ? 0 : k === 'required' ? 2 : k === 'oneOf' || k === 'not' ? 3 : 1);
    const errs = [...(v.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length || rank(a.keyword) - rank(b.keyword));
    const e = errs[0];
    const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as any).additionalProperty}"` : e.keyword === 'enum' ? `: ${(e.params as any).allowedValues.join(', ')}` : '';
    return { pointer: e.instancePath, detail: `${e.message ?? e.keyword}${extra}` };
  }
  const t = doc as MappingTemplate;
  const checkRules = (rules: FieldRule[], base: string, allowed: Set<string>) => {
    for (let i = 0; i < rules.length; i++) {
      const top = rules[i].field.split('/')[1];
      if (!allowed.has(top)) return { pointer: `${base}/${i}/field`, detail: `"${rules[i].field}" is not a field of the ${allowed === ITEM_FIELDS ? '信息项 (InfoItem)' : 'record (CatalogRecord)'}; use one of ${[...allowed].join(', ')}` };
      for (let j = 0; j < (rules[i].transforms ?? []).length; j++) {
        const tr = rules[i].transforms![j] as any;
        if (tr && typeof tr === 'object' && 'codelist' in tr) {
          try {
            loadCodeList(tr.codelist);
          } catch {
            return { pointer: `${base}/${i}/transforms/${j}/codelist`, detail: `no code list "${tr.codelist}" in standards/*/codelists/` };
          }
        }
        if (tr && typeof tr === 'object' && 'regex' in tr) {
          try {
            new RegExp(tr.regex);
          } catch (err) {
            return { pointer: `${base}/${i}/transforms/${j}/regex`, detail: (err as Error).message };
          }
        }
      }
    }
    return undefined;
  };
  return checkRules(t.fields, '/fields', RECORD_FIELDS) ?? (t.items?.fields ? checkRules(t.items.fields, '/items/fields', ITEM_FIELDS) : undefined);
}

/** Parse and check a template from its JSON text; `file` is used in errors only. */
export function parseTemplate(text: string, file: string): MappingTemplate {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new TemplateError('template-json', { file, detail: (err as Error).message });
  }
  const fault = checkTemplate(doc);
  if (fault) throw new TemplateError('template-invalid', { file, ...fault });
  return doc as MappingTemplate;
}
