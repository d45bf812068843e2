import type { MessageRef } from '../issues/text.js';
import type { CatalogRecord } from '../model/record.js';

/** Where a record came from, for messages: record provenance, else the input file and line. */
export interface ItemSource {
  file: string;
  sheet?: string;
  row?: number;
  line?: number;
  column?: string;
}

/** One record ready to publish. */
export interface PublishItem {
  key: string;
  /** contentHash(record): SHA-256 of the canonical JSON without provenance. */
  hash: string;
  /** The record as sent (no provenance). */
  record: CatalogRecord;
  source: ItemSource;
  /**
   * Profile the target validates the record under: a package's manifest profile for its records, else the one
   * publish was given. Sent with every batch (the centre would otherwise assume guide2017).
   */
  profile: string;
}

/** Why the target (or publish itself) refused a record. */
export interface Reason {
  code: string;
  /** As the target worded it (a centre answers in the language publish asked for). */
  message?: string;
  /** Found by publish itself: worded at the edge (the CLI fills `message` from it). */
  wording?: MessageRef;
  /** JSON pointer into the record, when the target says. */
  path?: string;
}

/** A target's answer for one batch, by key. Keys it did not mention are "unacknowledged" (sent again next run). */
export interface BatchAnswer {
  accepted: { key: string }[];
  rejected: { key: string; reasons: Reason[] }[];
  unchanged: { key: string }[];
  /**
   * Keys the target did not write because it refused the whole request for the `rejected` ones (the centre's
   * all-or-nothing 403 for records of another provider): the publisher sends these again, once, without the others.
   */
  unprocessed?: string[];
  /** The provider code the token acts for, when the target said (a 403 provider mismatch). */
  actsFor?: string;
}

/** A registration package to upload whole (the centre verifies its checksums and signature itself). */
export interface PackageUpload {
  file: string;
  packageId: string;
  /** packageContentHash(manifest): with packageId, the centre's and the ledger's idea of "the same package". */
  hash: string;
  bytes: Uint8Array;
  /** Record keys in records.jsonl order (the centre's answer refers to records by this index). */
  keys: string[];
  /** manifest.withdrawn: keys the centre withdraws when it takes the package. */
  withdrawn: string[];
  /** manifest.profile.id: the profile its records were packed (and are sent) under. */
  profile: string;
  /** Whether the package carries a signature (verified locally against its embedded key). */
  signed: boolean;
  /** Records of the package refused locally (no key, key given by an earlier input): then it cannot go whole. */
  refusedLocally: number;
}

/** The target's answer to a package upload. */
export interface PackageAnswer {
  status?: string;
  accepted: { key: string }[];
  unchanged: { key: string }[];
  /** By index into PackageUpload.keys when the target gives one, else by key. */
  rejected: { index?: number; key?: string; reasons: Reason[] }[];
}

/** A place records are published to: the directory centre (records API) or a CKAN portal (Action API). */
export interface PublishTarget {
  kind: 'centre' | 'ckan';
  /** Base URL (also names the ledger). */
  url: string;
  /** Largest batch the target takes in one request (CKAN: one package per call). */
  maxBatchSize: number;
  /** One attempt at sending a batch (every item of one profile); throws RemoteError (retryable or not). */
  send(items: PublishItem[], o: { signal?: AbortSignal }): Promise<BatchAnswer>;
  /**
   * One attempt at uploading a registration package whole (POST /api/v1/packages). Absent when the target has
   * no such thing (CKAN). Throws RemoteError (retryable or not; 413 = larger than the target takes).
   */
  sendPackage?(pkg: PackageUpload, o: { signal?: AbortSignal }): Promise<PackageAnswer>;
  /** One attempt at withdrawing a key; idempotent. Throws RemoteError. */
  withdraw(key: string, o: { signal?: AbortSignal }): Promise<void>;
  /** Is the target up (used before a run to fail fast)? Throws RemoteError. */
  check(o: { signal?: AbortSignal }): Promise<void>;
}
