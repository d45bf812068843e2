import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import inquirer from 'inquirer';
import { CONFIG_FILE, initSteps, skippedText, listProfiles, applyAssignments, assignableFields, describeProposal, previewRecords, proposeMapping } from '../index.js';
import type { AnswerCheck, InitState, InitAnswers, ColumnAssignment, MappingProposal, MappingTemplate } from '../index.js';
import { t, tCode } from './text.js';
import type { Lang } from '../index.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import { usageErrorOf } from './map.js';
import { outputMode } from './progress.js';

interface InitFlags extends GlobalOptions {
  yes?: boolean;
  name?: string;
  code?: string;
  division?: string;
  profile?: string;
  centre?: string;
  sheetFile?: string;
  sheet?: string;
  mappingFile: string;
  dir: string;
  format: string;
  resume?: boolean;
}

/** One question through inquirer (typed loosely: inquirer's question types are very generic). */
async function ask<T>(q: Record<string, unknown>): Promise<T> {
  const answers = await (inquirer.prompt as unknown as (qs: unknown[]) => Promise<{ a: T }>)([{ name: 'a', ...q }]);
  return answers.a;
}

const reasonText = (c: AnswerCheck, lang: Lang) => tCode(c.reason ?? 'usage-error', lang, c.params);
const validator = (check: (v: string) => AnswerCheck, lang: Lang) => (v: string) => {
  const c = check(v);
  return c.valid ? true : reasonText(c, lang);
};

/** Terminal columns a string takes (CJK and full-width characters take two). */
const displayWidth = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));

function describeColumns(p: MappingProposal, lang: Lang, labels: Map<string, string>): string {
  const width = Math.max(...p.columns.map((c) => displayWidth(c.column)), 4);
  return p.columns.map((c) => `  ${pad(c.column, width)}  →  ${c.field ? `${labels.get(c.field) ?? c.field} (${c.field})` : t('init.choice.none', lang)}`).join('\n');
}

function previewText(records: { title?: string; resourceCode?: string; provider?: { name?: string }; updateCycle?: string; items?: unknown[] }[]): string {
  return records.map((r, i) => `  ${i + 1}. ${r.resourceCode ?? '?'}  ${r.title ?? '?'}  | ${r.provider?.name ?? ''} | ${r.updateCycle ?? ''}${r.items ? ` | 信息项 ${r.items.length}` : ''}`).join('\n');
}

const profileTitle = (p: { title?: unknown; version?: string }, lang: Lang): string => {
  const title = p.title && typeof p.title === 'object' ? (p.title as Record<string, string>)[lang] ?? '' : String(p.title ?? '');
  return p.version ? `${title} (${p.version})` : title;
};

/**
 * Confirm or correct each column's field: a search prompt that filters the labelled fields as the user types, the
 * current field first (Enter keeps it), and a way back to the previous column. `progress` sees each step's answers.
 */
async function pickColumns(start: ColumnAssignment[], lang: Lang, progress: (done: ColumnAssignment[]) => void): Promise<ColumnAssignment[]> {
  const fields = await assignableFields(lang);
  const columns = start.map((c) => ({ ...c }));
  const BACK = '\0back', NONE = '\0none';
  for (let i = 0; i < columns.length;) {
    const c = columns[i];
    const current = fields.find((f) => f.field === c.field);
    const all = [
      ...(current ? [{ name: `${current.label} (${current.field})`, value: current.field }] : []),
      { name: t('init.choice.none', lang), value: NONE },
      ...(i > 0 ? [{ name: t('init.choice.back', lang), value: BACK }] : []),
      ...fields.filter((f) => f !== current).map((f) => ({ name: `${f.label} (${f.field})`, value: f.field })),
    ];
    const picked = await ask<string>({
      type: 'search',
      message: t('init.q.column-search', lang, { column: c.column }),
      source: (term: string | undefined) => (term ? all.filter((x) => x.name.toLowerCase().includes(term.toLowerCase())) : all),
      pageSize: 12,
    });
    if (picked === BACK) {
      i--;
      continue;
    }
    columns[i] = { column: c.column, field: picked === NONE ? undefined : picked };
    progress(columns);
    i++;
  }
  return columns;
}

