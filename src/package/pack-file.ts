import crypto from 'node:crypto';
import fs from 'node:fs';
import { setImmediate as turn } from 'node:timers/promises';
import type { CatalogRecord } from '../model/record.js';
import { canonicalJson, recordKey } from '../model/identity.js';
import { GBT_XML_HEAD, GBT_XML_TAIL, gbtXmlRecord } from '../export/gbt-xml.js';
import { loadProfile } from '../profiles/load.js';
import { removeTemp, untrackTemp } from '../io/temp-files.js';
import { tempName } from '../io/atomic.js';
import { asWriteError } from '../io/errors.js';
import { EntryWriter, localHeader, zipTrailer, ZIP32_LIMIT, deflateEntry, type EntryDigest } from './zip-write.js';
import { PackError, resolveCreated, signatureFileBytes, type PackOptions } from './pack.js';
import { MANIFEST_FILE, RECORDS_JSONL, RECORDS_XML, SIGNATURE_FILE, serializeManifest, type PackageManifest } from './manifest.js';

/**
 * `catalog pack` for catalogues of any size: records are streamed in, spilled to a temp file as canonical
 * JSON lines, sorted by key in memory as (key, offset) pairs only, then streamed out sorted into the deflated
 * records.jsonl and records.xml (temp files) and finally assembled into the zip. Memory holds the keys, not
 * the records: a million records pack in well under 300 MB (bench: pack). Same bytes as packRecords.
 */
export interface PackFileOptions extends PackOptions {
  /** Called after each record read (count so far) and each record written (phase "write"). */
  onProgress?: (phase: 'read' | 'write', done: number, total?: number) => void;
}

export interface PackFileResult {
  manifest: PackageManifest;
  /** Size of the package written. */
  bytes: number;
}

const enc = new TextEncoder();

/** Pass 1: spill canonical lines (no provenance) to `spill`; keep keys, offsets and the providers seen. */
async function spillRecords(records: AsyncIterable<CatalogRecord> | Iterable<CatalogRecord>, spill: string, o: PackFileOptions) {
  const fd = fs.openSync(spill, 'w');
  const keys: string[] = [];
  let offsets = new Float64Array(1024);
  let pos = 0;
  let provider: CatalogRecord['provider'] | undefined;
  const providers = new Set<string>();
  try {
    for await (const r of records as AsyncIterable<CatalogRecord>) {
      const i = keys.length;
      const k = recordKey(r);
      if (!k) throw new PackError('record-without-key', { index: i, title: r.title });
      const { provenance: _p, ...rest } = r;
      const line = Buffer.from(canonicalJson(rest) + '\n');
      fs.writeSync(fd, line);
      if (i + 1 >= offsets.length) { const next = new Float64Array(offsets.length * 2); next.set(offsets); offsets = next; }
      offsets[i] = pos;
      pos += line.length;
      offsets[i + 1] = pos;
      keys.push(k);
      const id = `${r.provider?.name ?? ''}\u0000${r.provider?.code ?? ''}`;
      if (!providers.has(id)) { providers.add(id); provider ??= r.provider; }
      o.onProgress?.('read', i + 1);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { keys, offsets, providers, provider };
}

/** Record order by key; the first repeated key (in input order, as packRecords reports it) is an error. */
function sortByKey(keys: string[]): Uint32Array {
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
  let dup: { key: string; first: number; second: number } | undefined;
  for (let i = 1; i < order.length; i++) {
    if (keys[order[i]] !== keys[order[i - 1]]) continue;
    let first = order[i - 1];
    while (i > 1 && keys[order[i - 2]] === keys[first]) first = order[--i - 1];
    if (!dup || order[i] < dup.second) dup = { key: keys[order[i]], first, second: order[i] };
  }
  if (dup) throw new PackError('duplicate-record-key', dup);
  return order;
}

/** Pass 2: sorted lines → deflated records.jsonl and records.xml in two temp files. */
async function writeSorted(spill: string, s: Awaited<ReturnType<typeof spillRecords>>, order: Uint32Array, files: { jsonl: string; xml: string }, o: PackFileOptions) {
  const src = fs.openSync(spill, 'r');
  const jfd = fs.openSync(files.jsonl, 'w');
  const xfd = fs.openSync(files.xml, 'w');
  const idHash = crypto.createHash('sha256');
  try {
    const jsonl = new EntryWriter(RECORDS_JSONL, (c) => fs.writeSync(jfd, c));
    const xml = new EntryWriter(RECORDS_XML, (c) => fs.writeSync(xfd, c));
    xml.write(enc.encode(GBT_XML_HEAD));
    let buf = Buffer.alloc(64 * 1024);
    for (let n = 0; n < order.length; n++) {
      const i = order[n];
      const len = s.offsets[i + 1] - s.offsets[i];
      if (len > buf.length) buf = Buffer.alloc(len * 2);
      fs.readSync(src, buf, 0, len, s.offsets[i]);
      const line = buf.subarray(0, len);
      jsonl.write(line);
      idHash.update(line);
      xml.write(enc.encode('\n' + gbtXmlRecord(JSON.parse(line.toString('utf8')) as CatalogRecord)));
      o.onProgress?.('write', n + 1, order.length);
      // Let Ctrl-C and progress redraws in between (the loop is otherwise synchronous).
      if (n % 2000 === 1999) await turn();
    }
    xml.write(enc.encode(GBT_XML_TAIL));
    return { jsonl: jsonl.end(), xml: xml.end(), idHash };
  } finally {
    for (const fd of [src, jfd, xfd]) fs.closeSync(fd);
  }
}

function buildManifest(s: Awaited<ReturnType<typeof spillRecords>>, d: Awaited<ReturnType<typeof writeSorted>>, options: PackOptions): PackageManifest {
  if (!options.provider && s.providers.size > 1) {
    const label = (id: string) => { const [name, code] = id.split('\u0000'); return code ? `${name || '?'} (${code})` : name || '?'; };
    throw new PackError('provider-ambiguous', { providers: [...s.providers].slice(0, 5).map(label).join(', ') });
  }
  const p = s.provider;
  const profile = loadProfile(options.profile ?? 'guide2017');
  const incremental = options.incremental ?? options.previousPackageId !== undefined;
  const withdrawn = [...new Set(options.withdrawn ?? [])].sort();
  if (incremental) d.idHash.update(`\n${options.previousPackageId ?? ''}\n${withdrawn.join('\n')}`);
  return {
    format: 'catalog-package',
    formatVersion: 1,
    packageId: options.packageId ?? d.idHash.digest('hex'),
    provider: options.provider ?? (p?.code ? { name: p.name ?? '', code: p.code } : { name: p?.name ?? '' }),
    profile: { id: profile.info.id, version: profile.info.version },
    created: resolveCreated(options.created),
    recordCount: s.keys.length,
    previousPackageId: options.previousPackageId ?? null,
    incremental,
    withdrawn,
    files: [d.jsonl, d.xml].map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, sm3: f.sm3 })),
  };
}

