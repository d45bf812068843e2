export type Lang = 'zh' | 'en';

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
    if (!l) throw new Error(`unknown language "${flag}" (use zh or en)`);
    return l;
  }
  return pick(env.LC_ALL) ?? pick(env.LC_MESSAGES) ?? pick(env.LANG) ?? 'en';
}
