import path from 'node:path';
import type { Command } from 'commander';
import inquirer from 'inquirer';
import { CONFIG_FILE, initSteps, listProfiles } from '../index.js';
import type { AnswerCheck, Ask, ColumnAssignment, InitState, Lang, MappingProposal, MappingTemplate, Question, StepContext, StepOutcome, WizardStep, WorkspaceConfig, WrittenWorkspace } from '../index.js';
import { t, tCode } from './text.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import { usageErrorOf } from './map.js';
import { outputMode } from './progress.js';
import { FORMAT, usageError } from './options.js';

// Loaded when `catalog init` runs (this module is imported for it alone), so that other commands do not load them.
const {
  answerSteps, applyAssignments, assignableFields, BACK, BadAnswer, buildConfig, checkDepartmentCode, describeProposal, loadState,
  MissingAnswer, previewRecords, proposeMapping, readConfigIn, removeState, runWizard, saveAnswer, skippedText, STATE_FILE, writeWorkspace,
} = await initSteps();

/** The flags: an answer of the wizard each (as its resumable state has them), and how to run it. */
interface InitFlags extends GlobalOptions, Omit<InitState, 'columns'> {
  yes?: boolean;
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
 * A question of the wizard through inquirer, worded in `lang`. "Back" is a choice of every list after the first
 * question and, in a text question, typing "<" (the question says so).
 */
function asker(lang: Lang): Ask {
  return async (q: Question): Promise<string> => {
    const message = tCode(q.message, lang, q.params);
    if (q.kind === 'select') {
      const choices = (q.choices ?? []).map((c) => ({ name: c.label ?? tCode(c.code ?? '', lang, c.params), value: c.value }));
      if (q.back) choices.push({ name: t('init.choice.back-step', lang), value: BACK });
      return ask<string>({ type: 'select', message, choices, default: q.default });
    }
    const isBack = (v: string) => q.back && v.trim() === '<';
    const v = await ask<string>({
      type: 'input',
      message: q.back ? `${message}${t('init.back-hint', lang)}` : message,
      default: q.default || undefined,
      validate: (v: string) => {
        const c = isBack(v) ? { valid: true } : q.check?.(v) ?? { valid: true };
        return c.valid ? true : reasonText(c, lang);
      },
    });
    return isBack(v) ? BACK : v;
  };
}

/**
 * Confirm or correct each column's field: a search prompt that filters the labelled fields as the user types, the
 * current field first (Enter keeps it), and a way back to the previous column (from the first: undefined, back to
 * the question before). `progress` sees each step's answers.
 */
async function pickColumns(start: ColumnAssignment[], lang: Lang, progress: (done: ColumnAssignment[]) => void): Promise<ColumnAssignment[] | undefined> {
  const fields = assignableFields().map((f) => ({ field: f.field, label: f.label[lang] }));
  const columns = start.map((c) => ({ ...c }));
  const NONE = '\0none';
  for (let i = 0; i < columns.length;) {
    const c = columns[i];
    const current = fields.find((f) => f.field === c.field);
    const all = [
      ...(current ? [{ name: `${current.label} (${current.field})`, value: current.field }] : []),
      { name: t('init.choice.none', lang), value: NONE },
      { name: t(i > 0 ? 'init.choice.back' : 'init.choice.back-step', lang), value: BACK },
      ...fields.filter((f) => f !== current).map((f) => ({ name: `${f.label} (${f.field})`, value: f.field })),
    ];
    const picked = await ask<string>({
      type: 'search',
      message: t('init.q.column-search', lang, { column: c.column }),
      source: (term: string | undefined) => (term ? all.filter((x) => x.name.toLowerCase().includes(term.toLowerCase())) : all),
      pageSize: 12,
    });
    if (picked === BACK) {
      if (i === 0) return undefined;
      i--;
      continue;
    }
    columns[i] = { column: c.column, field: picked === NONE ? undefined : picked };
    progress(columns);
    i++;
  }
  return columns;
}

/** One run of `catalog init`: what the steps share. */
interface Run {
  opts: InitFlags;
  lang: Lang;
  interactive: boolean;
  say: (s: string) => void;
  ctx: StepContext;
  existing?: WorkspaceConfig;
  /** The mapping step's result (none without a spreadsheet). */
  mapping?: { file: string; template: MappingTemplate; proposal: MappingProposal; columns: ColumnAssignment[]; preview: Awaited<ReturnType<typeof previewRecords>> };
  /** Keep an answer for --resume (in a terminal only: flags are given again anyway). */
  keep: <K extends keyof InitState>(key: K, value: InitState[K]) => void;
  /** Column answers per spreadsheet, so going back and forth keeps them. */
  columns: Map<string, ColumnAssignment[]>;
}

const asUsage = async <T>(lang: Lang, f: () => Promise<T>): Promise<T> => {
  try {
    return await f();
  } catch (err) {
    throw usageErrorOf(err, lang) ?? err;
  }
};

/** Propose a mapping for the spreadsheet answered and let the user accept or correct it; preview its records. */
function mappingStep(r: Run): WizardStep {
  const { lang, say } = r;
  const proposals = new Map<string, MappingProposal>();
  return {
    id: 'mapping',
    async run(canGoBack): Promise<StepOutcome> {
      r.mapping = undefined;
      const sheetFile = r.ctx.answers.sheetFile;
      if (!sheetFile) return { kind: 'answered', revisitable: false };
      const proposal = proposals.get(sheetFile) ?? (await asUsage(lang, () => proposeMapping(sheetFile, { read: r.opts.sheet !== undefined ? { sheet: r.opts.sheet } : {} })));
      proposals.set(sheetFile, proposal);
      const labels = new Map(assignableFields().map((f) => [f.field, f.label[lang]]));
      say(t(proposal.basis.kind === 'bundled' ? 'init.proposal-bundled' : 'init.proposal-guess', lang, { file: sheetFile, sheet: proposal.sheet ?? '-', row: proposal.headerRow, name: proposal.basis.kind === 'bundled' ? proposal.basis.name : '' }));
      say(describeColumns(proposal, lang, labels));
      const saved = r.ctx.saved;
      const resumed = saved?.sheetFile === sheetFile && saved?.columns?.length === proposal.columns.length ? saved.columns : undefined;
      let columns = r.columns.get(sheetFile) ?? resumed ?? proposal.columns;
      for (let decided = !r.interactive; !decided;) {
        const a = await r.ctx.ask({ kind: 'select', message: 'init.q.accept', back: canGoBack, default: 'accept',
          choices: [{ value: 'accept', code: 'init.choice.accept' }, { value: 'correct', code: 'init.choice.correct' }] });
        if (a === BACK) return { kind: 'back' };
        if (a === 'accept') break;
        const picked = await pickColumns(columns, lang, (done) => r.keep('columns', done));
        if (picked) [columns, decided] = [picked, true];
      }
      r.columns.set(sheetFile, columns);
      r.keep('columns', columns);
      const template = applyAssignments(proposal.base, columns, path.basename(r.opts.mappingFile).replace(/\.json$/, ''), describeProposal(proposal));
      const draft = buildConfig(answersOf(r), r.existing ?? {});
      const preview = await asUsage(lang, () => previewRecords(sheetFile, template, { config: draft, n: 3 }));
      r.mapping = { file: r.opts.mappingFile, template, proposal, columns, preview };
      if (preview.records.length) {
        say(t('init.preview', lang, { n: preview.records.length, records: preview.report.records, rejected: preview.report.rejected }));
        say(previewText(preview.records));
      } else say(t('init.preview-none', lang, { rejected: preview.report.rejected }));
      const skipped = skippedText(preview.report.skipped, lang);
      if (skipped) say(t('init.preview-skipped', lang, { detail: skipped }));
      return { kind: 'answered', revisitable: r.interactive };
    },
  };
}

const answersOf = (r: Run) => {
  const a = r.ctx.answers;
  return { name: a.name ?? '', code: a.code ?? '', division: a.division ?? '', profile: a.profile ?? 'guide2017', centre: a.centre };
};
const fileNames = (r: Run) => [CONFIG_FILE, ...(r.mapping ? [r.opts.mappingFile] : [])].join(r.lang === 'zh' ? '、' : ', ');

/** The last question: write the files, cancel (exit 1), or go back. */
function writeStep(r: Run): WizardStep {
  return {
    id: 'write',
    async run(canGoBack): Promise<StepOutcome> {
      if (!r.interactive) return { kind: 'answered', revisitable: false };
      const a = await r.ctx.ask({ kind: 'select', message: 'init.q.write', params: { files: fileNames(r) }, back: canGoBack, default: 'write',
        choices: [{ value: 'write', code: 'init.choice.write' }, { value: 'cancel', code: 'init.choice.cancel' }] });
      if (a === BACK) return { kind: 'back' };
      if (a === 'write') return { kind: 'answered', revisitable: true };
      r.say(t('init.cancelled', r.lang));
      process.exitCode = EXIT.INVALID;
      return { kind: 'stop' };
    },
  };
}

/** Write the workspace, forget the kept answers and say what was written (or print it as JSON). */
function finish(r: Run, mode: { json: boolean }): void {
  const dir = path.resolve(r.opts.dir);
  const config = buildConfig(answersOf(r), r.existing ?? {}, r.mapping ? r.opts.mappingFile : undefined);
  const written: WrittenWorkspace = writeWorkspace(dir, config, r.mapping);
  removeState(dir);
  const m = r.mapping;
  if (mode.json) {
    print(JSON.stringify({ config: written.config, mapping: written.mapping, department: config.department, profile: config.profile, centre: config.centre?.url,
      ...(m ? { columns: m.columns, basis: m.proposal.basis.kind, records: m.preview.report.records, rejected: m.preview.report.rejected, skipped: (m.preview.report.skipped ?? []).map((s) => s.row) } : {}) }, null, 2));
    return;
  }
  r.say(t('init.written', r.lang, { files: fileNames(r) }));
  r.say(r.ctx.answers.sheetFile ? t('init.next', r.lang, { sheet: r.ctx.answers.sheetFile }) : t('init.next-nosheet', r.lang));
}

/** The answers kept by a cancelled init, for --resume; --resume with none kept is a usage error. */
function resumeState(opts: InitFlags, dir: string, lang: Lang): InitState | undefined {
  if (!opts.resume) return undefined;
  const saved = loadState(dir);
  if (!saved) throw new CliError(t('init.nothing-to-resume', lang, { file: STATE_FILE, dir }));
  return saved;
}

/** The steps' errors as usage errors (exit 2) worded for the user. */
function usageOf(err: unknown, lang: Lang): CliError | undefined {
  if (err instanceof BadAnswer) return new CliError(reasonText(err.check, lang));
  if (err instanceof MissingAnswer) {
    const code = err.resumed ? 'init.missing-resumed' : err.yes ? 'init.missing-flag-yes' : 'init.missing-flag';
    return new CliError(t(code, lang, { flag: err.flag, what: tCode(err.what, lang), file: STATE_FILE }));
  }
  return undefined;
}

/** `catalog init`: the wizard's steps in order (each answer from a flag, the kept answers or a question), then the files. */
async function runInit(opts: InitFlags): Promise<void> {
  const lang = langOf(opts);
  await FORMAT.parse(opts.format, lang);
  const mode = outputMode(opts);
  const interactive = !opts.yes && !!process.stdin.isTTY && !!process.stdout.isTTY;
  const say = (s: string) => {
    if (!mode.quiet && !mode.json) print(s);
  };
  const dir = path.resolve(opts.dir);
  let existing: WorkspaceConfig | undefined;
  try {
    existing = readConfigIn(dir);
  } catch (err) {
    throw usageError('usage.config-invalid', lang, { file: path.join(dir, CONFIG_FILE), detail: (err as Error).message });
  }
  // Answers are kept as they are given, so a cancelled init can go on with --resume (removed once written).
  const saved = resumeState(opts, dir, lang);
  if (saved) say(t('init.resumed', lang, { file: STATE_FILE }));
  else if (interactive && loadState(dir)) say(t('init.resume-hint', lang, { file: STATE_FILE }));
  const state: InitState = { ...saved };
  const keep: Run['keep'] = (key, value) => {
    if (interactive) saveAnswer(dir, state, key, value);
  };
  const ctx: StepContext = {
    answers: {},
    flags: { name: opts.name, code: opts.code, division: opts.division, profile: opts.profile, centre: opts.centre, sheetFile: opts.sheetFile },
    saved,
    existing,
    profiles: listProfiles().map((p) => ({ id: p.id, label: profileTitle(p, lang) })),
    interactive,
    yes: !!opts.yes,
    checkCode: (v) => checkDepartmentCode(v),
    ask: asker(lang),
    note: (code, params) => say(`  ${tCode(code, lang, params)}`),
    remember: (key, value) => keep(key, value),
  };
  const r: Run = { opts, lang, interactive, say, ctx, existing, keep, columns: new Map() };
  try {
    if (interactive && existing && !(await ask<boolean>({ type: 'confirm', message: t('init.q.update', lang, { file: CONFIG_FILE }), default: true }))) {
      say(t('init.cancelled', lang));
      process.exitCode = EXIT.INVALID;
      return;
    }
    if ((await runWizard([...answerSteps(ctx), mappingStep(r), writeStep(r)])) === 'done') finish(r, mode);
  } catch (err) {
    // Ctrl-C / closed terminal inside a prompt (inquirer's ExitPromptError).
    if ((err as Error)?.name === 'ExitPromptError') {
      say(t('init.cancelled', lang));
      if (loadState(dir)) say(t('init.kept', lang, { file: STATE_FILE }));
      process.exitCode = 130;
      return;
    }
    throw usageOf(err, lang) ?? err;
  }
}

const HELP_AFTER = `
Examples:
  $ catalog init
  $ catalog init --sheet-file 目录编制表.xlsx
  $ catalog init --yes --name 示例区人力资源和社会保障局 --code 11330106MB1F628054 --division 330106 \\
      --profile guide2017 --centre http://127.0.0.1:8080 --sheet-file templates/samples/hrss-catalog.xlsx
  $ catalog init --resume            # go on where a cancelled init stopped
  $ catalog init --resume --yes      # finish it without questions, from the kept answers (+ flags)
In a terminal each question after the first offers "← Back" (in a text question: type <).
Answers are kept in ${STATE_FILE} as they are given; --resume takes them (any flag overrides one) and asks only
what is left; with --yes it asks nothing and fails, naming the flag, when a required answer is neither kept nor given.
Without a terminal (CI, pipes) every required answer must come from a flag (or, with --resume, the kept answers).
Exit codes: 0 written, 1 cancelled, 2 usage error (missing or invalid answer, nothing to resume, unreadable spreadsheet), 130 Ctrl-C.`;

export function register(program: Command): void {
  program
    .command('init')
    .description('set up a workspace: department, codes, profile, centre, mapping of a spreadsheet')
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
    .addOption(FORMAT.option('summary: pretty | json', 'pretty'))
    .option('--resume', `go on with a cancelled init: take the answers kept in ${STATE_FILE}, ask the rest (with --yes: ask nothing)`)
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: InitFlags, cmd: Command) => runInit({ ...cmd.optsWithGlobals(), ...flags } as InitFlags));
}
