import { mayActFor } from './auth.js';
import { LOCAL_ORIGIN, type StoredRecord, type TokenInfo } from './store.js';

/**
 * Why a caller may not write a record (register, change or withdraw it), as the centre's answer code:
 * - `provider-mismatch` (403): the new content names a provider the token does not act for;
 * - `not-owner` (403): the stored record belongs to a provider the token does not act for;
 * - `foreign-origin` (409): the stored record was harvested from another centre and can only change there
 *   (admins included: a harvest would bring the source's version back anyway).
 */
export interface WriteRefusal {
  code: 'provider-mismatch' | 'not-owner' | 'foreign-origin';
  status: 403 | 409;
  params: Record<string, unknown>;
}

/**
 * The one ownership and origin rule every write path applies (record batches, package records and
 * withdrawals, DELETE, review): undefined when `actor` may write record `key`, stored as `old`, with new content
 * of provider `claimed` (undefined for a withdrawal).
 */
export function writeRefusal(actor: Pick<TokenInfo, 'provider' | 'admin'>, key: string | undefined, old: StoredRecord | undefined, claimed?: string): WriteRefusal | undefined {
  if (claimed && !mayActFor(actor, claimed)) return { code: 'provider-mismatch', status: 403, params: { provider: claimed, token: actor.provider } };
  if (!old) return undefined;
  if (!mayActFor(actor, old.provider)) return { code: 'not-owner', status: 403, params: { key, provider: old.provider } };
  if (old.origin !== LOCAL_ORIGIN) return { code: 'foreign-origin', status: 409, params: { key, origin: old.origin } };
  return undefined;
}

/**
 * May a harvest write record `key` (stored as `old`) with content from `origin`? A record registered here is
 * never overwritten or withdrawn by a harvest (`harvest-local-conflict`); neither is one harvested from another
 * origin (`harvest-origin-conflict`): the centre the record was first registered at stays its only source.
 */
export function harvestRefusal(old: StoredRecord | undefined, origin: string | undefined): 'harvest-local-conflict' | 'harvest-origin-conflict' | undefined {
  if (!old) return undefined;
  if (old.origin === LOCAL_ORIGIN) return 'harvest-local-conflict';
  if (origin && old.origin !== origin) return 'harvest-origin-conflict';
  return undefined;
}
