import type { Command } from 'commander';
import { t, tCode } from './text.js';
import { divisionOf, divisionProblem, levelName, normalUrl, type TreeServeOptions } from '../index.js';
import { CliError } from './context.js';
import { interval, level as levelOption } from './options.js';

const LEVEL = levelOption('--level <level>');
const HARVEST_EVERY = interval('--harvest-every <interval>');

/** The tree-of-centres flags of `centre serve` (issue 19). */
export function addTreeServeOptions(cmd: Command, harvestEvery: string): Command {
  return cmd
    .addOption(LEVEL.option('this centre\'s level: national | province | city | county (国家/省/市/区县)'))
    .option('--division <code>', 'GB/T 2260 administrative division code of this centre (6 digits, checked against the list; national: 100000)')
    .option('--parent <url>', 'base URL of the parent centre (centre join sets it too)')
    .addOption(HARVEST_EVERY.option('harvest member centres and sources this often unless they have their own interval (15m, 1h; at least 1s)', harvestEvery));
}

export interface TreeServeFlags { name?: string; level?: string; division?: string; parent?: string; harvestEvery: string }

/** Check the tree flags of `centre serve` (usage errors, exit 2). */
export async function treeServeOptions(o: TreeServeFlags, lang: 'zh' | 'en'): Promise<TreeServeOptions> {
  const level = await LEVEL.parseOptional(o.level, lang);
  if (o.division !== undefined) {
    if (!level) throw new CliError(t('centre.division-needs-level', lang));
    const problem = await divisionProblem(o.division, level);
    if (problem) throw new CliError(tCode(problem, lang, { division: o.division, name: (await divisionOf(o.division))?.label ?? '', level: await levelName(level, lang) }));
  }
  const parent = o.parent === undefined ? undefined : await normalUrl(o.parent);
  if (o.parent !== undefined && !parent) throw new CliError(t('tree.join-bad-url', lang, { url: o.parent }));
  const harvestEveryMs = await HARVEST_EVERY.parse(o.harvestEvery, lang);
  return { name: o.name, level, division: o.division, parent, harvestEveryMs };
}
