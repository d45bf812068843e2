import { contentHash, recordKey } from '../../model/identity.js';
import type { CatalogRecord } from '../../model/record.js';
import { verifyPackage } from '../../package/verify.js';
import { packageContentHash } from '../../package/manifest.js';
import { parseKey } from '../../crypto/keys.js';
import { CentreError, registerRecords, type RegistrationAnswer } from '../register.js';
import { sendJson } from '../respond.js';
import type { CentreStore } from '../store.js';
import { answerStatus } from './records.js';
import { limitsOf } from '../limits.js';
import { centreZipLimits, checkPackageLimits } from '../package-limits.js';
import { callerOf, type RequestContext } from './context.js';

/** POST /api/v1/packages: a package zip (catalog pack), verified, then registered like a batch. */
export async function postPackage(ctx: RequestContext): Promise<void> {
  const { store, opts, body, lang, res } = ctx;
  const token = callerOf(ctx);
  if (!body.length) throw new CentreError(400, 'invalid-body', { detail: 'send the package zip as the request body (application/zip)' });
  // the limits first: verification parses and hashes everything, which a hostile package makes expensive
  const limits = limitsOf(opts);
  await checkPackageLimits(new Uint8Array(body), limits, lang);
  // the records are re-validated by registerRecords (same library code); verify checks the package itself
  // a token bound to a public key (token create --public-key) only takes packages signed with that key
  const verified = await verifyPackage(new Uint8Array(body), { lang, revalidate: false, limits: centreZipLimits(limits), ...(token.publicKey ? { publicKey: parseKey(token.publicKey) } : {}) });
  const m = verified.manifest;
  const fatal = verified.issues.filter((i) => i.severity === 'error');
  if (!m || fatal.length) {
    throw new CentreError(422, 'package-invalid', {}, { issues: fatal, packageId: m?.packageId });
  }
  if (m.provider.code && !token.admin && m.provider.code !== token.provider) {
    throw new CentreError(403, 'provider-mismatch', { provider: m.provider.code, token: token.provider }, { provider: m.provider.code, actsFor: token.provider }, 'package-provider-mismatch');
  }
  const hash = packageContentHash(m);
  const answerId = `package:${token.provider}:${m.packageId}`;
  const old = (await store.getAnswer(answerId, hash)) as RegistrationAnswer | undefined;
  if (old && (await stillHolds(store, old, verified.records, m.withdrawn))) return sendJson(res, answerStatus(old), old);
  // first upload, or the records changed since (another upload or batch, a withdrawal): register again
  const answer = await registerRecords(store, verified.records, { token, review: !!opts.review, profile: m.profile.id, lang }, { withdrawn: m.withdrawn });
  const out = { packageId: m.packageId, ...answer };
  await store.saveAnswer(answerId, hash, out);
  sendJson(res, answerStatus(out), out);
}

/**
 * Does the catalogue still hold what a stored package answer says: each record it took (accepted or unchanged)
 * stored with the package's content and not withdrawn or returned, each key it withdrew still withdrawn? Only
 * then is a re-upload answered from the stored answer; otherwise it is registered again (idempotent per record).
 */
async function stillHolds(store: CentreStore, answer: RegistrationAnswer, records: CatalogRecord[], withdrawn: string[]): Promise<boolean> {
  const took = new Set([...answer.accepted, ...answer.unchanged].map((a) => a.key));
  const mine = records.filter((r) => took.has(recordKey(r) ?? ''));
  const stored = await store.getRecords([...mine.map((r) => recordKey(r)!), ...withdrawn]);
  for (const r of mine) {
    const s = stored.get(recordKey(r)!);
    if (!s || s.hash !== contentHash(r) || s.status === 'withdrawn' || s.status === 'returned') return false;
  }
  return withdrawn.every((k) => { const s = stored.get(k); return !s || s.status === 'withdrawn'; });
}
