import { createHash, randomBytes } from 'node:crypto';
import type { CentreStore, TokenInfo } from './store.js';

/** SHA-256 hex of a token: the only form a centre stores. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Create a per-department (or admin) API token; the plain token is returned once and never stored. */
export async function createToken(store: CentreStore, opts: { provider: string; admin?: boolean; label?: string; publicKey?: string }): Promise<{ token: string; info: TokenInfo }> {
  const token = 'cat_' + randomBytes(24).toString('base64url');
  const info = await store.createToken({ hash: hashToken(token), provider: opts.provider, admin: !!opts.admin, label: opts.label, publicKey: opts.publicKey });
  return { token, info };
}

/** The live token behind an `Authorization: Bearer …` header value, or undefined. */
export async function authenticate(store: CentreStore, header: string | undefined): Promise<TokenInfo | undefined> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  return store.findToken(hashToken(m[1]));
}

/** May this token register, change or withdraw a record of provider `code`? Admins may act for anyone. */
export function mayActFor(token: TokenInfo, code: string | undefined): boolean {
  return token.admin || (!!code && token.provider === code);
}
