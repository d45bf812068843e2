import { Command, CommanderError } from 'commander';
import { langOfArgv, localiseCommanderText } from './commander-zh.js';
import { CliError, EXIT, printErr } from './context.js';
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
    // Commander's own parse errors speak the user's language too (copied to every command added below).
    .configureOutput({ writeErr: (text) => process.stderr.write(localiseCommanderText(text, langOfArgv(process.argv))) })
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
    throw err;
  });
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
    // Unexpected failure: one line, no stack trace unless asked for.
    printErr(`catalog: internal error: ${(err as Error)?.message ?? err}`);
    if (process.env.CATALOG_DEBUG) printErr((err as Error)?.stack ?? '');
    process.exitCode = EXIT.INVALID;
  }
}
