import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, KeywordCxt, ValidateFunction } from 'ajv/dist/2020.js';
import type { LoadedProfile } from '../profiles/load.js';
import { loadCodeList, lookupCode, canonicalValue, suggestCode } from '../profiles/codelist.js';
import type { Issue, Severity } from '../issues/issue.js';
import { issue } from '../issues/make.js';
import { isText, ref, text, type Text } from '../issues/text.js';
import { fieldLabel } from '../model/record.js';
import { loadPrecompiled } from './precompiled.js';

// ajv itself is loaded only when a schema is compiled at run time (not for the precompiled profiles): start-up.
const require = createRequire(import.meta.url);

// Annotation keywords used by the profiles in standards/ (data only, no validation effect).
const ANNOTATIONS = ['x-element', 'x-name', 'x-obligation', 'x-occurrence', 'x-clause', 'x-disputed', 'x-order',
  'x-evidence', 'x-hint', 'x-rule', 'x-message', 'x-severity', 'x-codelist-open'];

export interface CompiledProfile {
  profile: LoadedProfile;
  validate: ValidateFunction;
}

const compiled = new WeakMap<LoadedProfile, CompiledProfile>();

/** A value outside a closed code list fails; code lists are data (standards/<profile>/codelists). */
export function codelistAccepts(listId: string, data: unknown, open: boolean): boolean {
  if (typeof data !== 'string' || open) return true;
  const list = loadCodeList(listId);
  if (list.open) return true;
  const entry = lookupCode(list, data);
  return !!entry && canonicalValue(list, entry) === data;
}

/**
 * The ajv instance every profile schema is compiled with. `source` keeps the generated code so that
 * `npm run build` can write it out as a standalone module (src/validate/precompiled.ts).
 */
export function profileAjv(source = false): Ajv2020 {
  const { Ajv2020: Ajv, _ } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const formats = require('ajv-formats');
  const addFormats = formats.default ?? formats;
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, code: { source } });
  addFormats(ajv);
  ajv.addVocabulary(ANNOTATIONS);
  ajv.addKeyword({
    keyword: 'x-codelist',
    schemaType: 'string',
    // Generated code calls codelistAccepts; standalone modules get it as deps.codelistAccepts.
    code(cxt: KeywordCxt) {
      const fn = cxt.gen.scopeValue('func', { ref: codelistAccepts, code: _`deps.codelistAccepts` });
      const open = !!cxt.parentSchema?.['x-codelist-open'];
      cxt.fail(_`!${fn}(${cxt.schema as string}, ${cxt.data}, ${open})`);
    },
  });
  return ajv;
}

export function compileProfile(profile: LoadedProfile): CompiledProfile {
  const hit = compiled.get(profile);
  if (hit) return hit;
  // Built-in profiles are compiled at build time (dist/validate/precompiled): compiling here costs ~0.4 s.
  const validate = loadPrecompiled(profile.schema, { codelistAccepts }) ?? profileAjv().compile(profile.schema);
  const result = { profile, validate };
  compiled.set(profile, result);
  return result;
}

/** Resolve an ajv schemaPath ("#/allOf/0/then/...") to the schema nodes along the way. */
function schemaNodes(root: Record<string, any>, schemaPath: string): any[] {
  const parts = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const nodes: any[] = [root];
  let cur: any = root;
  for (const p of parts) {
    if (cur == null) break;
    cur = cur[p];
    nodes.push(cur);
  }
  return nodes;
}

