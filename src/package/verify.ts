import crypto from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { CatalogRecord } from '../model/record.js';
import { canonicalJson, recordKey } from '../model/identity.js';
import type { Issue, Severity } from '../issues/issue.js';
import { validateRecords, type RecordInput } from '../validate/records.js';
import { ref } from '../issues/text.js';
import { UnknownProfileError } from '../profiles/load.js';
import { parseKey, keyId, type KeyMaterial } from '../crypto/keys.js';
import { verifyBytes } from '../crypto/sign.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits, type ZipProblem } from './zip.js';
import { fileSource, inflateEntry, memorySource, scanZip, type ByteSource, type ScannedEntry } from './zip-scan.js';
import { DEFLATE_STEP, EntryWriter, localHeader, zipTrailer, ZIP32_LIMIT, type EntryDigest } from './zip-write.js';
import { RecordsXmlReader } from './records-xml.js';
import { checkManifestShape, MANIFEST_FILE, PACKAGE_ENTRIES, RECORDS_JSONL, RECORDS_XML, SIGNATURE_FILE, type PackageManifest, type PackageSignature } from './manifest.js';

export interface VerifyOptions {
  /** Trusted public key: the package must be signed with it. */
  publicKey?: KeyMaterial;
  /** Re-validate the records against the manifest's profile (default true). */
  revalidate?: boolean;
  /** Zip limits (zip-bomb guard). */
  limits?: ZipLimits;
  /** Name of the package file, used in messages (default "package"). */
  fileName?: string;
  /**
   * Treat a zip that differs from what `catalog pack` writes for the same entries as an error
   * (default: warning, so packages zipped by other tools that keep the content contract still verify).
   * With it, a change to any byte of the file is an error.
   */
  strict?: boolean;
  /** Keep the records in the result (default: true for verifyPackage, false for verifyPackageFile). */
  keepRecords?: boolean;
  /** Called with each record of records.jsonl as it is read (1-based line), valid or not. */
  onRecord?: (record: CatalogRecord, line: number) => void;
  /** Called with the bytes of the package read so far (progress). */
  onProgress?: (bytesRead: number, total: number) => void;
  /** Checks made on the way (the centre's limits): each may throw to stop verification at once. */
  screen?: VerifyScreen;
  /** Awaited between chunks and lines, so a server can give way to other requests (see centre/batch-body.ts yielder). */
  pause?: () => Promise<void>;
}

/** Hooks called while a package is read, before the work each bounds; a hook throws to refuse the package. */
export interface VerifyScreen {
  /** The zip directory's problems (sizes declared over the limits, …), before anything is inflated. */
  directory?(problems: readonly ZipProblem[]): void;
  /** Size in bytes of line `line` of records.jsonl before it is parsed (also while a long line is still arriving). */
  line?(bytes: number, line: number): void;
  /** Each inflated chunk of an entry, in order. */
  chunk?(entry: string, chunk: Uint8Array): void;
}

/** The check that produced an issue (params.check). */
export type VerifyCheck = 'structure' | 'size' | 'manifest' | 'checksum' | 'signature' | 'records';

export interface VerifyResult {
  valid: boolean;
  manifest?: PackageManifest;
  /** Records from records.jsonl (when kept: see VerifyOptions.keepRecords). */
  records: CatalogRecord[];
  /** Lines of records.jsonl read (kept or not). */
  recordCount: number;
  issues: Issue[];
  /** Whether a signature was present and verified (against the trusted key, or only the embedded one). */
  signature: { present: boolean; valid: boolean; trusted: boolean; algorithm?: string; keyId?: string };
}

/**
 * Limits for a package file on the user's own disk (verify, pack --since, diff, export, publish): verification
 * streams, so memory does not depend on them; they stop a zip bomb from running for hours. Zip entries cannot
 * exceed 4 GiB without zip64, which packages do not use. The centre keeps DEFAULT_ZIP_LIMITS.
 */
export const FILE_ZIP_LIMITS: ZipLimits = { ...DEFAULT_ZIP_LIMITS, maxEntrySize: ZIP32_LIMIT, maxTotalSize: 16 * 1024 * 1024 * 1024 };

const ZIP_CHECK: Record<string, VerifyCheck> = {
  'entry-too-large': 'size', 'zip-total-too-large': 'size', 'entry-size-mismatch': 'size', 'zip-too-many-entries': 'size',
  'entry-crc-mismatch': 'checksum',
};

