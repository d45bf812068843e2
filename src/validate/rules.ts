import fs from 'node:fs';
import type { Issue, Severity } from '../issues/issue.js';

/** One validation rule: its id (what a rule config names), message code, default severity and source. */
export interface RuleInfo {
  id: string;
  /** Message code in i18n (the issue's `code`). */
  message: string;
  severity: Severity;
  /** Where the rule comes from; "project extension" where no standard says so. */
  source: string;
  description: { zh: string; en: string };
}

/**
 * The rule table (docs/validate.md renders it). Profile rules (x-rule in standards/<profile>/schema.json)
 * and code lists (codelist:<id>) are listed with the ids their issues carry in `rule`.
 */
export const RULES: RuleInfo[] = [
  { id: 'required-missing', message: 'required-missing', severity: 'error', source: 'profile obligation (standards/<profile>/README.md)', description: { zh: '必填项缺失', en: 'mandatory element missing' } },
  { id: 'type-mismatch', message: 'type-mismatch', severity: 'error', source: 'profile schema', description: { zh: '类型错误', en: 'wrong JSON type' } },
  { id: 'pattern-mismatch', message: 'pattern-mismatch', severity: 'error', source: 'profile schema (code structure)', description: { zh: '格式不符', en: 'value does not match the required form' } },
  { id: 'format-invalid', message: 'format-invalid', severity: 'error', source: 'GB/T 7408 dates, RFC 2396 URIs (GB/T 21063.3 normative references)', description: { zh: '日期或 URI 无效', en: 'invalid date or URI' } },
  { id: 'enum-mismatch', message: 'enum-mismatch', severity: 'error', source: 'profile schema', description: { zh: '取值不在允许范围内', en: 'value not allowed' } },
  { id: 'too-short', message: 'too-short', severity: 'error', source: 'profile schema', description: { zh: '值为空', en: 'empty value' } },
  { id: 'too-long', message: 'too-long', severity: 'error', source: 'profile schema', description: { zh: '值过长', en: 'value too long' } },
  { id: 'too-many', message: 'too-many', severity: 'error', source: 'profile occurrence', description: { zh: '出现次数过多', en: 'too many occurrences' } },
  { id: 'unknown-field', message: 'unknown-field', severity: 'error', source: 'project (record model)', description: { zh: '未知字段', en: 'unknown field' } },
  { id: 'schema-violation', message: 'schema-violation', severity: 'error', source: 'profile schema', description: { zh: '其他结构错误', en: 'other schema violation' } },
  { id: 'share-condition-required', message: 'conditional-required', severity: 'error', source: '2017 guide: 有条件共享 needs 共享条件', description: { zh: '有条件共享须填写共享条件', en: 'conditional sharing needs a share condition' } },
  { id: 'share-basis-required', message: 'conditional-required', severity: 'error', source: '2017 guide: 不予共享 needs its basis', description: { zh: '不予共享须填写依据', en: 'not shared needs its basis' } },
  { id: 'open-condition-required', message: 'conditional-required', severity: 'error', source: 'standards/guide2017/schema.json', description: { zh: '向社会开放须填写开放条件', en: 'open resources need an open condition' } },
  { id: 'items-required-for-structured', message: 'conditional-required', severity: 'error', source: 'standards/guide2017/schema.json', description: { zh: '结构化资源须有信息项', en: 'structured resources need items' } },
  { id: 'item-length-required-for-structured', message: 'conditional-required', severity: 'error', source: 'standards/guide2017/schema.json', description: { zh: '结构化资源信息项须有数据长度', en: 'items of structured resources need a length' } },
  { id: 'codelist:directory-class', message: 'enum-mismatch', severity: 'error', source: '2017 guide (standards/guide2017/codelists/directory-class.json)', description: { zh: '信息资源分类（类）', en: 'directory class' } },
  { id: 'codelist:format-category', message: 'enum-mismatch', severity: 'error', source: '2017 guide (codelists/format-category.json)', description: { zh: '信息资源格式分类', en: 'format category' } },
  { id: 'codelist:data-type', message: 'enum-mismatch', severity: 'error', source: '2017 guide (codelists/data-type.json)', description: { zh: '信息项数据类型', en: 'item data type' } },
  { id: 'codelist:share-type', message: 'enum-mismatch', severity: 'error', source: '2017 guide (codelists/share-type.json)', description: { zh: '共享类型', en: 'share type' } },
  { id: 'codelist:share-method', message: 'enum-mismatch', severity: 'error', source: '2017 guide (codelists/share-method.json)', description: { zh: '共享方式', en: 'share method' } },
  { id: 'codelist:open-type', message: 'enum-mismatch', severity: 'error', source: 'local variants (codelists/open-type.json)', description: { zh: '开放类型', en: 'openness type' } },
  { id: 'codelist:update-cycle', message: 'enum-mismatch', severity: 'error', source: '2017 guide (codelists/update-cycle.json)', description: { zh: '更新周期', en: 'update cycle' } },
  { id: 'codelist:classification-scheme', message: 'enum-mismatch', severity: 'error', source: 'GB/T 21063.4 (codelists/classification-scheme.json)', description: { zh: '分类方式', en: 'classification scheme' } },
  { id: 'codelist:division', message: 'enum-mismatch', severity: 'error', source: 'GB/T 2260 (standards/common/codelists/division.json)', description: { zh: '行政区划代码', en: 'division code' } },
  { id: 'industry-code-unknown', message: 'industry-code-unknown', severity: 'warning', source: 'GB/T 4754-2017, per secondary source (standards/common/codelists/industry.json)', description: { zh: '行业分类编码', en: 'industry classification code' } },
  { id: 'subject-class-unknown', message: 'subject-class-unknown', severity: 'warning', source: 'GB/T 21063.4 主题分类 (IMPL)', description: { zh: '主题分类名称', en: 'subject classification name' } },
  { id: 'provider-code-invalid', message: 'provider-code-invalid', severity: 'error', source: 'GB 32100-2015 check character; GB 11714 check digit', description: { zh: '提供方代码校验', en: 'provider code checksum' } },
  { id: 'resource-code-class-mismatch', message: 'resource-code-class-mismatch', severity: 'error', source: '2017 guide: 信息资源代码 = 分类码/顺序码', description: { zh: '信息资源代码与分类一致', en: 'resource code matches its classification' } },
  { id: 'resource-identifier-pattern', message: 'resource-identifier-pattern', severity: 'info', source: 'GB/T 21063.5 structure, unverified (configurable pattern; project extension)', description: { zh: '信息资源标识符结构', en: 'resource identifier structure' } },
  { id: 'duplicate-identifier', message: 'duplicate-identifier', severity: 'error', source: 'project rule: identifiers unique per provider', description: { zh: '标识符在提供方内唯一', en: 'identifiers unique per provider' } },
  { id: 'duplicate-title', message: 'duplicate-title', severity: 'warning', source: 'project rule: names unique per provider', description: { zh: '资源名称在提供方内唯一', en: 'titles unique per provider' } },
  { id: 'related-resource-missing', message: 'related-resource-missing', severity: 'error', source: '2017 guide 关联资源代码 (existence check: project rule)', description: { zh: '关联资源代码须存在', en: 'related resource codes must exist' } },
  { id: 'element-mismatch', message: 'element-mismatch', severity: 'warning', source: 'data-element dictionary (standards/common/data-elements.json, --elements)', description: { zh: '信息项与数据元的类型或长度不符', en: 'item type or length differs from its data element' } },
  { id: 'duplicate-item-name', message: 'duplicate-item-name', severity: 'error', source: 'project rule: 信息项 names unique within a resource', description: { zh: '信息项名称在资源内唯一', en: 'item names unique within a resource' } },
];

