import type { MessageTable } from '../i18n/table.js';

/** Messages of validate/ (code → zh/en). Plain data: src/i18n/catalogue.ts collects every folder's table. */
export const messages = {
  // validate/codelists.ts
  'industry-code-unknown': {
    zh: '行业分类类目编码“{value}”不是 GB/T 4754-2017 的门类或大类代码{didYouMean}',
    en: 'industry category code "{value}" is not a GB/T 4754-2017 section or division code{didYouMean}',
  },
  'subject-class-unknown': {
    zh: '主题分类类目名称“{value}”不在 GB/T 21063.4 主题分类表中{didYouMean}',
    en: 'subject category "{value}" is not in the GB/T 21063.4 subject classification{didYouMean}',
  },
  // validate/identifiers.ts
  'provider-code-invalid': {
    zh: '信息资源提供方代码“{value}”无效：{reasonText}。请填写 18 位统一社会信用代码或 9 位组织机构代码',
    en: 'provider code "{value}" is invalid: {reasonText}. Use the 18-character unified social credit code or the 9-character organisation code',
  },
  'reason.uscc-length': { zh: '长度为 {length}，既不是 18 位也不是 9 位', en: 'it has {length} characters, neither 18 nor 9' },
  'reason.uscc-chars': { zh: '含有统一社会信用代码不允许的字符（不得含 I、O、Z、S、V）', en: 'it contains characters a credit code cannot have (no I, O, Z, S, V)' },
  'reason.uscc-check': { zh: '统一社会信用代码校验码应为“{expected}”', en: 'the credit code check character should be "{expected}"' },
  'reason.org-chars': { zh: '组织机构代码本体应为 8 位数字或大写字母', en: 'the organisation code body must be 8 digits or capital letters' },
  'reason.org-check': { zh: '组织机构代码校验码应为“{expected}”', en: 'the organisation code check character should be "{expected}"' },
  'resource-code-class-mismatch': {
    zh: '信息资源代码“{value}”的分类码“{prefix}”与信息资源分类（类/项/目/细目）“{expected}”不一致',
    en: 'resource code "{value}": classification part "{prefix}" does not match the directory classification (class/item/heading/subheading) "{expected}"',
  },
  'resource-identifier-pattern': {
    zh: '信息资源标识符“{value}”不符合配置的编码结构 {pattern}（GB/T 21063.5 结构未经核实，可在规则配置中调整）',
    en: 'resource identifier "{value}" does not match the configured structure {pattern} (the GB/T 21063.5 structure is unverified; adjust it in the rule config)',
  },
  // validate/cross-record.ts
  'duplicate-identifier': {
    zh: '提供方“{provider}”的{field}“{value}”重复（首次出现在第 {firstRecord} 条记录）',
    en: '{field} "{value}" of provider "{provider}" is not unique (first used by record {firstRecord})',
  },
  'duplicate-title': {
    zh: '提供方“{provider}”已有同名信息资源“{value}”（第 {firstRecord} 条记录）',
    en: 'provider "{provider}" already has a resource titled "{value}" (record {firstRecord})',
  },
  'related-resource-missing': {
    zh: '关联资源代码“{value}”在本目录及参考目录中都不存在',
    en: 'related resource code "{value}" exists neither in this catalogue nor in the reference catalogue',
  },
  'duplicate-item-name': {
    zh: '信息项名称“{value}”在本资源中重复（第 {first} 项已使用）',
    en: 'item name "{value}" is used twice in this resource (already item {first})',
  },
} satisfies MessageTable;
