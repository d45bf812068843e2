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
}

/** Why the target refused a record. */
export interface Reason {
  code: string;
  message: string;
  /** JSON pointer into the record, when the target says. */
  path?: string;
}

/** A target's answer for one batch, by key. Keys it did not mention are "unacknowledged" (sent again next run). */
export interface BatchAnswer {
  accepted: { key: string }[];
  rejected: { key: string; reasons: Reason[] }[];
  unchanged: { key: string }[];
}

/** A place records are published to: the directory centre (records API) or a CKAN portal (Action API). */
export interface PublishTarget {
  kind: 'centre' | 'ckan';
  /** Base URL (also names the ledger). */
  url: string;
  /** Largest batch the target takes in one request (CKAN: one package per call). */
  maxBatchSize: number;
  /** One attempt at sending a batch; throws RemoteError (retryable or not). */
  send(items: PublishItem[], o: { signal?: AbortSignal }): Promise<BatchAnswer>;
  /** One attempt at withdrawing a key; idempotent. Throws RemoteError. */
  withdraw(key: string, o: { signal?: AbortSignal }): Promise<void>;
  /** Is the target up (used before a run to fail fast)? Throws RemoteError. */
  check(o: { signal?: AbortSignal }): Promise<void>;
}