/** Issues grouped by check, reported in this order whatever order the streaming passes find them in. */
const BUCKETS = ['zip', 'structure', 'layout', 'manifest', 'checksum', 'signature', 'records', 'xml', 'validation'] as const;
type Bucket = (typeof BUCKETS)[number];

/** State shared by the passes of one verification. */
interface Run {
  src: ByteSource;
  options: VerifyOptions;
  pkg: string;
  issues: Record<Bucket, Issue[]>;
  add: (bucket: Bucket, code: string, check: VerifyCheck, file: string, params?: Record<string, unknown>, severity?: Severity, path?: string) => void;
  result: VerifyResult;
  /** Content digests of entries listed in the manifest (or of records.jsonl/xml), by entry name. */
  digests: Map<string, EntryDigest>;
  /** First byte where the zip differs from what pack writes (layout check). */
  layoutAt: number;
  bytesRead: number;
}

/**
 * Verify a registration package in memory. See verifyPackageFile; the records are kept in the result.
 */
export async function verifyPackage(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  return verifySource(memorySource(bytes), { keepRecords: true, ...options });
}

/**
 * Verify a registration package file without loading it: zip structure (unsafe paths, duplicates, sizes
 * before inflating), manifest, per-file size + SHA-256 + SM3, signature, records.xml ≡ records.jsonl,
 * re-validation of the records and the byte layout. Each entry is inflated and checked as a stream, so memory
 * does not grow with the package. Every finding names the entry (params.file) and the check (params.check).
 */
export async function verifyPackageFile(file: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const src = await fileSource(file);
  try {
    return await verifySource(src, { fileName: file, limits: FILE_ZIP_LIMITS, ...options });
  } finally {
    await src.close();
  }
}

async function verifySource(src: ByteSource, options: VerifyOptions): Promise<VerifyResult> {
  const issues = Object.fromEntries(BUCKETS.map((b) => [b, [] as Issue[]])) as Record<Bucket, Issue[]>;
  const result: VerifyResult = { valid: false, records: [], recordCount: 0, issues: [], signature: { present: false, valid: false, trusted: false } };
  const run: Run = {
    src, options, pkg: options.fileName ?? 'package', issues, result, digests: new Map(), layoutAt: Infinity, bytesRead: 0,
    add: (bucket, code, check, file, params = {}, severity = 'error', path = '') => {
      issues[bucket].push({ code, severity, path, provenance: { file }, params: { file, check, ...params } });
    },
  };
  const scan = await scanZip(src, options.limits ?? DEFAULT_ZIP_LIMITS);
  options.screen?.directory?.(scan.problems);
  const problems = [...scan.problems];
  if (problems.some((p) => p.code === 'zip-not-a-zip')) {
    for (const p of problems) run.add('zip', p.code, ZIP_CHECK[p.code] ?? 'structure', p.entry ?? run.pkg, { detail: p.detail ?? '' });
    return finish(run);
  }
  checkEntrySet(run, scan.entries, problems);
  const byName = new Map(scan.entries.map((e) => [e.path, e]));
  const small = new Map<string, Uint8Array>();
  for (const name of [MANIFEST_FILE, SIGNATURE_FILE]) {
    const e = byName.get(name);
    if (!e?.readable) continue;
    const data = await readSmallEntry(run, e, problems);
    if (data) small.set(name, data);
  }
  const manifest = checkManifest(run, small.get(MANIFEST_FILE));
  checkSignature(run, small.get(MANIFEST_FILE), small.get(SIGNATURE_FILE), byName.has(SIGNATURE_FILE));
  await checkRecords(run, byName.get(RECORDS_JSONL), byName.get(RECORDS_XML), manifest, problems);
  // Entries nobody reads above (unexpected ones) are still inflated: CRC, sizes and layout.
  for (const e of scan.entries) if (e.readable && !small.has(e.path) && e.path !== RECORDS_JSONL && e.path !== RECORDS_XML) for await (const _ of entryChunks(run, e, problems)) { /* checked on the way */ }
  checkChecksums(run, manifest, byName);
  for (const p of problems) run.add('zip', p.code, ZIP_CHECK[p.code] ?? 'structure', p.entry ?? run.pkg, { detail: p.detail ?? '' });
  if (!problems.length && scan.entries.every((e) => e.readable)) await checkLayout(run, scan.entries, scan.centralDirectoryOffset!);
  return finish(run);
}

function finish(run: Run): VerifyResult {
  run.options.onProgress?.(run.src.size, run.src.size);
  run.result.issues = BUCKETS.flatMap((b) => run.issues[b]);
  run.result.valid = !run.result.issues.some((i) => i.severity === 'error');
  return run.result;
}

