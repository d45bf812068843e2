import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentHash, recordKey } from '../../model/identity.js';
import type { CatalogRecord } from '../../model/record.js';
import { verifyPackageFile, type VerifyResult } from '../../package/verify.js';
import { renderAnswer } from './answer-text.js';
import type { Lang } from '../../i18n/lang.js';
import { packageContentHash } from '../../package/manifest.js';
import { parseKey } from '../../crypto/keys.js';
import { CentreError, registerRecords, storedRecords, type RegistrationAnswer } from '../register.js';
import { jsonPieces, sendPieces } from '../json-pieces.js';
import type { CentreStore, TokenInfo } from '../store.js';
import { answerStatus } from './records.js';
import { drainCap, limitsOf } from '../limits.js';
import { centreZipLimits, packageScreen } from '../package-limits.js';
import { saveBody, ClientGoneError } from '../body.js';
import { yielder } from '../batch-body.js';
import { callerOf, type RequestContext } from './context.js';
import { intakePhase } from '../intake-phase.js';
import { uploadFileName } from '../stale-uploads.js';

/**
 * POST /api/v1/packages: a package zip (catalog pack), streamed to a temp file, verified as a stream (limits
 * checked on the way, see package-limits.ts), then registered like a batch. The temp file is removed on every path.
 */
export async function postPackage(ctx: RequestContext): Promise<void> {
  const { opts, req } = ctx;
  const limits = limitsOf(opts);
  const file = path.join(opts.tempDir ?? os.tmpdir(), uploadFileName());
  try {
    intakePhase('receive');
    const size = await saveBody(req, file, limits.maxBodyBytes, drainCap(limits));
    if (!size) throw new CentreError(400, 'invalid-body', { detail: 'send the package zip as the request body (application/zip)' });
    intakePhase('verify');
    await registerPackage(ctx, await verifyUpload(ctx, file));
  } catch (err) {
    // the client went away: nobody reads an answer (the server's catch would try to send one)
    if (err instanceof ClientGoneError) { ctx.res.destroy(); return; }
    throw err;
  } finally {
    await fs.promises.rm(file, { force: true });
    intakePhase('done');
  }
}

/**
 * Verify the uploaded file: one streaming pass (each entry inflated once) that refuses the package (413) as soon
 * as it breaks a limit and gives way to other requests every ~10 ms; stops when the client has gone away.
 */
async function verifyUpload(ctx: RequestContext, file: string): Promise<VerifyResult> {
  const { opts, res } = ctx;
  const token = callerOf(ctx);
  const limits = limitsOf(opts);
  const slice = yielder();
  const pause = async () => {
    await slice();
    if (res.destroyed) throw new ClientGoneError();
  };
  // the records are re-validated by registerRecords (same library code); verify checks the package itself.
  // A token bound to a public key (token create --public-key) only takes packages signed with that key.
  const verified = await verifyPackageFile(file, {
    revalidate: false, keepRecords: true, fileName: 'package', limits: centreZipLimits(limits), pause, ...packageScreen(limits),
    ...(token.publicKey ? { publicKey: parseKey(token.publicKey) } : {}),
  });
  const fatal = verified.issues.filter((i) => i.severity === 'error');
  if (!verified.manifest || fatal.length) throw new CentreError(422, 'package-invalid', {}, { issues: fatal, packageId: verified.manifest?.packageId });
  return verified;
}

/** A registration answer worded in `lang` (its issues), as JSON pieces made with pauses. */
const answerPieces = (answer: RegistrationAnswer, lang: Lang) => jsonPieces({ ...renderAnswer(answer, lang) }, yielder());

/** Register a verified package's records and withdrawals, or answer from the stored answer when nothing changed. */
async function registerPackage(ctx: RequestContext, verified: VerifyResult): Promise<void> {
  const { store, opts, lang, res } = ctx;
  const token: TokenInfo = callerOf(ctx);
  const m = verified.manifest!;
  if (m.provider.code && !token.admin && m.provider.code !== token.provider) {
    throw new CentreError(403, 'provider-mismatch', { provider: m.provider.code, token: token.provider }, { provider: m.provider.code, actsFor: token.provider }, 'package-provider-mismatch');
  }
  const hash = packageContentHash(m);
  const answerId = `package:${token.provider}:${m.packageId}`;
  const old = (await store.getAnswer(answerId, hash)) as RegistrationAnswer | undefined;
  if (old && (await stillHolds(store, old, verified.records, m.withdrawn))) {
    return sendPieces(res, answerStatus(old), 'application/json', [...(await answerPieces(old, lang)), '\n'], yielder());
  }
  // first upload, or the records changed since (another upload or batch, a withdrawal): register again
  const answer = await registerRecords(store, verified.records, { token, review: !!opts.review, profile: m.profile.id }, { withdrawn: m.withdrawn });
  const out = { packageId: m.packageId, ...answer };
  intakePhase('answer');
  // made once, in pieces: the answer lists every record (100,000 records: ~10 MB); stored as codes + params
  const pieces = await jsonPieces(out, yielder());
  await store.saveAnswer(answerId, hash, out, pieces);
  const sent = out.rejected.length || out.warnings?.length ? await answerPieces(out, lang) : pieces;
  await sendPieces(res, answerStatus(out), 'application/json', [...sent, '\n'], yielder());
}

/**
 * Does the catalogue still hold what a stored package answer says: each record it took (accepted or unchanged)
 * stored with the package's content and not withdrawn or returned, each key it withdrew still withdrawn? Only
 * then is a re-upload answered from the stored answer; otherwise it is registered again (idempotent per record).
 */
async function stillHolds(store: CentreStore, answer: RegistrationAnswer, records: CatalogRecord[], withdrawn: string[]): Promise<boolean> {
  const took = new Set([...answer.accepted, ...answer.unchanged].map((a) => a.key));
  const mine = records.filter((r) => took.has(recordKey(r) ?? ''));
  const stored = await storedRecords(store, [...mine.map((r) => recordKey(r)!), ...withdrawn]);
  const pause = yielder();
  for (const r of mine) {
    await pause();
    const s = stored.get(recordKey(r)!);
    if (!s || s.hash !== contentHash(r) || s.status === 'withdrawn' || s.status === 'returned') return false;
  }
  return withdrawn.every((k) => { const s = stored.get(k); return !s || s.status === 'withdrawn'; });
}
