import type { Command } from 'commander';
import { t, tCode } from './text.js';
import { fetchJson, normalUrl, type CentreRef, type LocateAnswer } from '../index.js';
import { isCatalogError } from '../index.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import { FORMAT } from './options.js';

interface LocateFlags extends GlobalOptions { centre: string; format?: string }

const ROLE = { origin: { zh: '原始', en: 'origin' }, relay: { zh: '汇聚', en: 'relay' }, here: { zh: '本中心', en: 'this centre' } };

function centreLine(c: CentreRef, lang: 'zh' | 'en'): string {
  const what = [c.name, c.level?.[lang], c.division].filter(Boolean).join(' · ');
  return `  ${ROLE[c.role][lang]}: ${what || '?'}  ${c.url}${c.reachable ? '' : `  (${t('locate.unreachable', lang)})`}`;
}

function pretty(a: LocateAnswer, lang: 'zh' | 'en'): string {
  const none = t('locate.none', lang);
  const s = a.sharing ?? { type: none };
  const lines = [
    t('locate.title', lang, { code: a.resourceCode, title: a.title }),
    t('locate.provider', lang, { name: a.provider.name ?? none, code: a.provider.code ?? none }),
    t('locate.sharing', lang, { type: s.type || none, condition: s.condition || none, method: [s.method, s.methodType].filter(Boolean).join(' / ') || none }),
    t('locate.access', lang, { service: a.access.service ? `${a.access.service.url} (${a.access.service.type})` : none }),
  ];
  if (a.access.onlineResources.length) lines.push(t('locate.online', lang, { urls: a.access.onlineResources.join(' ') }));
  lines.push(t('locate.origin', lang, { name: a.origin.name ?? '?', level: a.origin.level?.[lang] ?? '?', url: a.origin.url }));
  lines.push(t('locate.origin-record', lang, { url: a.origin.recordUrl, status: a.origin.status }));
  lines.push(t('locate.holders', lang), ...a.holders.map((h) => centreLine(h, lang)));
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('locate')
    .description('locate a resource in the tree of centres: where it was registered, who holds it, how to obtain it')
    .argument('<resourceCode>', '信息资源代码 (or the record key)')
    .requiredOption('--centre <url>', 'base URL of the centre to ask (any tier: it follows the record to its origin)')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog locate 330106001/00001 --centre http://province.example:8080
  $ catalog locate 330106001/00001 --centre http://province.example:8080 --format json
Exit codes: 0 found, 1 the centre has no published resource with that code, 2 usage error,
3 the centre could not be reached or failed.`)
    .action(async (code: string, flags: LocateFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as LocateFlags;
      const lang = langOf(opts);
      await FORMAT.parseOptional(opts.format, lang);
      const centre = await normalUrl(opts.centre);
      if (!centre) throw new CliError(t('tree.join-bad-url', lang, { url: opts.centre }));
      let answer;
      try {
        answer = await fetchJson(`${centre}/api/v1/locate/${encodeURIComponent(code)}`, { acceptLanguage: lang, timeoutMs: 30_000, maxBytes: 4 * 1024 * 1024 });
      } catch (err) {
        if (isCatalogError(err, 'TreeError')) throw new CliError(t('locate.failed', lang, { detail: tCode(err.code, lang, err.params) }), EXIT.REMOTE);
        throw err;
      }
      if (answer.status === 404) throw new CliError(t('locate.not-found', lang, { centre, code }), EXIT.INVALID);
      if (answer.status !== 200) throw new CliError(t('locate.failed', lang, { detail: `${centre}: HTTP ${answer.status}` }), EXIT.REMOTE);
      const a = answer.json as LocateAnswer;
      print(opts.format === 'json' ? JSON.stringify(a, null, 2) : pretty(a, lang));
    });
}