/** Unexpected, missing and misordered entries. */
function checkEntrySet(run: Run, entries: ScannedEntry[], problems: ZipProblem[]): void {
  const known = new Set<string>(PACKAGE_ENTRIES);
  const names = new Set(entries.map((e) => e.path));
  for (const e of entries) if (!known.has(e.path)) run.add('structure', 'entry-unexpected', 'structure', e.path);
  for (const name of [MANIFEST_FILE, RECORDS_JSONL, RECORDS_XML]) if (!names.has(name) && !problems.some((p) => p.entry === name)) run.add('structure', 'entry-missing', 'structure', name);
  const order = entries.map((e) => e.path).filter((n) => known.has(n));
  const expected = PACKAGE_ENTRIES.filter((n) => order.includes(n));
  if (order.join() !== expected.join()) run.add('structure', 'entry-order', 'structure', run.pkg, { detail: order.join(', ') }, 'warning');
}

/**
 * Inflate one entry chunk by chunk (pulled by the caller: back-pressure), computing its digests and
 * re-deflating it the way pack does (layout check) on the way. Inflation problems go to `problems`.
 */
async function* entryChunks(run: Run, e: ScannedEntry, problems: ZipProblem[]): AsyncGenerator<Uint8Array> {
  const layout = new LayoutCompare(run.src, e);
  const writer = new EntryWriter(e.path, (c) => layout.expect(c));
  const it = inflateEntry(run.src, e, (raw) => { run.bytesRead += raw.length; run.options.onProgress?.(run.bytesRead, run.src.size); });
  for (;;) {
    const r = await it.next();
    if (r.done) {
      if (r.value) {
        problems.push(r.value);
        if (r.value.code !== 'entry-crc-mismatch') return;
      }
      break;
    }
    // in pieces of at most one deflate step: the work between two pauses stays small whatever the inflater hands out
    for (let at = 0; at < r.value.length; at += DEFLATE_STEP) {
      const piece = r.value.subarray(at, at + DEFLATE_STEP);
      run.options.screen?.chunk?.(e.path, piece);
      writer.write(piece);
      await layout.settle();
      await run.options.pause?.();
      yield piece;
    }
  }
  const digest = writer.end();
  await layout.finish(digest);
  run.layoutAt = Math.min(run.layoutAt, layout.firstDifference);
  run.digests.set(e.path, digest);
}

/** A whole small entry (manifest, signature); undefined when it cannot be read. */
async function readSmallEntry(run: Run, e: ScannedEntry, problems: ZipProblem[]): Promise<Uint8Array | undefined> {
  const kept: Uint8Array[] = [];
  for await (const c of entryChunks(run, e, problems)) kept.push(c);
  return run.digests.has(e.path) ? Buffer.concat(kept) : undefined;
}

function checkManifest(run: Run, data: Uint8Array | undefined): PackageManifest | undefined {
  if (!data) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (err) {
    run.add('manifest', 'manifest-invalid-json', 'manifest', MANIFEST_FILE, { detail: (err as Error).message.replace(/ in JSON at position.*$/, '') });
  }
  if (parsed === undefined) return undefined;
  const shape = checkManifestShape(parsed);
  for (const [pointer, detail] of shape) run.add('manifest', 'manifest-invalid', 'manifest', MANIFEST_FILE, { pointer: pointer || '/', detail }, 'error', pointer);
  run.result.manifest = shape.length ? undefined : (parsed as PackageManifest);
  return run.result.manifest;
}

/** Checksums of every listed file; every content entry must be listed. */
function checkChecksums(run: Run, manifest: PackageManifest | undefined, byName: Map<string, ScannedEntry>): void {
  if (!manifest) return;
  const listed = new Set(manifest.files.map((f) => f.path));
  const all = () => BUCKETS.flatMap((b) => run.issues[b]);
  for (const f of manifest.files) {
    if (!byName.has(f.path)) {
      if (!all().some((i) => i.params?.file === f.path)) run.add('checksum', 'entry-missing', 'structure', f.path);
      continue;
    }
    const d = run.digests.get(f.path);
    if (!d) continue;
    if (d.size !== f.size) run.add('checksum', 'size-mismatch', 'checksum', f.path, { actual: d.size, expected: f.size });
    if (d.sha256 !== f.sha256) run.add('checksum', 'checksum-mismatch', 'checksum', f.path, { algorithm: 'SHA-256', expected: f.sha256, actual: d.sha256 });
    if (d.sm3 !== f.sm3) run.add('checksum', 'checksum-mismatch', 'checksum', f.path, { algorithm: 'SM3', expected: f.sm3, actual: d.sm3 });
  }
  for (const name of [RECORDS_JSONL, RECORDS_XML]) if (byName.has(name) && !listed.has(name)) run.add('checksum', 'manifest-unlisted-file', 'manifest', name);
}

