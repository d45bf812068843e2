import { createRequire } from 'node:module';
import type { Command, Option as OptionType } from 'commander';
import { parseExpiry, parseInterval, parseLevel, type CentreLevel, type Lang } from '../index.js';
import { t, type CliMessageCode } from './text.js';
import { CliError } from './context.js';

/** commander's Option, required as CommonJS like src/cli/main.ts does (start-up). */
const { Option } = createRequire(import.meta.url)('commander') as typeof import('commander');
type Option = OptionType;

/**
 * Shared option definitions (issue 18, like dpkit's): one definition per kind of flag value — an enumerated
 * choice, a whole number in a range, a port, seconds, a date, an interval, a centre level, an expiry — each
 * with its parser and its coded usage error, so every command refuses a bad value the same way, in zh and en
 * (issue 16). A definition adds its commander Option to a command and parses the value in the action (a few
 * parsers come from the lazily loaded library, so parsing is async and happens there, not in commander).
 */
export type ValueKind = 'choice' | 'integer' | 'port' | 'seconds' | 'date' | 'interval' | 'level' | 'expiry';

/** Why a value was refused: a message code and its params (rendered in the user's language at the edge). */
interface Problem { code: CliMessageCode; params?: Record<string, unknown> }

type Check<T> = (value: string, lang: Lang) => T | undefined | Promise<T | undefined>;

export class ValueOption<T> {
  constructor(
    readonly flags: string,
    readonly kind: ValueKind,
    /** A value this definition refuses: test/sheets/zh-flags.test.ts runs every command with it. */
    readonly bad: string,
    private readonly check: Check<T>,
    private readonly problem: (value: string, lang: Lang) => Problem,
  ) {}

  /** The long flag (`--format`), as the usage error names it. */
  get flag(): string {
    return new Option(this.flags).long ?? this.flags;
  }

  /** The commander Option, remembered as this definition's (the zh test finds the kind from the command tree). */
  option(description: string, defaultValue?: string): Option {
    const o = new Option(this.flags, description);
    if (defaultValue !== undefined) o.default(defaultValue);
    DEFINITIONS.set(o, this as ValueOption<unknown>);
    return o;
  }

  /** Add this option to `cmd` (as `cmd.option(flags, description, default)` would). */
  add(cmd: Command, description: string, defaultValue?: string): Command {
    return cmd.addOption(this.option(description, defaultValue));
  }

  /** The value, checked: a usage error (exit 2) in the user's language when it is not one this option takes. */
  async parse(value: string, lang: Lang): Promise<T> {
    const v = await this.check(value, lang);
    if (v === undefined) {
      const p = this.problem(value, lang);
      throw usageError(p.code, lang, { flag: this.flag, value, ...p.params });
    }
    return v;
  }

  /** The value, or undefined when it is not one this option takes (for definitions built on this one). */
  async parseOrUndefined(value: string, lang: Lang): Promise<T | undefined> {
    return this.check(value, lang);
  }

  /** As parse, for an option without a default: undefined when it was not given. */
  async parseOptional(value: string | undefined, lang: Lang): Promise<T | undefined> {
    return value === undefined ? undefined : this.parse(value, lang);
  }
}

const DEFINITIONS = new WeakMap<Option, ValueOption<unknown>>();

/** The shared definition an option of the command tree was made from (undefined: a free-text option). */
export function definitionOf(o: Option): ValueOption<unknown> | undefined {
  return DEFINITIONS.get(o);
}

/** A usage error (exit 2) from a message code: "用法错误：…" / "usage error: …". */
export function usageError(code: CliMessageCode, lang: Lang, params?: Record<string, unknown>): CliError {
  return new CliError(t('usage-error', lang, { detail: t(code, lang, params) }));
}

/** The choices as a list in the user's language: “pretty”、“json” / pretty, json. */
function choiceList(choices: readonly string[], lang: Lang): string {
  return lang === 'zh' ? choices.map((c) => `“${c}”`).join('、') : choices.join(', ');
}

/** An enumerated choice (--format, --target, --alg, --disputed, --fail-on, --metadata-prefix…). */
export function choice<C extends string>(flags: string, choices: readonly C[]): ValueOption<C> {
  return new ValueOption<C>(flags, 'choice', 'no-such-choice', (v) => (choices as readonly string[]).includes(v) ? v as C : undefined,
    (_v, lang) => ({ code: 'usage.bad-choice', params: { choices: choiceList(choices, lang) } }));
}

/** A whole number from `min` (and at most `max`): counts, sizes, limits, row numbers. */
export function integer(flags: string, min = 1, max?: number): ValueOption<number> {
  return new ValueOption<number>(flags, 'integer', 'many', (v) => {
    const n = v.trim() === '' ? NaN : Number(v);
    return Number.isInteger(n) && n >= min && (max === undefined || n <= max) ? n : undefined;
  }, () => max === undefined ? { code: 'usage.bad-integer', params: { min } } : { code: 'usage.bad-integer-range', params: { min, max } });
}

/** A TCP port, 0 (any free port) to 65535. */
export function port(flags: string): ValueOption<number> {
  const n = integer(flags, 0, 65_535);
  return new ValueOption<number>(flags, 'port', 'abc', (v, lang) => n.parseOrUndefined(v, lang), () => ({ code: 'usage.bad-port' }));
}

/** A number of seconds above 0 and at most a day (fractions allowed), as milliseconds. */
export function seconds(flags: string): ValueOption<number> {
  return new ValueOption<number>(flags, 'seconds', 'soon', (v) => {
    const n = v.trim() === '' ? NaN : Number(v);
    return Number.isFinite(n) && n > 0 && n <= 86_400 ? Math.round(n * 1000) : undefined;
  }, () => ({ code: 'usage.bad-seconds', params: { max: 86_400 } }));
}

/** A UTC date or time as OAI-PMH datestamps are written: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ. */
export function date(flags: string): ValueOption<string> {
  return new ValueOption<string>(flags, 'date', 'yesterday', (v) => {
    const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}Z)?$/.exec(v);
    return m && !Number.isNaN(Date.parse(m[2] ? v : `${v}T00:00:00Z`)) ? v : undefined;
  }, () => ({ code: 'usage.bad-date' }));
}

/** A harvest interval (15m, 1h; at least 1s, at most 7d), as milliseconds. */
export function interval(flags: string): ValueOption<number> {
  return new ValueOption<number>(flags, 'interval', 'often', (v) => parseInterval(v), () => ({ code: 'centre.bad-interval' }));
}

/** A centre's level: national, province, city, county (or 国家, 省, 市, 区县). */
export function level(flags: string): ValueOption<CentreLevel> {
  return new ValueOption<CentreLevel>(flags, 'level', 'village', (v) => parseLevel(v), () => ({ code: 'centre.bad-level' }));
}

/** When a token expires: a duration (90d, 12h, 2w), a date or a UTC time, in the future; as YYYY-MM-DDThh:mm:ssZ. */
export function expiry(flags: string): ValueOption<string> {
  return new ValueOption<string>(flags, 'expiry', 'never', (v) => parseExpiry(v), () => ({ code: 'centre.bad-expiry' }));
}

/** The flags many commands share. */
export const FORMAT = choice('-f, --format <format>', ['pretty', 'json'] as const);
export const HEADER_ROW = integer('--header-row <n>');
export const JOBS = integer('-j, --jobs <n>', 1, 256);
