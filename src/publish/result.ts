import type { ItemSource, Reason } from './target.js';
import type { MessageRef } from '../issues/text.js';

export interface PublishProgress {
  phase: 'send' | 'withdraw';
  done: number;
  total: number;
  accepted: number;
  rejected: number;
  unchanged: number;
}

export interface RejectedRecord {
  key?: string;
  /** Absent for a withdrawal the target refused. */
  source?: ItemSource;
  reasons: Reason[];
}

/** What happened to one registration package. */
export interface PackageOutcome {
  file: string;
  packageId: string;
  signed: boolean;
  records: number;
  /**
   * package: uploaded whole (in a dry run: would be); records: its records went through the records API;
   * none: nothing sent (the ledger holds this package and every record of it unchanged).
   */
  via: 'package' | 'records' | 'none';
  /**
   * The target's answer: accepted | partial | rejected | submitted; refused: the package itself was refused
   * (signature, checksums, provider); pending: no answer (remote failure, interrupted).
   */
  status?: string;
  /** Why its records went through the records API instead of the package endpoint. */
  fallback?: { code: string; message?: string; wording?: MessageRef };
  /** Why the target refused the package. */
  reasons?: Reason[];
}

export interface PublishResult {
  target: { kind: string; url: string };
  dryRun: boolean;
  /** The plan relative to the ledger. */
  plan: { added: string[]; changed: string[]; unchanged: number; withdraw: string[] };
  /** Acknowledged as stored by the target in this run. */
  accepted: { key: string; change: 'added' | 'changed' }[];
  rejected: RejectedRecord[];
  /** How many of `rejected` were refused locally (no key, duplicate key) and never sent. */
  refused: number;
  /** Known unchanged: from the ledger, or the target said so in this run. */
  unchanged: number;
  withdrawn: string[];
  /** Not acknowledged (remote failure, interrupted): sent again by the next run. */
  pending: string[];
  /** Registration packages among the inputs and how each went. */
  packages: PackageOutcome[];
  /** Remote failures (after retries), in order. */
  errors: { code: string; message: string; status?: number }[];
  interrupted: boolean;
  /** True when every record was accepted or unchanged, every package taken and every withdrawal done. */
  ok: boolean;
}