function checkSignature(run: Run, manifestBytes: Uint8Array | undefined, sigBytes: Uint8Array | undefined, hasSigEntry: boolean): void {
  const { options, result } = run;
  if (!sigBytes || !manifestBytes) {
    if (options.publicKey && !hasSigEntry) run.add('signature', 'signature-missing', 'signature', SIGNATURE_FILE);
    return;
  }
  result.signature.present = true;
  let sig: PackageSignature | undefined;
  let embedded: KeyMaterial | undefined;
  try {
    sig = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(sigBytes)) as PackageSignature;
    if (!sig || (sig.algorithm !== 'ed25519' && sig.algorithm !== 'sm2') || typeof sig.signature !== 'string' || typeof sig.publicKey !== 'string') throw new Error('needs algorithm (ed25519|sm2), publicKey, signature');
    embedded = parseKey(sig.publicKey);
    if (embedded.algorithm !== sig.algorithm) throw new Error(`publicKey is ${embedded.algorithm}, algorithm says ${sig.algorithm}`);
  } catch (err) {
    run.add('signature', 'signature-invalid-json', 'signature', SIGNATURE_FILE, { detail: (err as Error).message });
    return;
  }
  result.signature.algorithm = sig.algorithm;
  result.signature.keyId = keyId(embedded);
  const key = options.publicKey ?? embedded;
  if (options.publicKey && keyId(options.publicKey) !== keyId(embedded)) {
    run.add('signature', 'signature-key-mismatch', 'signature', SIGNATURE_FILE, { keyId: keyId(embedded), expected: keyId(options.publicKey) });
  } else if (!verifyBytes(manifestBytes, new Uint8Array(Buffer.from(sig.signature, 'base64')), key)) {
    run.add('signature', 'signature-invalid', 'signature', SIGNATURE_FILE, { algorithm: sig.algorithm });
  } else {
    result.signature.valid = true;
    result.signature.trusted = !!options.publicKey;
    if (!options.publicKey) run.add('signature', 'signature-untrusted', 'signature', SIGNATURE_FILE, { keyId: keyId(embedded) }, 'warning');
  }
}

/** Digest of a record's content as records.xml can carry it (16 bytes), for the records.xml ≡ records.jsonl check. */
const xmlDigest = (r: CatalogRecord) => crypto.createHash('md5').update(canonicalJson(dropEmpty(r))).digest();

/**
 * records.jsonl (read once, as a stream: order, count, JSON, re-validation) and then records.xml (each record
 * read back and compared with the digest of the same line of records.jsonl). Returns the digests.
 */
async function checkRecords(run: Run, jEntry: ScannedEntry | undefined, xEntry: ScannedEntry | undefined, manifest: PackageManifest | undefined, problems: ZipProblem[]): Promise<void> {
  if (!jEntry?.readable) {
    if (xEntry?.readable) for await (const _ of entryChunks(run, xEntry, problems)) { /* digests, layout */ }
    return;
  }
  const digests = new DigestList();
  const lines = jsonlRecords(run, jEntry, problems, digests);
  if (run.options.revalidate !== false) await revalidate(run, lines, manifest);
  else for await (const _ of lines) { /* read for the checks made on the way */ }
  if (manifest && run.digests.has(RECORDS_JSONL) && manifest.recordCount !== run.result.recordCount) run.add('records', 'record-count-mismatch', 'records', RECORDS_JSONL, { actual: run.result.recordCount, expected: manifest.recordCount });
  const jsonlOk = run.digests.has(RECORDS_JSONL);
  if (xEntry?.readable) await compareXml(run, xEntry, problems, jsonlOk ? digests : undefined);
}

/**
 * The records of records.jsonl as they are inflated, with the checks that need only one line at a time. Lines are
 * cut at byte level (a newline byte never occurs inside a UTF-8 sequence), so a long line costs its length once.
 */
