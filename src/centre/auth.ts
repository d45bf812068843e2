import { createHash, randomBytes } from 'node:crypto';
import { utcNow, type CentreStore, type TokenInfo } from './store.js';

/** SHA-256 hex of a token: the only form a centre stores. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Create a per-department (or admin) API token; the plain token is returned once and never stored. */
export async function createToken(store: CentreStore, opts: { provider: string; admin?: boolean; label?: string; publicKey?: string; expires?: string }): Promise<{ token: string; info: TokenInfo }> {
  const token = 'cat_' + randomBytes(24).toString('base64url');
  const info = await store.createToken({ hash: hashToken(token), provider: opts.provider, admin: !!opts.admin, label: opts.label, publicKey: opts.publicKey, expires: opts.expires });
  return { token, info };
}

/** The live token behind an `Authorization: Bearer …` header value, or undefined. */
export async function authenticate(store: CentreStore, header: string | undefined): Promise<TokenInfo | undefined> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  return store.findToken(hashToken(m[1]));
}

/** May this token register, change or withdraw a record of provider `code`? Admins may act for anyone. */
export function mayActFor(token: Pick<TokenInfo, 'provider' | 'admin'>, code: string | undefined): boolean {
  return token.admin || (!!code && token.provider === code);
}

/** Has the token's expiry (token create --expires) passed? */
export function isExpired(token: TokenInfo, now = new Date()): boolean {
  return !!token.expires && Date.parse(token.expires) <= now.getTime();
}

/** Last-used times are written at most this often per token, so a burst of requests costs one write. */
const TOUCH_EVERY_MS = 60_000;

/** Record that `token` was used now (token list shows it). */
export async function noteUse(store: CentreStore, token: TokenInfo, now = new Date()): Promise<void> {
  if (token.lastUsed && now.getTime() - Date.parse(token.lastUsed) < TOUCH_EVERY_MS) return;
  await store.touchToken(token.id, utcNow(now));
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * The expiry time (YYYY-MM-DDThh:mm:ssZ) of `token create --expires <spec>`: a duration from now (`90d`, `12h`,
 * `2w`), a date (`2027-03-01`: the token expires at the start of that day, UTC) or a UTC time
 * (`2027-03-01T08:00:00Z`). Undefined when `spec` is none of these or not in the future.
 */
export function parseExpiry(spec: string, now = new Date()): string | undefined {
  const d = /^(\d{1,5})([hdw])$/.exec(spec.trim());
  let at: number;
  if (d) at = now.getTime() + Number(d[1]) * UNIT_MS[d[2]];
  else if (/^\d{4}-\d{2}-\d{2}$/.test(spec)) at = Date.parse(`${spec}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(spec)) at = Date.parse(spec);
  else return undefined;
  if (!Number.isFinite(at) || at <= now.getTime()) return undefined;
  return utcNow(new Date(at));
}