function valueAt(record: unknown, pointer: string): unknown {
  let cur: any = record;
  for (const p of pointer.split('/').slice(1)) {
    if (cur == null) return undefined;
    cur = cur[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

const short = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s && s.length > 80 ? s.slice(0, 77) + '…' : s;
};

/**
 * Validate one record against a compiled profile and turn ajv's errors into issues with stable codes.
 * Conditional rules (allOf/if/then carrying x-rule) become one issue each, named by their rule id.
 * Issues carry code and params only (labels and hints in both languages); text is made at the edge.
 */
export function validateRecordSchema(record: unknown, cp: CompiledProfile): Issue[] {
  const ok = cp.validate(record);
  if (ok) return [];
  const issues: Issue[] = [];
  const seenRules = new Set<string>();
  for (const e of cp.validate.errors ?? []) {
    const found = toIssue(e, record, cp.profile.schema);
    if (!found) continue;
    if (found.rule && found.code === 'conditional-required') {
      const key = found.rule + found.path;
      if (seenRules.has(key)) continue;
      seenRules.add(key);
    }
    issues.push(found);
  }
  // A value outside a code list usually also fails the field's pattern: report it once, as the code-list miss.
  const listed = new Set(issues.filter((i) => i.code === 'enum-mismatch').map((i) => i.path));
  return issues.filter((i) => !(i.code === 'pattern-mismatch' && listed.has(i.path)));
}

/** A profile annotation in both languages ({zh, en} in the schema), else the fallback string. */
const bilingual = (v: unknown, fallback: string): Text | string => (isText(v) ? v : fallback);

const FORMAT_NAMES: Record<string, Text> = { date: text('日期（CCYY-MM-DD）', 'date (CCYY-MM-DD)'), uri: text('URI 地址', 'uri') };

function toIssue(e: ErrorObject, record: unknown, schema: Record<string, any>): Issue | undefined {
  const nodes = schemaNodes(schema, e.schemaPath);
  // The "if" keyword reports a companion error for every failed then-branch: skip it.
  if (e.keyword === 'if') return undefined;
  const ruleNode = nodes.find((n) => n && typeof n === 'object' && n['x-rule']);
  const parentNode = nodes[nodes.length - 2] ?? {};
  let pointer = e.instancePath;
  if (e.keyword === 'required') pointer = `${e.instancePath}/${(e.params as any).missingProperty}`;
  const field = text(fieldLabel(pointer, 'zh'), fieldLabel(pointer, 'en'));
  const value = valueAt(record, pointer);
  const at = { severity: 'error' as Severity, path: pointer, value: e.keyword === 'required' ? undefined : value };

  if (ruleNode) {
    const severity = (ruleNode['x-severity'] as Severity) ?? 'error';
    return issue('conditional-required', { field, ruleText: bilingual(ruleNode['x-message'], ruleNode['x-rule']) }, { ...at, severity, rule: ruleNode['x-rule'] });
  }
  switch (e.keyword) {
    case 'required':
      return issue('required-missing', { field }, at);
    case 'type':
      return issue('type-mismatch', { field, expected: (e.params as any).type }, at);
    case 'pattern':
      return issue('pattern-mismatch', { field, value: short(value), hint: bilingual(parentNode['x-hint'], (e.params as any).pattern) }, at);
    case 'format': {
      const format = (e.params as any).format as string;
      return issue('format-invalid', { field, value: short(value), format, formatName: FORMAT_NAMES[format] ?? format }, at);
    }
    case 'x-codelist': {
      const listId = parentNode['x-codelist'] as string;
      const s = typeof value === 'string' ? suggestCode(loadCodeList(listId), value) : undefined;
      return issue('enum-mismatch', { field, value: short(value), codelist: listId, suggestion: s, didYouMean: s ? ref('word.didYouMean', { value: s }) : '' }, { ...at, rule: `codelist:${listId}` });
    }
    case 'const':
    case 'enum':
      return issue('enum-mismatch', { field, value: short(value), didYouMean: '' }, at);
    case 'minLength':
    case 'minItems':
      return issue('too-short', { field }, at);
    case 'maxLength':
      return issue('too-long', { field, limit: (e.params as any).limit }, at);
    case 'maxItems':
      return issue('too-many', { field, limit: (e.params as any).limit }, at);
    case 'additionalProperties': {
      const p = `${e.instancePath}/${(e.params as any).additionalProperty}`;
      return issue('unknown-field', { field: p }, { severity: 'error', path: p });
    }
    default:
      return issue('schema-violation', { field, detail: e.message ?? e.keyword, keyword: e.keyword }, at);
  }
}