export type RuleSetting = Severity | 'off';

/** Rule config file (`--rules rules.json` or workspace `rules`). */
export interface RuleConfig {
  /** Per rule id (or issue code): a severity, "off", or {severity, pattern}. */
  rules?: Record<string, RuleSetting | { severity?: RuleSetting; pattern?: string }>;
}

export class RuleConfigError extends Error {
  constructor(public file: string, public detail: string) {
    super(`${file}: ${detail}`);
  }
}

const SETTINGS = new Set(['error', 'warning', 'info', 'off']);

/** Check a parsed rule config; returns it typed, or throws RuleConfigError naming the bad entry. */
export function parseRuleConfig(data: unknown, file = 'rules'): RuleConfig {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new RuleConfigError(file, 'must be a JSON object {"rules": {...}}');
  const rules = (data as RuleConfig).rules ?? {};
  if (typeof rules !== 'object' || Array.isArray(rules)) throw new RuleConfigError(file, '"rules" must be an object');
  const known = new Set(RULES.flatMap((r) => [r.id, r.message]));
  for (const [id, v] of Object.entries(rules)) {
    if (!known.has(id)) throw new RuleConfigError(file, `unknown rule "${id}" (see docs/validate.md)`);
    const sev = typeof v === 'string' ? v : v?.severity;
    if (sev !== undefined && !SETTINGS.has(sev)) throw new RuleConfigError(file, `rule "${id}": "${sev}" is not error, warning, info or off`);
    if (typeof v === 'object' && v.pattern !== undefined) {
      try {
        new RegExp(v.pattern);
      } catch {
        throw new RuleConfigError(file, `rule "${id}": pattern is not a valid regular expression`);
      }
    }
  }
  return data as RuleConfig;
}

/** Read and check a rule config file. */
export function loadRuleConfig(file: string): RuleConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RuleConfigError(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RuleConfigError(file, `invalid JSON (${(err as Error).message})`);
  }
  return parseRuleConfig(data, file);
}

function settingOf(cfg: RuleConfig | undefined, key: string | undefined): RuleSetting | undefined {
  if (!key || !cfg?.rules) return undefined;
  const v = cfg.rules[key];
  return typeof v === 'string' ? v : v?.severity;
}

/** Extra option of a rule (e.g. the resource identifier pattern). */
export function ruleOption(cfg: RuleConfig | undefined, id: string, key: 'pattern'): string | undefined {
  const v = cfg?.rules?.[id];
  return typeof v === 'object' ? v[key] : undefined;
}

/** Apply a rule config to an issue: undefined when the rule is off, else the issue with its tuned severity. */
export function applyRuleConfig(issue: Issue, cfg: RuleConfig | undefined): Issue | undefined {
  const s = settingOf(cfg, issue.rule) ?? settingOf(cfg, issue.code);
  if (s === 'off') return undefined;
  return s && s !== issue.severity ? { ...issue, severity: s } : issue;
}
