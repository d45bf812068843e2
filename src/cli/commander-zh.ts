import { resolveLang, type Lang } from '../i18n/lang.js';

/** Commander's own parse errors (unknown option, missing argument…) in Chinese: pattern → replacement. */
const ZH: [RegExp, string][] = [
  [/^error: unknown option '([^']+)'/, '错误：未知选项“$1”'],
  [/^error: unknown command '([^']+)'/, '错误：未知命令“$1”'],
  [/^error: missing required argument '([^']+)'/, '错误：缺少必需的参数“$1”'],
  [/^error: option '([^']+)' argument missing/, '错误：选项“$1”缺少值'],
  [/^error: required option '([^']+)' not specified/, '错误：未指定必需的选项“$1”'],
  [/^error: too many arguments(?: for '([^']+)')?\. Expected (\d+) arguments? but got (\d+)\./, '错误：参数太多（应为 $2 个，实际 $3 个）'],
  [/^error: option '([^']+)' argument '([^']*)' is invalid\./, '错误：选项“$1”的值“$2”无效。'],
  [/\(Did you mean ([^)]+)\?\)/, '（是不是要用 $1？）'],
  [/^\(run with --help for usage\)/, '（加 --help 查看用法）'],
];

/** A commander error text in the user's language (Chinese when --lang zh or LANG says so). */
export function localiseCommanderText(text: string, lang: Lang): string {
  if (lang !== 'zh') return text;
  return text.split('\n').map((line) => ZH.reduce((l, [re, to]) => l.replace(re, to), line)).join('\n');
}

/** The language asked for on the command line (--lang x / --lang=x) or by LANG, before commander has parsed. */
export function langOfArgv(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i].includes('=') ? argv[i].slice(7) : argv[i + 1];
  try {
    return resolveLang(flag);
  } catch {
    return resolveLang(); // an unknown --lang: LANG decides (langOf reports the flag)
  }
}
