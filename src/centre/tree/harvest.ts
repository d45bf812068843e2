import { harvest, type HarvestOptions, type HarvestResult } from '../harvest.js';
import { LOCAL_ORIGIN, type CentreStore } from '../store.js';
import { chainProblem, normalUrl, parseChain } from './chain.js';
import { treeStoreOf } from './store.js';

/**
 * harvest() inside the tree of centres: each record taken gets its origin chain (the source's chain + the source),
 * stored once its page is; a record whose chain is malformed, too long or passes through this centre (`self`: the
 * URLs this centre is known by) is skipped, so a loop in the tree (a centre harvesting its own ancestor) never
 * brings a record back to where it came from.
 */
export async function harvestInTree(store: CentreStore, url: string, self: Iterable<string>, options: HarvestOptions = {}): Promise<HarvestResult> {
  const tree = await treeStoreOf(store);
  const me = await tree.identity();
  const selfUrls = new Set([...self, ...(me.url ? [me.url] : [])].map(normalUrl).filter((u): u is string => !!u));
  const chains = new Map<string, string[]>();
  return harvest(store, url, {
    ...options,
    refuse(c, source) {
      // a deleted header carries no chain: the withdrawal applies to whatever copy is held
      if (!c.record) return undefined;
      const origin = c.item.origin && c.item.origin !== LOCAL_ORIGIN ? normalUrl(c.item.origin) : undefined;
      let incoming = origin ? parseChain(c.item.chain) : [];
      // a centre from before chains sends only the origin
      if (origin && incoming && !incoming.length) incoming = [origin];
      const chain = incoming ? [...incoming, source] : undefined;
      const problem = chainProblem(chain, selfUrls);
      if (!problem) chains.set(c.key, chain!);
      return problem;
    },
    async afterPage(taken) {
      await tree.setChains(taken.filter((c) => chains.has(c.key)).map((c) => ({ key: c.key, chain: chains.get(c.key)! })));
      chains.clear();
    },
  });
}
