import type { Command } from 'commander';
import { listProfiles } from '../index.js';
import { langOf, print, type GlobalOptions } from './context.js';

export function register(program: Command): void {
  program
    .command('profiles')
    .description('list the metadata profiles with their versions and sources / 列出元数据规范')
    .option('-f, --format <format>', 'output: pretty | json', 'pretty')
    .addHelpText('after', `
Example:
  $ catalog profiles --format json`)
    .action((flags: { format: string }, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions & { format: string };
      const lang = langOf(opts);
      const profiles = listProfiles();
      if (flags.format === 'json') return print(JSON.stringify(profiles, null, 2));
      for (const p of profiles) {
        print(`${p.id}  ${p.version}  ${p.title[lang]}`);
        for (const s of p.sources) print(`    - ${s}`);
      }
    });
}