export async function register(program: Command): Promise<void> {
  const { STATE_FILE, readConfigIn, loadState, saveAnswer, removeState, buildConfig, writeWorkspace, checkCentreUrl, checkCodeDivision, checkDepartmentCode, checkDivision } = await initSteps();
  program
    .command('init')
    .description('set up a workspace: department, codes, profile, centre, mapping of a spreadsheet / 初始化工作区')
    .option('-y, --yes', 'ask nothing: take every answer from flags (for scripts)')
    .option('--name <name>', 'department name (部门名称)')
    .option('--code <code>', 'unified social credit code (统一社会信用代码)')
    .option('--division <code>', 'GB/T 2260 administrative division code (行政区划代码)')
    .option('--profile <id>', 'default profile: guide2017 | gbt21063-3 (default guide2017)')
    .option('--centre <url>', 'directory centre URL')
    .option('--sheet-file <file>', 'department spreadsheet to propose a mapping for')
    .option('--sheet <name>', 'sheet of the spreadsheet (name or 1-based index)')
    .option('--mapping-file <file>', 'where to write the mapping template (relative to --dir)', 'mapping.json')
    .option('--dir <dir>', 'workspace directory', '.')
    .option('-f, --format <format>', 'summary: pretty | json', 'pretty')
    .option('--resume', `continue an init that was cancelled: take the answers kept in ${STATE_FILE}`)
    .addHelpText('after', `
Examples:
  $ catalog init
  $ catalog init --sheet-file 目录编制表.xlsx
  $ catalog init --yes --name 示例区人力资源和社会保障局 --code 11330106MB1F628054 --division 330106 \\
      --profile guide2017 --centre http://127.0.0.1:8080 --sheet-file templates/samples/hrss-catalog.xlsx
Without a terminal (CI, pipes) every required answer must come from a flag.
Exit codes: 0 written, 1 cancelled, 2 usage error (missing or invalid answer, unreadable spreadsheet).`)
    .action(async (flags: InitFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as InitFlags;
      const lang = langOf(opts);
      if (!['pretty', 'json'].includes(opts.format)) throw new CliError(t('usage-error', lang, { detail: `--format ${opts.format} (use pretty or json)` }));
      const mode = outputMode(opts);
      const interactive = !opts.yes && !!process.stdin.isTTY && !!process.stdout.isTTY;
      const say = (s: string) => {
        if (!mode.quiet && !mode.json) print(s);
      };
      const dir = path.resolve(opts.dir);
      let existing;
      try {
        existing = readConfigIn(dir);
      } catch (err) {
        throw new CliError(t('usage-error', lang, { detail: `${path.join(dir, CONFIG_FILE)}: ${(err as Error).message}` }));
      }
      const profileInfo = listProfiles();
      const profiles = profileInfo.map((p) => p.id);
      // Answers are kept as they are given, so a cancelled init can go on with --resume (removed once written).
      const saved = opts.resume ? loadState(dir) : undefined;
      const state: InitState = { ...saved };
      const remember = <K extends keyof InitState>(key: K, value: InitState[K]) => { if (interactive) saveAnswer(dir, state, key, value); };
      if (saved) say(t('init.resumed', lang, { file: STATE_FILE }));
      else if (interactive && loadState(dir)) say(t('init.resume-hint', lang, { file: STATE_FILE }));
      opts.name ??= saved?.name;
      opts.code ??= saved?.code;
      opts.division ??= saved?.division;
      opts.profile ??= saved?.profile;
      opts.centre ??= saved?.centre;
      opts.sheetFile ??= saved?.sheetFile;

      try {
        if (interactive && existing && !(await ask<boolean>({ type: 'confirm', message: t('init.q.update', lang, { file: CONFIG_FILE }), default: true }))) {
          say(t('init.cancelled', lang));
          process.exitCode = EXIT.INVALID;
          return;
        }
        // A flag value is checked like an answer; a bad flag is a usage error (exit 2).
        const fromFlag = (flag: string, value: string | undefined, check: (v: string) => AnswerCheck): string | undefined => {
          if (value === undefined) return undefined;
          const c = check(value);
          if (!c.valid) throw new CliError(reasonText(c, lang));
          return value;
        };
        const required = async (flag: string, what: string, value: string | undefined, fallback: string | undefined, message: string, check: (v: string) => AnswerCheck): Promise<string> => {
          const v = fromFlag(flag, value, check);
          if (v !== undefined) return v;
          if (!interactive) {
            if (fallback !== undefined && opts.yes) return fallback;
            throw new CliError(t(opts.yes ? 'init.missing-flag-yes' : 'init.missing-flag', lang, { flag, what: tCode(what, lang) }));
          }
          return ask<string>({ type: 'input', message, default: fallback, validate: validator(check, lang) });
        };
        const name = await required('--name', 'what.name', opts.name, existing?.department?.name, t('init.q.name', lang), (v) => (v.trim() ? { valid: true } : { valid: false, reason: 'init.name-empty' }));
        remember('name', name);
        const code = await required('--code', 'what.code', opts.code, existing?.department?.code, t('init.q.code', lang), (v) => checkDepartmentCode(v, lang));
        remember('code', code);
        let division = await required('--division', 'what.division', opts.division, existing?.department?.division, t('init.q.division', lang), checkDivision);
        say(`  ${t('init.division-ok', lang, { label: checkDivision(division).label })}`);
        // Characters 3–8 of the credit code are a division too: a mismatch is said (and, asked, may be corrected).
        for (let agree = checkCodeDivision(code, division); !agree.valid; agree = checkCodeDivision(code, division)) {
          say(`  ${reasonText(agree, lang)}`);
          if (!interactive || (await ask<boolean>({ type: 'confirm', message: t('init.q.keep-division', lang, { division }), default: true }))) break;
          division = await ask<string>({ type: 'input', message: t('init.q.division', lang), default: String(agree.params?.inCode ?? ''), validate: validator(checkDivision, lang) });
          say(`  ${t('init.division-ok', lang, { label: checkDivision(division).label })}`);
        }
        remember('division', division);

        const checkProfile = (v: string): AnswerCheck => (profiles.includes(v) ? { valid: true } : { valid: false, reason: 'init.unknown-profile', params: { value: v, available: profiles.join(', ') } });
        let profile = fromFlag('--profile', opts.profile, checkProfile);
        if (profile === undefined) {
          const fallback = existing?.profile && profiles.includes(existing.profile) ? existing.profile : 'guide2017';
          // Each profile with a one-line description: its title and version.
          const choices = profileInfo.map((p) => ({ name: `${p.id} — ${profileTitle(p, lang)}`, value: p.id }));
          profile = interactive ? await ask<string>({ type: 'select', message: t('init.q.profile', lang), choices, default: fallback }) : fallback;
        }
        remember('profile', profile);
        let centre = fromFlag('--centre', opts.centre, checkCentreUrl);
        if (centre === undefined && interactive) centre = await ask<string>({ type: 'input', message: t('init.q.centre', lang), default: existing?.centre?.url ?? '', validate: validator(checkCentreUrl, lang) });
        centre ??= existing?.centre?.url;
        remember('centre', centre ?? '');

        let sheetFile = opts.sheetFile;
        if (sheetFile !== undefined && !fs.existsSync(sheetFile)) throw new CliError(t('init.sheet-missing', lang, { file: sheetFile }));
        if (sheetFile === undefined && interactive) {
          const v = await ask<string>({ type: 'input', message: t('init.q.sheet', lang), default: '', validate: (s: string) => (!s.trim() || fs.existsSync(s.trim()) ? true : t('init.sheet-missing', lang, { file: s.trim() })) });
          sheetFile = v.trim() || undefined;
        }
        remember('sheetFile', sheetFile);

        const answers: InitAnswers = { name, code, division, profile, centre };
        const draft = buildConfig(answers, existing ?? {});
        let mapping: { file: string; template: MappingTemplate } | undefined;
        let proposal: MappingProposal | undefined;
        let preview: Awaited<ReturnType<typeof previewRecords>> | undefined;
        if (sheetFile) {
          try {
            proposal = await proposeMapping(sheetFile, { lang, read: opts.sheet !== undefined ? { sheet: opts.sheet } : {} });
          } catch (err) {
            throw usageErrorOf(err, lang) ?? err;
          }
          const labels = new Map((await assignableFields(lang)).map((f) => [f.field, f.label]));
          say(t(proposal.basis.kind === 'bundled' ? 'init.proposal-bundled' : 'init.proposal-guess', lang, { file: sheetFile, sheet: proposal.sheet ?? '-', row: proposal.headerRow, name: proposal.basis.kind === 'bundled' ? proposal.basis.name : '' }));
          say(describeColumns(proposal, lang, labels));
          const resumed = saved?.sheetFile === sheetFile && saved?.columns?.length === proposal.columns.length ? saved.columns : undefined;
          let columns: ColumnAssignment[] = resumed ?? proposal.columns;
          if (interactive && !(await ask<boolean>({ type: 'confirm', message: t('init.q.accept', lang), default: true }))) {
            columns = await pickColumns(columns, lang, (done) => remember('columns', done));
          }
          remember('columns', columns);
          const template = await applyAssignments(proposal.base, columns, path.basename(opts.mappingFile).replace(/\.json$/, ''), await describeProposal(proposal));
          mapping = { file: opts.mappingFile, template };
          try {
            preview = await previewRecords(sheetFile, template, { config: draft, lang, n: 3 });
          } catch (err) {
            throw usageErrorOf(err, lang) ?? err;
          }
          if (preview.records.length) {
            say(t('init.preview', lang, { n: preview.records.length, records: preview.report.records, rejected: preview.report.rejected }));
            say(previewText(preview.records));
          } else say(t('init.preview-none', lang, { rejected: preview.report.rejected }));
          const skipped = await skippedText(preview.report.skipped, lang);
          if (skipped) say(t('init.preview-skipped', lang, { detail: skipped }));
        }

        const config = buildConfig(answers, existing ?? {}, mapping ? opts.mappingFile : undefined);
        const names = [CONFIG_FILE, ...(mapping ? [opts.mappingFile] : [])].join(lang === 'zh' ? '、' : ', ');
        if (interactive && !(await ask<boolean>({ type: 'confirm', message: t('init.q.write', lang, { files: names }), default: true }))) {
          say(t('init.cancelled', lang));
          process.exitCode = EXIT.INVALID;
          return;
        }
        const written = writeWorkspace(dir, config, mapping);
        removeState(dir);
        if (mode.json) {
          print(JSON.stringify({ config: written.config, mapping: written.mapping, department: config.department, profile: config.profile, centre: config.centre?.url,
            ...(proposal ? { columns: proposal.columns, basis: proposal.basis.kind, records: preview?.report.records, rejected: preview?.report.rejected, skipped: (preview?.report.skipped ?? []).map((s) => s.row) } : {}) }, null, 2));
          return;
        }
        say(t('init.written', lang, { files: names }));
        say(sheetFile ? t('init.next', lang, { sheet: sheetFile }) : t('init.next-nosheet', lang));
      } catch (err) {
        // Ctrl-C / closed terminal inside a prompt (inquirer's ExitPromptError).
        if ((err as Error)?.name === 'ExitPromptError') {
          say(t('init.cancelled', lang));
          if (loadState(dir)) say(t('init.kept', lang, { file: STATE_FILE }));
          process.exitCode = 130;
          return;
        }
        throw err;
      }
    });
}