async function* jsonlRecords(run: Run, e: ScannedEntry, problems: ZipProblem[], digests: DigestList): AsyncGenerator<RecordInput> {
  const queue: RecordInput[] = [];
  const screen = run.options.screen;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let broken = false;
  let prevKey: string | undefined;
  const take = (l: string) => {
    line++;
    let v: unknown;
    try { v = JSON.parse(l); } catch { /* reported below */ }
    if (!v || typeof v !== 'object' || Array.isArray(v)) { run.add('records', 'record-invalid-json', 'records', RECORDS_JSONL, { line }); return; }
    const r = v as CatalogRecord;
    const k = recordKey(r);
    if (k === undefined || (prevKey !== undefined && k <= prevKey)) run.add('records', 'records-not-sorted', 'records', RECORDS_JSONL, { line });
    prevKey = k ?? prevKey;
    digests.push(xmlDigest(r));
    if (run.options.keepRecords) run.result.records.push(r);
    run.options.onRecord?.(r, line);
    queue.push({ record: r, file: RECORDS_JSONL, line });
  };
  /** Every line of `bytes` (whole lines, the last one without its newline); false at the first one not UTF-8. */
  const takeLines = (bytes: Buffer): boolean => {
    for (let from = 0; ;) {
      const at = bytes.indexOf(0x0a, from);
      const end = at < 0 ? bytes.length : at;
      screen?.line?.(end - from, line + 1);
      if (!isUtf8(bytes.subarray(from, end))) return false;
      take(bytes.toString('utf8', from, end));
      if (at < 0) return true;
      from = at + 1;
    }
  };
  for await (const chunk of entryChunks(run, e, problems)) {
    if (broken) continue;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const last = buf.lastIndexOf(0x0a);
    if (last < 0) {
      pending.push(Buffer.from(buf));
      pendingBytes += buf.length;
      screen?.line?.(pendingBytes, line + 1);
      continue;
    }
    const whole = pending.length ? Buffer.concat([...pending, buf.subarray(0, last)]) : buf.subarray(0, last);
    pending = [Buffer.from(buf.subarray(last + 1))];
    pendingBytes = pending[0].length;
    broken = !takeLines(whole);
    yield* queue.splice(0);
  }
  if (!broken && pendingBytes) broken = !takeLines(Buffer.concat(pending));
  if (broken) run.add('records', 'record-invalid-json', 'records', RECORDS_JSONL, { line: line + 1 });
  yield* queue.splice(0);
  run.result.recordCount = line;
}
async function revalidate(run: Run, lines: AsyncIterable<RecordInput>, manifest: PackageManifest | undefined): Promise<void> {
  let report;
  try {
    report = await validateRecords(lines, { profile: manifest?.profile.id ?? 'guide2017' });
  } catch (err) {
    if (!(err instanceof UnknownProfileError)) throw err;
    run.add('manifest', 'manifest-invalid', 'manifest', MANIFEST_FILE, { pointer: '/profile/id', detail: `names an unknown profile "${err.profile}"` }, 'error', '/profile/id');
    for await (const _ of lines) { /* the checks made while reading still run */ }
  }
  for (const found of report?.issues ?? []) {
    const line = (found.provenance as { line?: number } | undefined)?.line;
    // The record's own finding, quoted with its line: worded at the edge like any issue.
    const detail = found.wording ?? ref(found.code, found.params);
    run.issues.validation.push({ ...found, params: { ...(found.params ?? {}), file: RECORDS_JSONL, check: 'records', line }, wording: ref('record-invalid', { line, detail }) });
  }
}

/** records.xml read back record by record and compared with the digests of records.jsonl (when it was readable). */
async function compareXml(run: Run, e: ScannedEntry, problems: ZipProblem[], digests: DigestList | undefined): Promise<void> {
  let n = 0;
  let differs: string | undefined;
  let failed: string | undefined;
  const reader = new RecordsXmlReader((r) => {
    if (digests && differs === undefined && n < digests.length && !xmlDigest(r).equals(digests.at(n))) differs = `record ${n + 1} (${recordKey(r) ?? '?'}) differs`;
    n++;
  });
  for await (const chunk of entryChunks(run, e, problems)) {
    if (failed !== undefined) continue;
    try { reader.write(chunk); } catch (err) { failed = (err as Error).message.split('\n')[0]; }
  }
  if (failed === undefined && run.digests.has(e.path)) {
    try { reader.end(); } catch (err) { failed = (err as Error).message.split('\n')[0]; }
  }
  if (!digests || !run.digests.has(e.path)) return;
  if (failed !== undefined) run.add('xml', 'records-xml-invalid', 'records', RECORDS_XML, { detail: failed });
  else if (n !== digests.length) run.add('xml', 'records-xml-mismatch', 'records', RECORDS_XML, { detail: `${n} vs ${digests.length} records` });
  else if (differs) run.add('xml', 'records-xml-mismatch', 'records', RECORDS_XML, { detail: differs });
}

