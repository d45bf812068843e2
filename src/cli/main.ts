import { Command, CommanderError } from 'commander';
import { CliError, EXIT, printErr } from './context.js';
import { ioFailureMessage, stdoutFailureMessage } from '../io/errors.js';
import { resolveLang } from '../i18n/lang.js';
import { register as init } from './init.js';
import { register as inspect } from './inspect.js';
import { register as map } from './map.js';
import { register as template } from './template.js';
import { register as validate } from './validate.js';
import { register as id } from './id.js';
import { register as profiles } from './profiles.js';
import { register as pack } from './pack.js';
import { register as verify } from './verify.js';
import { register as diff } from './diff.js';
import { register as keygen } from './keygen.js';
import { register as exportCmd } from './export.js';
import { register as importCmd } from './import.js';
import { register as publish } from './publish.js';
import { register as centre } from './centre.js';
import { register as demo } from './demo.js';

/** Each command lives in its own file and registers itself here, in pipeline order (as --help lists them). */
const COMMANDS: ((p: Command) => void)[] = [
  init,
  inspect,
  map,
  template,
  validate,
  id,
  profiles,
  pack,
  verify,
  diff,
  keygen,
  exportCmd,
  importCmd,
  publish,
  centre,
  demo,
];

export function buildProgram(): Command {
  const program = new Command('catalog')
    .description('Catalogue, validate, package and publish government information resources\n编目、校验、打包并发布政务信息资源（GB/T 21063、2017 目录编制指南）')
    .version('0.1.0')
    .option('--lang <lang>', 'message language: zh | en (default from LANG)')
    .option('-q, --quiet', 'print only errors')
    .option('-v, --verbose', 'print more detail')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const c of COMMANDS) c(program);
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
    if (process.exitCode !== EXIT.IO) printErr(`catalog: ${stdoutFailureMessage(err.code, langOrEnglish(argvLang()))}`);
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
  const program = buildProgram();
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
    const io = ioFailureMessage(err, langOrEnglish(program.opts().lang as string | undefined));
    if (io) {
      printErr(`catalog: ${io}`);
      process.exitCode = EXIT.IO;
      return;
    }
    // Unexpected failure: one line, no stack trace unless asked for.
    printErr(`catalog: internal error: ${(err as Error)?.message ?? err}`);
    if (process.env.CATALOG_DEBUG) printErr((err as Error)?.stack ?? '');
    process.exitCode = EXIT.INVALID;
  }
}
