import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../issues/issue.js';
import { issue } from '../issues/make.js';
import { ref } from '../issues/text.js';

/** GB 32100-2015 alphabet: digits and capitals without I, O, S, V, Z (31 characters). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 weights for positions 1–17 (3^(i-1) mod 31). */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714 weights for the 8 body characters. */
export const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export interface CodeCheck {
  valid: boolean;
  kind?: 'uscc' | 'org';
  /** Message code of the reason when invalid (reason.*). */
  reason?: string;
  params?: Record<string, unknown>;
}

/** The check character a 17-character credit-code body needs (GB 32100-2015: mod 31). */
export function usccCheckChar(body17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(body17[i]);
    if (v < 0) return undefined;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** 统一社会信用代码: 18 characters from the GB 32100 alphabet, the last a mod-31 check character. */
export function checkUscc(code: string): CodeCheck {
  if (code.length !== 18) return { valid: false, kind: 'uscc', reason: 'reason.uscc-length', params: { length: code.length } };
  if (![...code].every((c) => USCC_ALPHABET.includes(c))) return { valid: false, kind: 'uscc', reason: 'reason.uscc-chars' };
  const expected = usccCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return { valid: false, kind: 'uscc', reason: 'reason.uscc-check', params: { expected } };
  return { valid: true, kind: 'uscc' };
}

/** The check character for an 8-character organisation-code body (GB 11714: mod 11, 10 → X). */
export function orgCheckChar(body8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(body8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55; // A=10 … Z=35
    sum += v * ORG_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** 组织机构代码: 8 digits/capitals + check digit (0–9 or X), with or without the hyphen ("12345678-9"). */
export function checkOrgCode(code: string): CodeCheck {
  const c = code.replace(/^(.{8})-(.)$/, '$1$2');
  if (c.length !== 9) return { valid: false, kind: 'org', reason: 'reason.uscc-length', params: { length: code.length } };
  const expected = orgCheckChar(c.slice(0, 8));
  if (!expected) return { valid: false, kind: 'org', reason: 'reason.org-chars' };
  if (expected !== c[8]) return { valid: false, kind: 'org', reason: 'reason.org-check', params: { expected } };
  return { valid: true, kind: 'org' };
}

/** A provider code is either form: 18 → credit code, 9 (or 10 with hyphen) → organisation code. */
export function checkProviderCode(code: string): CodeCheck {
  const r = providerCheck(code);
  return { ...r, ...(r.params ? { params: { ...r.params } } : {}) };
}

/** checkProviderCode, remembered: a catalogue repeats a handful of provider codes over every record (read-only answers). */
function providerCheck(code: string): Readonly<CodeCheck> {
  let r = providerChecks.get(code);
  if (r === undefined) {
    r = checkProviderCodeOnce(code);
    if (providerChecks.size >= 10_000) providerChecks.clear();
    providerChecks.set(code, r);
  }
  return r;
}
const providerChecks = new Map<string, CodeCheck>();

function checkProviderCodeOnce(code: string): CodeCheck {
  const c = code.trim().toUpperCase();
  if (c.length === 18) return checkUscc(c);
  if (c.length === 9 || c.length === 10) return checkOrgCode(c);
  return { valid: false, reason: 'reason.uscc-length', params: { length: c.length } };
}

function wellFormedClass(d: NonNullable<CatalogRecord['directoryClass']>): boolean {
  return /^[1-3]$/.test(d.class) && /^\d{2}$/.test(d.item ?? '') && /^\d{3}$/.test(d.heading ?? '') && (d.subheading === undefined || /^[0-9A-Za-z]+$/.test(d.subheading));
}

/** 分类码 of the 2017 guide: 类 + 项 + 目 + 细目, concatenated. */
export function classificationCode(d: NonNullable<CatalogRecord['directoryClass']>): string {
  return `${d.class ?? ''}${d.item ?? ''}${d.heading ?? ''}${d.subheading ?? ''}`;
}

/**
 * Default structure of a GB/T 21063.5 resource identifier: 前段码 "/" 后段码. Unverified (see
 * standards/gbt21063-3/README.md): a local standard citing part 5 gives a 前段码 of a province code,
 * a level character and a 001–999 department number; the 后段码 is unknown. Project extension.
 */
export const DEFAULT_RESOURCE_ID_PATTERN = '^[0-9A-Za-z]+/[0-9A-Za-z._-]+$';
/** The stricter 前段码 reading of the local standard (province code + level character + 001–999), for rule configs. */
export const LOCAL_RESOURCE_ID_PATTERN = '^\\d{2}[0-9A-Za-z]\\d{3}/[0-9A-Za-z._-]+$';

export interface IdentifierOptions {
  /** Regular expression for the resource identifier (rule resource-identifier-pattern). */
  resourceIdPattern?: string;
}

/** Identifier rules on one record: provider code checksum, 信息资源代码 vs classification, identifier pattern. */
export function checkIdentifiers(record: CatalogRecord, o: IdentifierOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const code = record.provider?.code;
  if (typeof code === 'string' && code.trim() !== '') {
    const r = providerCheck(code);
    if (!r.valid) {
      issues.push(issue('provider-code-invalid', { value: code, reason: r.reason!, ...r.params, reasonText: ref(r.reason!, r.params) },
        { rule: 'provider-code-invalid', severity: 'error', path: '/provider/code', value: code }));
    }
  }
  const rc = record.resourceCode, d = record.directoryClass;
  // Only well-formed codes and classes: malformed ones already get pattern-mismatch.
  if (typeof rc === 'string' && /^[1-3]\d{5}[0-9A-Za-z]*\/[0-9A-Za-z]+$/.test(rc) && d && typeof d === 'object' && wellFormedClass(d)) {
    const prefix = rc.slice(0, rc.indexOf('/'));
    const expected = classificationCode(d);
    if (prefix !== expected) {
      issues.push(issue('resource-code-class-mismatch', { value: rc, prefix, expected }, { rule: 'resource-code-class-mismatch', severity: 'error', path: '/resourceCode', value: rc }));
    }
  }
  const rid = record.resourceIdentifier;
  if (typeof rid === 'string' && rid !== '') {
    const pattern = o.resourceIdPattern ?? DEFAULT_RESOURCE_ID_PATTERN;
    if (!patternOf(pattern).test(rid)) {
      issues.push(issue('resource-identifier-pattern', { value: rid, pattern }, { rule: 'resource-identifier-pattern', severity: 'info', path: '/resourceIdentifier', value: rid }));
    }
  }
  return issues;
}

const patterns = new Map<string, RegExp>();
/** The compiled identifier pattern (a rule config names one or two). */
function patternOf(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    if (patterns.size >= 100) patterns.clear();
    patterns.set(pattern, re);
  }
  return re;
}
