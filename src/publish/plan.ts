import type { PublishItem } from './target.js';

/** What a publish run would change at the target, relative to the ledger. */
export interface PublishPlan {
  added: PublishItem[];
  changed: PublishItem[];
  unchanged: PublishItem[];
  /** Keys to withdraw (published before and absent now with --withdraw-missing, or listed by a package). */
  withdraw: string[];
}

/**
 * Compare items with what the target acknowledged (key → content hash): new keys are added, other hashes
 * changed, equal hashes unchanged. With `withdrawMissing`, keys in the ledger and not in the input are withdrawn.
 */
export function planPublish(items: PublishItem[], published: ReadonlyMap<string, string>, o: { withdrawMissing?: boolean; withdrawKeys?: string[] } = {}): PublishPlan {
  const plan: PublishPlan = { added: [], changed: [], unchanged: [], withdraw: [] };
  const present = new Set<string>();
  for (const it of items) {
    present.add(it.key);
    const h = published.get(it.key);
    if (h === undefined) plan.added.push(it);
    else if (h !== it.hash) plan.changed.push(it);
    else plan.unchanged.push(it);
  }
  const withdraw = new Set<string>();
  for (const k of o.withdrawKeys ?? []) if (!present.has(k)) withdraw.add(k);
  if (o.withdrawMissing) for (const k of published.keys()) if (!present.has(k)) withdraw.add(k);
  plan.withdraw = [...withdraw].sort();
  return plan;
}