/** Append a file's bytes to an open file descriptor, in steps. */
function appendFile(out: number, file: string): void {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1024 * 1024);
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) fs.writeSync(out, buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/** The zip: manifest, records.jsonl, records.xml, signature, central directory. Returns its size. */
function assemble(out: string, manifestBytes: Uint8Array, d: { jsonl: EntryDigest; xml: EntryDigest }, files: { jsonl: string; xml: string }, options: PackOptions): number {
  const m = deflateEntry(MANIFEST_FILE, manifestBytes);
  const small: { digest: EntryDigest; compressed: Uint8Array }[] = [];
  if (options.signWith) {
    small.push(deflateEntry(SIGNATURE_FILE, signatureFileBytes(manifestBytes, options.signWith)));
  }
  const infos = [m.digest, d.jsonl, d.xml, ...small.map((x) => x.digest)];
  const size = infos.reduce((n, e) => n + localHeader(e).length + e.csize, 0) + zipTrailer(infos).length;
  if (infos.some((e) => e.size > ZIP32_LIMIT) || size > ZIP32_LIMIT) throw new PackError('package-too-large', { limit: ZIP32_LIMIT });
  const fd = fs.openSync(out, 'w');
  try {
    fs.writeSync(fd, localHeader(m.digest));
    fs.writeSync(fd, m.compressed);
    fs.writeSync(fd, localHeader(d.jsonl));
    appendFile(fd, files.jsonl);
    fs.writeSync(fd, localHeader(d.xml));
    appendFile(fd, files.xml);
    for (const x of small) { fs.writeSync(fd, localHeader(x.digest)); fs.writeSync(fd, x.compressed); }
    fs.writeSync(fd, zipTrailer(infos));
  } finally {
    fs.closeSync(fd);
  }
  return size;
}

/** Pack `records` into the package file `output` (written to a temp file and renamed; temp files always removed). */
export async function packToFile(records: AsyncIterable<CatalogRecord> | Iterable<CatalogRecord>, output: string, options: PackFileOptions = {}): Promise<PackFileResult> {
  const spill = tempName(output + '.records');
  const files = { jsonl: tempName(output + '.jsonl'), xml: tempName(output + '.xml') };
  const final = tempName(output);
  try {
    const s = await spillRecords(records, spill, options);
    const order = sortByKey(s.keys);
    const d = await writeSorted(spill, s, order, files, options);
    removeTemp(spill);
    const manifest = buildManifest(s, d, options);
    const bytes = assemble(final, enc.encode(serializeManifest(manifest)), d, files, options);
    fs.renameSync(final, output);
    untrackTemp(final);
    return { manifest, bytes };
  } catch (err) {
    // a failure writing the package or its temp files (all next to it) names the package (exit 4); a reader's
    // failure passes through unchanged
    const e = err as NodeJS.ErrnoException;
    const ours = e?.syscall === 'write' || e?.syscall === 'rename' || (e?.syscall === 'open' && [spill, files.jsonl, files.xml, final].includes(String(e.path)));
    throw ours ? asWriteError(err, output) : err;
  } finally {
    for (const f of [spill, files.jsonl, files.xml, final]) removeTemp(f);
  }
}