/** 16-byte digests in one growing buffer (a million records: 16 MB). */
class DigestList {
  private buf = Buffer.alloc(16 * 1024);
  length = 0;
  push(d: Uint8Array): void {
    if ((this.length + 1) * 16 > this.buf.length) {
      const next = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(next);
      this.buf = next;
    }
    this.buf.set(d, this.length * 16);
    this.length++;
  }
  at(i: number): Buffer {
    return this.buf.subarray(i * 16, i * 16 + 16);
  }
}

/**
 * Layout check of one entry: its local header and compressed data must be what pack writes for the same
 * content (EntryWriter), byte for byte. Compares the re-deflated output with the file as it is produced.
 */
class LayoutCompare {
  firstDifference = Infinity;
  private pending: Uint8Array[] = [];
  private at: number;

  constructor(private src: ByteSource, private e: ScannedEntry) {
    this.at = e.dataStart ?? e.offset;
  }

  expect(chunk: Uint8Array): void {
    if (this.firstDifference === Infinity) this.pending.push(chunk);
  }

  /** Compare what has been produced so far. */
  async settle(): Promise<void> {
    for (const c of this.pending.splice(0)) {
      if (this.firstDifference !== Infinity) return;
      const actual = await this.src.read(this.at, c.length);
      const d = firstDiff(c, actual);
      if (d >= 0) this.firstDifference = this.at + d;
      this.at += c.length;
    }
  }

  /** The last chunk, then the header (now that sizes and CRC are known) and the data's end. */
  async finish(digest: EntryDigest): Promise<void> {
    await this.settle();
    const header = localHeader(digest);
    const actualHeader = await this.src.read(this.e.offset, header.length);
    const h = firstDiff(header, actualHeader);
    if (h >= 0) this.firstDifference = Math.min(this.firstDifference, this.e.offset + h);
    if (this.firstDifference === Infinity && this.e.dataStart !== undefined && this.at !== this.e.dataStart + this.e.csize) this.firstDifference = Math.min(this.at, this.e.dataStart + this.e.csize);
  }
}

/** Index of the first differing byte (a length difference counts at the shorter end), or -1. */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  if (Buffer.compare(Buffer.from(a.buffer, a.byteOffset, n), Buffer.from(b.buffer, b.byteOffset, n)) === 0) return a.length === b.length ? -1 : n;
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * Whole-file layout: entries back to back from offset 0, each as pack writes it, then the central directory
 * and end record pack writes for them, then nothing. Reports the first differing byte, as a warning (an error
 * with --strict): packages zipped by other tools keep the content contract but not this layout.
 */
async function checkLayout(run: Run, entries: ScannedEntry[], cdOffset: number): Promise<void> {
  let at = run.layoutAt;
  let expectedOffset = 0;
  for (const e of entries) {
    if (e.offset !== expectedOffset) at = Math.min(at, Math.min(e.offset, expectedOffset));
    expectedOffset = e.dataStart! + e.csize;
  }
  const trailer = zipTrailer(entries.map((e) => run.digests.get(e.path) ?? { path: e.path, size: e.size, csize: e.csize, crc: e.crc }));
  if (cdOffset !== expectedOffset) at = Math.min(at, Math.min(cdOffset, expectedOffset));
  const actual = await run.src.read(expectedOffset, Math.min(run.src.size - expectedOffset, trailer.length + 1));
  const d = firstDiff(trailer, actual);
  if (d >= 0) at = Math.min(at, expectedOffset + d);
  if (at === Infinity) return;
  const owner = [...entries].reverse().find((e) => e.offset <= at);
  const where = at >= cdOffset ? 'central directory' : owner?.path ?? run.pkg;
  run.add('layout', 'zip-not-canonical', 'structure', where, { offset: at }, run.options.strict ? 'error' : 'warning');
}

/** Drop empty arrays and objects (GB/T XML has no element for an empty list). */
function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const d = dropEmpty(x);
      if (Array.isArray(d) && !d.length) continue;
      if (d && typeof d === 'object' && !Array.isArray(d) && !Object.keys(d).length) continue;
      out[k] = d;
    }
    return out;
  }
  return v;
}
