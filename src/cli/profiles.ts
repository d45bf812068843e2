import type { Command } from 'commander';
import { listProfiles } from '../index.js';
import { langOf, print, type GlobalOptions } from './context.js';
import { FORMAT } from './options.js';

export function register(program: Command): void {
  program
    .command('profiles')
    .description('list the metadata profiles with their versions and sources')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Example:
  $ catalog profiles --format json`)
    .action(async (flags: { format: string }, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions & { format: string };
      const lang = langOf(opts);
      await FORMAT.parse(flags.format, lang);
      const profiles = listProfiles();
      if (flags.format === 'json') return print(JSON.stringify(profiles, null, 2));
      for (const p of profiles) {
        print(`${p.id}  ${p.version}  ${p.title[lang]}`);
        for (const s of p.sources) print(`    - ${s}`);
      }
    });
}
