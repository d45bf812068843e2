/**
 * Throwaway PostgreSQL for the test run.
 *
 * `startPgCluster()` runs Debian's server binaries (initdb, pg_ctl) into a temp directory, listening on a
 * free port on 127.0.0.1 only (unix socket in the temp dir), as the `postgres` system user when the tests
 * run as root (postgres refuses to run as root). vitest's globalSetup (test/helpers/pg-setup.ts) starts
 * one cluster for the whole run and hands its URL to the tests as CATALOG_TEST_PG_URL; each test file
 * then takes a fresh database of its own with `createTestDatabase()`.
 *
 * Set CATALOG_TEST_PG_URL yourself to run the suite against an existing server instead (the role must be
 * allowed to CREATE DATABASE).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const PG_URL_ENV = 'CATALOG_TEST_PG_URL';

/** Why the PostgreSQL suite is skipped, as printed by describe.skipIf. */
export const PG_SKIP_MESSAGE = 'PostgreSQL suite skipped: no PostgreSQL server binaries found (install Debian `postgresql`, or set CATALOG_TEST_PG_URL)';

/** The server's URL for tests, or undefined when no PostgreSQL is available (the PostgreSQL suites skip). */
export function testPgUrl(): string | undefined {
  return process.env[PG_URL_ENV] || undefined;
}

/** Directory holding initdb/pg_ctl: $PG_BINDIR, else the newest /usr/lib/postgresql/<v>/bin, else `pg_config --bindir`. */
export function findPgBinDir(): string | undefined {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.PG_BINDIR && has(process.env.PG_BINDIR)) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => has(path.join(root, v, 'bin')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(root, versions[0], 'bin');
  }
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0 && has(r.stdout.trim())) return r.stdout.trim();
  return undefined;
}

export interface PgCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  url: string;
  port: number;
  dir: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** uid/gid of the `postgres` system user, creating it when missing (root only). */
function postgresUser(): { uid: number; gid: number } {
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/bin/sh', 'postgres'], { stdio: 'ignore' });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Start a throwaway cluster; returns undefined when no server binaries are installed. */
export async function startPgCluster(): Promise<PgCluster | undefined> {
  const bin = findPgBinDir();
  if (!bin) return undefined;
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-pg-'));
  let runAs: (cmd: string, args: string[]) => string[] = (cmd, args) => [cmd, ...args];
  if (asRoot) {
    const { uid, gid } = postgresUser();
    fs.chownSync(dir, uid, gid);
    runAs = (cmd, args) => ['runuser', '-u', 'postgres', '--', cmd, ...args];
  }
  const run = (cmd: string, args: string[]) => {
    const [c, ...a] = runAs(path.join(bin, cmd), args);
    const r = spawnSync(c, a, { encoding: 'utf8', cwd: dir, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  const data = path.join(dir, 'data');
  // C.UTF-8: Chinese characters count as word characters for pg_trgm (in the plain C locale they do not).
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  let port: number;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const opts = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      // A disposable cluster: durability off, small footprint.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c shared_buffers=32MB',
      '-c max_connections=200',
    ].join(' ');
    try {
      run('pg_ctl', ['-D', data, '-o', opts, '-w', '-t', '60', '-l', path.join(dir, 'server.log'), 'start']);
      break;
    } catch (err) {
      if (attempt >= 2) {
        const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`${(err as Error).message}\n${log}`, { cause: err });
      }
    }
  }
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, stop };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

/** Create an empty database on the test server; returns its URL and a function dropping it. */
export async function createTestDatabase(prefix = 't'): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = testPgUrl();
  if (!admin) throw new Error(`${PG_URL_ENV} is not set`);
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
