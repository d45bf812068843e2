import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, KeywordCxt, ValidateFunction } from 'ajv/dist/2020.js';
import type { LoadedProfile } from '../profiles/load.js';
import { loadCodeList, lookupCode, canonicalValue, suggestCode } from '../profiles/codelist.js';
import type { Issue, Severity } from '../issues/issue.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/lang.js';
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
 */
export function validateRecordSchema(record: unknown, cp: CompiledProfile, lang: Lang): Issue[] {
  const ok = cp.validate(record);
  if (ok) return [];
  const issues: Issue[] = [];
  const seenRules = new Set<string>();
  for (const e of cp.validate.errors ?? []) {
    const issue = toIssue(e, record, cp.profile.schema, lang);
    if (!issue) continue;
    if (issue.rule && issue.code === 'conditional-required') {
      const key = issue.rule + issue.path;
      if (seenRules.has(key)) continue;
      seenRules.add(key);
    }
    issues.push(issue);
  }
  // A value outside a code list usually also fails the field's pattern: report it once, as the code-list miss.
  const listed = new Set(issues.filter((i) => i.code === 'enum-mismatch').map((i) => i.path));
  return issues.filter((i) => !(i.code === 'pattern-mismatch' && listed.has(i.path)));
}

function toIssue(e: ErrorObject, record: unknown, schema: Record<string, any>, lang: Lang): Issue | undefined {
  const nodes = schemaNodes(schema, e.schemaPath);
  // The "if" keyword reports a companion error for every failed then-branch: skip it.
  if (e.keyword === 'if') return undefined;
  const ruleNode = nodes.find((n) => n && typeof n === 'object' && n['x-rule']);
  const parentNode = nodes[nodes.length - 2] ?? {};
  let pointer = e.instancePath;
  if (e.keyword === 'required') pointer = `${e.instancePath}/${(e.params as any).missingProperty}`;
  const field = fieldLabel(pointer, lang);
  const value = valueAt(record, pointer);
  const base = { path: pointer, value: e.keyword === 'required' ? undefined : value };

  if (ruleNode) {
    const severity = (ruleNode['x-severity'] as Severity) ?? 'error';
    const msg = ruleNode['x-message']?.[lang] ?? ruleNode['x-rule'];
    return { ...base, code: 'conditional-required', severity, rule: ruleNode['x-rule'], message: t('conditional-required', lang, { rule: lang === 'zh' ? `${msg}（${field}）` : `${msg} (${field})` }), params: { field } };
  }
  switch (e.keyword) {
    case 'required':
      return { ...base, code: 'required-missing', severity: 'error', message: t('required-missing', lang, { field }), params: { field } };
    case 'type': {
      const expected = (e.params as any).type;
      return { ...base, code: 'type-mismatch', severity: 'error', message: t('type-mismatch', lang, { field, expected }), params: { field, expected } };
    }
    case 'pattern': {
      const hint = parentNode['x-hint']?.[lang] ?? (e.params as any).pattern;
      return { ...base, code: 'pattern-mismatch', severity: 'error', message: t('pattern-mismatch', lang, { field, value: short(value), hint }), params: { field, hint } };
    }
    case 'format': {
      const format = (e.params as any).format;
      const fmtName = lang === 'zh' ? ({ date: '日期（CCYY-MM-DD）', uri: 'URI 地址' } as Record<string, string>)[format] ?? format : format === 'date' ? 'date (CCYY-MM-DD)' : format;
      return { ...base, code: 'format-invalid', severity: 'error', message: t('format-invalid', lang, { field, value: short(value), format: fmtName }), params: { field, format } };
    }
    case 'x-codelist': {
      const listId = parentNode['x-codelist'] as string;
      const list = loadCodeList(listId);
      const s = typeof value === 'string' ? suggestCode(list, value) : undefined;
      const suggestion = s ? t('word.didYouMean', lang, { value: s }) : '';
      return { ...base, code: 'enum-mismatch', severity: 'error', rule: `codelist:${listId}`, message: t('enum-mismatch', lang, { field, value: short(value), suggestion }), params: { field, codelist: listId, suggestion: s } };
    }
    case 'const':
    case 'enum':
      return { ...base, code: 'enum-mismatch', severity: 'error', message: t('enum-mismatch', lang, { field, value: short(value), suggestion: '' }), params: { field } };
    case 'minLength':
    case 'minItems':
      return { ...base, code: 'too-short', severity: 'error', message: t('too-short', lang, { field }), params: { field } };
    case 'maxLength':
      return { ...base, code: 'too-long', severity: 'error', message: t('too-long', lang, { field, limit: (e.params as any).limit }), params: { field } };
    case 'maxItems':
      return { ...base, code: 'too-many', severity: 'error', message: t('too-many', lang, { field, limit: (e.params as any).limit }), params: { field } };
    case 'additionalProperties': {
      const p = `${e.instancePath}/${(e.params as any).additionalProperty}`;
      return { path: p, code: 'unknown-field', severity: 'error', message: t('unknown-field', lang, { field: p }), params: { field: p } };
    }
    default:
      return { ...base, code: 'schema-violation', severity: 'error', message: t('schema-violation', lang, { field, detail: e.message ?? e.keyword }), params: { field, keyword: e.keyword } };
  }
}
