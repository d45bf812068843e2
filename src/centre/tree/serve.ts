import type { CentreStore } from '../store.js';
import { startSchedule, type Schedule } from '../schedule.js';
import { normalUrl } from './chain.js';
import type { CentreLevel } from './level.js';
import { treeStoreOf } from './store.js';

/** The tree part of `centre serve` (--name --level --division --parent --harvest-every). */
export interface TreeServeOptions {
  name?: string;
  level?: CentreLevel;
  division?: string;
  parent?: string;
  /** Default harvest interval of member centres and sources. */
  harvestEveryMs: number;
}

/** Default --harvest-every: 15 minutes. */
export const DEFAULT_HARVEST_EVERY_MS = 15 * 60_000;

/** Remember who this centre is (and where it is served), and start harvesting its members and sources on schedule. */
export async function startTree(store: CentreStore, opts: TreeServeOptions, url: string): Promise<Schedule> {
  const tree = await treeStoreOf(store);
  const own = normalUrl(url);
  await tree.setIdentity({ name: opts.name, level: opts.level, division: opts.division, parent: opts.parent ? normalUrl(opts.parent) : undefined, url: own });
  return startSchedule(store, { everyMs: opts.harvestEveryMs, self: () => (own ? [own] : []) });
}
