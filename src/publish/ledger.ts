import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

/**
 * The publish ledger: what a target (centre or CKAN portal) has acknowledged, per record key.
 * Append-only JSONL, one fsync per append, so an acknowledgement survives a crash, SIGKILL or power loss
 * once it is written. A torn last line (crash mid-write) is ignored and cut off when the ledger is opened.
 *
 * Lines: {"op":"put","key":"…","hash":"…","at":"…"} · {"op":"withdraw","key":"…","at":"…"}
 * · {"op":"package","id":"<packageId>","hash":"<package content hash>","at":"…"} (a package the target took whole)
 * The first line is a header {"op":"header","target":"centre","url":"…"}.
 */
export interface LedgerEntry {
  op: 'put' | 'withdraw' | 'package';
  key?: string;
  /** put: the record's content hash; package: the package's content hash. */
  hash?: string;
  /** package: its packageId. */
  id?: string;
  at: string;
}

export interface LedgerState {
  /** key → content hash the target acknowledged (records withdrawn since are absent). */
  published: Map<string, string>;
  /** Packages the target took whole: "packageId content-hash" (see packageLedgerId). */
  packages: Set<string>;
  /** Lines skipped because they were torn or not JSON (only the last can be torn by a crash). */
  skippedLines: number;
}

/** Normalise a target URL so `http://h/` and `http://h` share a ledger. */
export function normaliseTargetUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  return u.toString().replace(/\/+$/, '');
}

/** Default ledger path: `<dir>/.catalog/publish/<target>-<sha256(url) prefix>.jsonl`, one per target URL. */
export function defaultLedgerPath(dir: string, target: string, url: string): string {
  const id = createHash('sha256').update(normaliseTargetUrl(url)).digest('hex').slice(0, 16);
  return path.join(dir, '.catalog', 'publish', `${target}-${id}.jsonl`);
}

/** How a package is remembered: its id and content hash (a re-signed package is the same; other content is not). */
export function packageLedgerId(packageId: string, hash: string): string {
  return `${packageId} ${hash}`;
}

/** Read a ledger file into its current state. A missing file is an empty ledger. */
export function readLedger(file: string): LedgerState {
  const published = new Map<string, string>();
  const packages = new Set<string>();
  let skippedLines = 0;
  if (!fs.existsSync(file)) return { published, packages, skippedLines };
  const text = fs.readFileSync(file, 'utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let e: any;
    try {
      e = JSON.parse(line);
    } catch {
      skippedLines++;
      continue;
    }
    if (e?.op === 'package' && typeof e.id === 'string' && typeof e.hash === 'string') packages.add(packageLedgerId(e.id, e.hash));
    if (!e || typeof e.key !== 'string') continue;
    if (e.op === 'put' && typeof e.hash === 'string') published.set(e.key, e.hash);
    else if (e.op === 'withdraw') published.delete(e.key);
  }
  return { published, packages, skippedLines };
}

/** An open ledger: current state plus durable appends. */
export class Ledger {
  readonly published: Map<string, string>;
  readonly packages: Set<string>;
  readonly skippedLines: number;
  private fd: number | undefined;

  private constructor(readonly file: string, state: LedgerState, private readonly header: Record<string, string>) {
    this.published = state.published;
    this.packages = state.packages;
    this.skippedLines = state.skippedLines;
  }

  /** Open (creating directories lazily on first append). Cuts a torn last line so the next append starts clean. */
  static open(file: string, header: { target: string; url: string }): Ledger {
    const state = readLedger(file);
    if (fs.existsSync(file)) {
      const buf = fs.readFileSync(file);
      if (buf.length > 0 && buf[buf.length - 1] !== 0x0a) {
        const cut = buf.lastIndexOf(0x0a) + 1;
        fs.truncateSync(file, cut);
      }
    }
    return new Ledger(file, state, { op: 'header', ...header });
  }

  /** An in-memory view for --dry-run: same state, appends are refused. */
  static peek(file: string): LedgerState {
    return readLedger(file);
  }

  private ensureOpen(): number {
    if (this.fd !== undefined) return this.fd;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const fresh = !fs.existsSync(this.file) || fs.statSync(this.file).size === 0;
    this.fd = fs.openSync(this.file, 'a');
    if (fresh) this.write([JSON.stringify(this.header)]);
    return this.fd;
  }

  private write(lines: string[]): void {
    const fd = this.fd!;
    fs.writeSync(fd, lines.map((l) => l + '\n').join(''));
    fs.fsyncSync(fd);
  }

  /** Durably record acknowledged records (one write + fsync for the whole batch). */
  recordPut(entries: { key: string; hash: string }[]): void {
    if (!entries.length) return;
    this.ensureOpen();
    const at = new Date().toISOString();
    this.write(entries.map((e) => JSON.stringify({ op: 'put', key: e.key, hash: e.hash, at })));
    for (const e of entries) this.published.set(e.key, e.hash);
  }

  /** Durably record acknowledged withdrawals. */
  recordWithdraw(keys: string[]): void {
    if (!keys.length) return;
    this.ensureOpen();
    const at = new Date().toISOString();
    this.write(keys.map((key) => JSON.stringify({ op: 'withdraw', key, at })));
    for (const k of keys) this.published.delete(k);
  }

  /**
   * Durably record a package the target took whole, with what its answer acknowledged (records stored or
   * unchanged, keys withdrawn): one write + fsync, so a crash leaves either all of it or a torn last line.
   */
  recordPackage(pkg: { id: string; hash: string }, put: { key: string; hash: string }[], withdrawn: string[]): void {
    this.ensureOpen();
    const at = new Date().toISOString();
    this.write([
      ...put.map((e) => JSON.stringify({ op: 'put', key: e.key, hash: e.hash, at })),
      ...withdrawn.map((key) => JSON.stringify({ op: 'withdraw', key, at })),
      JSON.stringify({ op: 'package', id: pkg.id, hash: pkg.hash, at }),
    ]);
    for (const e of put) this.published.set(e.key, e.hash);
    for (const k of withdrawn) this.published.delete(k);
    this.packages.add(packageLedgerId(pkg.id, pkg.hash));
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
