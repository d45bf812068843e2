export type Lang = 'zh' | 'en';

/** A language flag that names neither zh nor en: a code and the value, rendered at the edge (src/cli/context.ts). */
export class UnknownLangError extends Error {
  readonly code = 'usage.bad-lang';
  constructor(readonly value: string) {
    super('usage.bad-lang');
  }
}

/** Pick the message language: explicit flag, then LC_ALL / LC_MESSAGES / LANG (zh_* → zh), else en. */
export function resolveLang(flag?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = (v: string | undefined): Lang | undefined => {
    if (!v) return undefined;
    const s = v.toLowerCase();
    if (s.startsWith('zh')) return 'zh';
    if (s.startsWith('en') || s === 'c' || s.startsWith('c.') || s === 'posix') return 'en';
    return undefined;
  };
  if (flag) {
    const l = pick(flag);
    if (!l) throw new UnknownLangError(flag);
    return l;
  }
  return pick(env.LC_ALL) ?? pick(env.LC_MESSAGES) ?? pick(env.LANG) ?? 'en';
}
