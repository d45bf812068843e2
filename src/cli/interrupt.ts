import { t } from './text.js';
import { resolveLang, type Lang } from '../i18n/lang.js';
import { removeAllTemps } from '../io/temp-files.js';

/** Commands that run long and get Ctrl-C handling here (publish and centre serve have their own). */
export const INTERRUPTIBLE = new Set(['map', 'validate', 'pack', 'verify', 'diff', 'export', 'import', 'inspect', 'centre harvest', 'centre migrate']);

/** The value of an option in raw arguments (`-o x`, `--output x`, `--output=x`). */
function optionValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (names.includes(args[i])) return args[i + 1];
    const eq = names.find((n) => n.startsWith('--') && args[i].startsWith(n + '='));
    if (eq) return args[i].slice(eq.length + 1);
  }
  return undefined;
}

/** What an interrupted command says it did and did not write. */
export function interruptDetail(command: string, args: string[], lang: Lang): string {
  if (command === 'centre harvest') return t('interrupt.harvest', lang);
  if (command === 'centre migrate') return t('interrupt.migrate', lang);
  const output = optionValue(args, ['-o', '--output']);
  if (output) return t('interrupt.not-written', lang, { file: output });
  return t(command === 'map' || command === 'import' ? 'interrupt.stdout' : 'interrupt.nothing-written', lang);
}

/**
 * Ctrl-C (SIGINT) or SIGTERM during a long command, like publish: clear the progress line, remove every
 * temp file in progress (src/io/temp-files.ts), say in one line what was and was not written, exit 130.
 * Outputs are only ever renamed into place when complete, so nothing half-written is left behind.
 */
export function installInterrupt(command: string, args: string[]): void {
  let lang: Lang = 'en';
  try {
    lang = resolveLang(optionValue(args, ['--lang']));
  } catch {
    // a bad --lang is reported by the command itself
  }
  const stop = () => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    removeAllTemps();
    process.stderr.write(t('interrupt.cancelled', lang, { detail: interruptDetail(command, args, lang) }) + '\n');
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
