import { resolveLang, type Lang } from '../i18n/lang.js';
import type { Paint } from '../index.js';
import { t } from './text.js';

/** Exit codes shared by every command (documented in README). */
export const EXIT = { OK: 0, INVALID: 1, USAGE: 2, REMOTE: 3, IO: 4 } as const;

/** Raised by commands for a usage problem; main() prints its one-line message and exits 2. */
export class CliError extends Error {
  constructor(message: string, public exitCode: number = EXIT.USAGE) {
    super(message);
  }
}

export interface GlobalOptions {
  lang?: string;
  quiet?: boolean;
  verbose?: boolean;
}

export function langOf(opts: GlobalOptions): Lang {
  try {
    return resolveLang(opts.lang);
  } catch {
    // said in the language LANG asks for (the flag names none we know)
    const lang = resolveLang();
    throw new CliError(t('usage-error', lang, { detail: t('usage.bad-lang', lang, { value: opts.lang }) }));
  }
}

/** Colour only on a TTY and when NO_COLOR is unset (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY;
}

/** The report's colours: chalk (design card), loaded only when colour is on (`catalog validate` start-up). */
export async function paintFor(color: boolean): Promise<false | Paint> {
  if (!color) return false;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function printErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}
