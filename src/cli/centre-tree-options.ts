import type { Command } from 'commander';
import { defineMessages, t } from '../i18n/messages.js';
import { DEFAULT_HARVEST_EVERY_MS, divisionOf, divisionProblem, formatInterval, LEVELS, normalUrl, parseInterval, parseLevel, type TreeServeOptions } from '../index.js';
import { CliError } from './context.js';

defineMessages({
  'centre.bad-level': { zh: '--level {value} 无效：请用 national/province/city/county 或 国家/省/市/区县', en: '--level {value} is not valid: use national, province, city, county (or 国家, 省, 市, 区县)' },
  'centre.bad-interval': { zh: '{flag} {value} 无效：请用 数字+单位（s、m、h、d），如 15m、1h，至少 1s，至多 7d', en: '{flag} {value} is not valid: use a number and a unit (s, m, h, d) such as 15m or 1h, at least 1s and at most 7d' },
  'centre.token-created-centre': { zh: '已创建中心令牌 {id}{expires}，供下级中心加入（catalog centre join）。令牌只显示这一次，请妥善保存：', en: 'created centre token {id}{expires} for a child centre to join with (catalog centre join). The token is shown only this once; keep it safe:' },
  'centre.division-needs-level': { zh: '--division 需要同时给出 --level', en: '--division needs --level as well' },
});

/** The tree-of-centres flags of `centre serve` (issue 19). */
export function addTreeServeOptions(cmd: Command): Command {
  return cmd
    .option('--level <level>', 'this centre\'s level: national | province | city | county (国家/省/市/区县)')
    .option('--division <code>', 'GB/T 2260 administrative division code of this centre (6 digits, checked against the list; national: 100000)')
    .option('--parent <url>', 'base URL of the parent centre (centre join sets it too)')
    .option('--harvest-every <interval>', 'harvest member centres and sources this often unless they have their own interval (15m, 1h; at least 1s)', formatInterval(DEFAULT_HARVEST_EVERY_MS));
}

export interface TreeServeFlags { name?: string; level?: string; division?: string; parent?: string; harvestEvery: string }

/** Check the tree flags of `centre serve` (usage errors, exit 2). */
export function treeServeOptions(o: TreeServeFlags, lang: 'zh' | 'en'): TreeServeOptions {
  const level = o.level === undefined ? undefined : parseLevel(o.level);
  if (o.level !== undefined && !level) throw new CliError(t('centre.bad-level', lang, { value: o.level }));
  if (o.division !== undefined) {
    if (!level) throw new CliError(t('centre.division-needs-level', lang));
    const problem = divisionProblem(o.division, level);
    if (problem) throw new CliError(t(problem, lang, { division: o.division, name: divisionOf(o.division)?.label ?? '', level: LEVELS[level][lang] }));
  }
  const parent = o.parent === undefined ? undefined : normalUrl(o.parent);
  if (o.parent !== undefined && !parent) throw new CliError(t('tree.join-bad-url', lang, { url: o.parent }));
  const harvestEveryMs = parseInterval(o.harvestEvery);
  if (!harvestEveryMs) throw new CliError(t('centre.bad-interval', lang, { flag: '--harvest-every', value: o.harvestEvery }));
  return { name: o.name, level, division: o.division, parent, harvestEveryMs };
}
