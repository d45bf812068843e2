import { packageLedgerId } from './ledger.js';
import type { PackageUpload, PublishItem, PublishTarget } from './target.js';
import type { PackageOutcome } from './result.js';
import { ref } from '../issues/text.js';

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

/** A registration package going to the target whole, with its records and how it went (filled in as it goes). */
export interface PackageUnit {
  pkg: PackageUpload;
  items: PublishItem[];
  outcome: PackageOutcome;
}

/** Everything a run will do, decided before any request: which packages go whole, which records as batches. */
export interface RunPlan {
  plan: PublishPlan;
  /** One per package, in input order; `via` says how it goes (package, records, none). */
  outcomes: PackageOutcome[];
  /** Packages to upload whole. */
  uploads: PackageUnit[];
  /** Added and changed records that go through the records API (not in a package uploaded whole). */
  batched: PublishItem[];
  /** Keys to withdraw one by one (DELETE) after the sends. */
  deleteKeys: string[];
  /** Keys the target withdraws as part of a package upload (not DELETEd one by one). */
  withdrawnByPackage: Set<string>;
}

export interface RunPlanInput {
  target: Pick<PublishTarget, 'kind' | 'sendPackage'>;
  items: PublishItem[];
  published: ReadonlyMap<string, string>;
  /** Package ledger ids (packageLedgerId) the ledger holds. */
  ledgerPackages: ReadonlySet<string>;
  packages?: PackageUpload[];
  withdrawKeys?: string[];
  withdrawMissing?: boolean;
  unpack?: boolean;
}

/** added / changed / unchanged of one item against the ledger. */
export function changeKind(published: ReadonlyMap<string, string>, it: PublishItem): 'added' | 'changed' | 'unchanged' {
  const h = published.get(it.key);
  return h === undefined ? 'added' : h !== it.hash ? 'changed' : 'unchanged';
}

/**
 * Decide a run against the ledger: each package goes whole (upload), not at all (taken before with this content
 * and nothing changed since) or as records (refused records inside, --unpack, a target without a package API);
 * the records plan (added / changed / unchanged / withdraw) follows. Sends nothing.
 */
export function planRun(o: RunPlanInput): RunPlan {
  const byKey = new Map(o.items.map((i) => [i.key, i]));
  const present = new Set(o.items.map((i) => i.key));
  const packageWithdrawn = new Set((o.packages ?? []).flatMap((p) => p.withdrawn));
  const withdrawKeys = (o.withdrawKeys ?? []).filter((k) => !packageWithdrawn.has(k));
  const withdrawnByPackage = new Set<string>();
  const outcomes: PackageOutcome[] = [];
  const uploads: PackageUnit[] = [];
  for (const pkg of o.packages ?? []) {
    const outcome: PackageOutcome = { file: pkg.file, packageId: pkg.packageId, signed: pkg.signed, records: pkg.keys.length, via: 'records' };
    outcomes.push(outcome);
    const items = pkg.refusedLocally ? [] : pkg.keys.map((k) => byKey.get(k)!);
    if (!pkg.refusedLocally && o.ledgerPackages.has(packageLedgerId(pkg.packageId, pkg.hash)) && items.every((it) => changeKind(o.published, it) === 'unchanged')) {
      // Taken before with this content and nothing changed since: nothing to send. Its withdrawals were done then;
      // a withdrawn key published again since (by another input) is withdrawn one by one.
      outcome.via = 'none';
      withdrawKeys.push(...pkg.withdrawn.filter((k) => o.published.has(k)));
      continue;
    }
    const fallback = pkg.refusedLocally > 0 ? 'refused-locally' : o.unpack ? 'unpack' : !o.target.sendPackage ? 'no-package-api' : undefined;
    if (fallback) {
      outcome.fallback = { code: fallback, wording: ref(`publish.fallback.${fallback}`, { kind: o.target.kind }) };
      withdrawKeys.push(...pkg.withdrawn);
      continue;
    }
    outcome.via = 'package';
    uploads.push({ pkg, items, outcome });
    for (const k of pkg.withdrawn) if (!present.has(k)) withdrawnByPackage.add(k);
  }
  const plan = planPublish(o.items, o.published, { withdrawMissing: o.withdrawMissing, withdrawKeys });
  const inPackage = new Set(uploads.flatMap((u) => u.items.map((i) => i.key)));
  return {
    plan,
    outcomes,
    uploads,
    batched: [...plan.added, ...plan.changed].filter((it) => !inPackage.has(it.key)),
    deleteKeys: plan.withdraw.filter((k) => !withdrawnByPackage.has(k)),
    withdrawnByPackage,
  };
}
