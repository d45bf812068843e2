import type { CatalogRecord } from '../model/record.js';
import type { NewSubmission, RecordChange } from './store.js';

/** Most record JSON (bytes, about) written between two pauses of a registration (store.applyRegistration). */
export const SLICE_BYTES = 64 * 1024;

/** One step of a registration: a slice of its changes, or of its submissions. */
export type RegistrationStep = { changes: RecordChange[] } | { submissions: NewSubmission[] };

/**
 * A registration as the steps a store writes between two pauses: its changes in the order the stores write them
 * (descending key: search, newest first, then lists a batch in key order), then its submissions, each cut into
 * slices of about SLICE_BYTES of records when it is asked for (sizing a whole package up front would be one long
 * step).
 */
export function* registrationSteps(changes: RecordChange[], submissions: NewSubmission[]): Generator<RegistrationStep> {
  for (const slice of slicesOf(descendingKeys(changes))) yield { changes: slice };
  for (const slice of slicesOf(submissions)) yield { submissions: slice };
}

/**
 * The first step of `steps`, and whether more follow: a store writes a one-step registration in one ordinary
 * transaction, and holds a transaction across pauses only for a longer one.
 */
export function firstStep(steps: Generator<RegistrationStep>): { first?: RegistrationStep; rest?: Iterable<RegistrationStep> } {
  const a = steps.next();
  if (a.done) return {};
  const b = steps.next();
  if (b.done) return { first: a.value };
  return { first: a.value, rest: (function* () { yield b.value; yield* steps; })() };
}

function* slicesOf<T extends { record: CatalogRecord }>(items: T[]): Generator<T[]> {
  let slice: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify(item.record).length;
    if (slice.length && bytes + size > SLICE_BYTES) {
      yield slice;
      slice = [];
      bytes = 0;
    }
    slice.push(item);
    bytes += size;
  }
  if (slice.length) yield slice;
}

/**
 * A package's records arrive in ascending key order (verify checks it), so its changes are reversed in one pass
 * rather than sorted; anything else (a batch, at most --max-batch records) is sorted, stably: two changes to one
 * key keep their order.
 */
function descendingKeys(changes: RecordChange[]): RecordChange[] {
  let ascending = true, descending = true;
  for (let i = 1; i < changes.length && (ascending || descending); i++) {
    if (changes[i - 1].key >= changes[i].key) ascending = false;
    if (changes[i - 1].key < changes[i].key) descending = false;
  }
  if (descending) return changes;
  if (ascending) return [...changes].reverse();
  return [...changes].sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}
