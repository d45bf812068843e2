import { createRequire } from 'node:module';
import type { Command as CommandType } from 'commander';
import { langOfArgv, localiseCommanderText } from './commander-zh.js';
import { CliError, EXIT, printErr } from './context.js';
import { ioFailureRef, stdoutFailureRef } from '../io/errors.js';
import { tCode } from '../i18n/t.js';
import { resolveLang } from '../i18n/lang.js';
import { INTERRUPTIBLE, installInterrupt } from './interrupt.js';
type Register = (p: Command) => void | Promise<void>;

// commander is CommonJS: required directly, not through its ESM wrapper, whose import runs Node's CommonJS
// export lexer over it (~5–9 ms of start-up, bench: start-up). options.ts does the same.
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof import('commander');
type Command = CommandType;

/** The zh help texts (the largest module on the start-up path), loaded only when the language is zh. */
let helpZh: typeof import('./help-zh.js') | undefined;

/**
 * Each command lives in its own file and registers itself, in pipeline order (as --help lists them).
 * The files are imported on demand: a command pulls in its library (workbook readers, RDF, databases, …),
 * so loading only the one named on the command line keeps start-up near `node -e 0` (bench: start-up).
 */
const COMMANDS: [string, () => Promise<{ register: Register }>][] = [
  ['init', () => import('./init.js')],
  ['inspect', () => import('./inspect.js')],
  ['describe', () => import('./describe.js')],
  ['map', () => import('./map.js')],
  ['template', () => import('./template.js')],
  ['validate', () => import('./validate.js')],
  ['id', () => import('./id.js')],
  ['profiles', () => import('./profiles.js')],
  ['pack', () => import('./pack.js')],
  ['verify', () => import('./verify.js')],
  ['diff', () => import('./diff.js')],
  ['keygen', () => import('./keygen.js')],
  ['export', () => import('./export.js')],
  ['import', () => import('./import.js')],
  ['publish', () => import('./publish.js')],
  ['centre', () => import('./centre.js')],
  ['locate', () => import('./locate.js')],
  ['demo', () => import('./demo.js')],
];

/** Global options that take a value (their value is not a command name). */
const VALUE_OPTIONS = new Set(['--lang']);

/**
 * The command named on the command line: its name when it is one of ours, '' when there is none (`catalog
 * --version`), undefined when every command is needed (top-level help, `help <cmd>`, an unknown word that
 * commander should answer with its suggestion).
 */
export function commandOf(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return undefined;
    if (VALUE_OPTIONS.has(a)) { i++; continue; }
    if (a.startsWith('-')) {
      if (a === '-h' || a === '--help') return undefined;
      continue;
    }
    return COMMANDS.some(([name]) => name === a) ? a : undefined;
  }
  return args.includes('--version') || args.includes('-V') ? '' : undefined;
}

/** The program with the commands `args` needs (default: all of them, e.g. for --help). */
export async function buildProgram(args?: string[]): Promise<Command> {
  const program = new Command('catalog')
    .description('Catalogue, validate, package and publish government information resources (GB/T 21063, the 2017 compilation guide)')
    .version('0.1.0')
    .option('--lang <lang>', 'message language: zh | en (default from LANG)')
    .option('-q, --quiet', 'print only errors')
    .option('-v, --verbose', 'print more detail')
    .showHelpAfterError('(run with --help for usage)')
    // Commander's own parse errors speak the user's language too (copied to every command added below).
    .configureOutput({
      // help shown after a usage error (`catalog centre`) goes to stderr: its headings are localised as on stdout
      writeErr: (text) => process.stderr.write(localiseCommanderText(helpZh ? helpZh.localiseHelpText(text, langOfArgv(process.argv)) : text, langOfArgv(process.argv))),
      writeOut: (text) => process.stdout.write(helpZh ? helpZh.localiseHelpText(text, langOfArgv(process.argv)) : text),
    })
    .exitOverride();
  const wanted = args === undefined ? undefined : commandOf(args);
  const mods = await Promise.all(COMMANDS.filter(([name]) => wanted === undefined || name === wanted).map(([, load]) => load()));
  for (const m of mods) await m.register(program);
  // --help speaks the user's language: option and argument descriptions from the catalogue under zh.
  if (langOfArgv(process.argv) === 'zh') {
    helpZh ??= await import('./help-zh.js');
    helpZh.localiseHelp(program, 'zh');
  }
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  return program;
}

/** A reader that stops early (`catalog map … | head`) closes the pipe: stop quietly, as Unix tools do. */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // any other failure (stdout redirected to a full disk…): an I/O failure, reported once
    if (process.exitCode !== EXIT.IO) {
      const m = stdoutFailureRef(err.code);
      printErr(`catalog: ${tCode(m.msg, langOrEnglish(argvLang()), m.params)}`);
    }
    process.exit(EXIT.IO);
  });
}

/** --lang as given on the command line (for failures outside the parsed command). */
function argvLang(): string | undefined {
  const i = process.argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  return i < 0 ? undefined : process.argv[i].includes('=') ? process.argv[i].slice(7) : process.argv[i + 1];
}

function langOrEnglish(flag?: string) {
  try {
    return resolveLang(flag);
  } catch {
    return 'en' as const;
  }
}

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  const args = argv.slice(2);
  const name = commandOf(args);
  const sub = name === 'centre' ? args[args.indexOf('centre') + 1] : undefined;
  const long = sub ? `${name} ${sub}` : name;
  if (long && INTERRUPTIBLE.has(long)) installInterrupt(long, args);
  const program = await buildProgram(args);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; every other parse failure is a usage error.
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    if (err instanceof CliError) {
      printErr(`catalog: ${err.message}`);
      process.exitCode = err.exitCode;
      return;
    }
    // A disk or I/O failure (full disk, read-only, permission…): not bad input, exit 4, naming the path.
    const io = ioFailureRef(err);
    if (io) {
      printErr(`catalog: ${tCode(io.msg, langOrEnglish(program.opts().lang as string | undefined), io.params)}`);
      process.exitCode = EXIT.IO;
      return;
    }
    // Unexpected failure: one line, no stack trace unless asked for.
    printErr(`catalog: internal error: ${(err as Error)?.message ?? err}`);
    if (process.env.CATALOG_DEBUG) printErr((err as Error)?.stack ?? '');
    process.exitCode = EXIT.INVALID;
  }
}
