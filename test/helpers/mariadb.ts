/**
 * Throwaway MariaDB for one test file: Debian's `mariadb-install-db` into a temp directory, `mariadbd` on a free port
 * of 127.0.0.1 with its unix socket in that directory, run as the `mysql` user when the tests run as root; stopped
 * and removed by `stop()`. Without the server binaries the MariaDB suites skip with MARIADB_SKIP_MESSAGE, except in
 * CI (CI=true or CATALOG_TEST_REQUIRE_MARIADB), where a missing server is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

export const MARIADBD = process.env.MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((f) => fs.existsSync(f));

export const MARIADB_SKIP_MESSAGE = 'MariaDB suite skipped: no MariaDB server binaries found (install Debian `mariadb-server`)';

export function mariadbAvailable(): boolean {
  return fs.existsSync(MARIADBD) && INSTALL_DB !== undefined;
}

/** CI must not skip: a missing server there is a broken setup. */
export function mariadbRequired(): boolean {
  return process.env.CI === 'true' || !!process.env.CATALOG_TEST_REQUIRE_MARIADB;
}

export interface MariaDb {
  port: number;
  socket: string;
  dir: string;
  /** A root connection over the socket (for seeding). */
  admin(): Promise<mysql.Connection>;
  stop(): Promise<void>;
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

async function waitForSocket(socket: string, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited (${child.exitCode}): ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
    try {
      const c = await mysql.createConnection({ socketPath: socket, user: 'root' });
      await c.end();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`mariadbd did not accept connections in 60 s: ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
}

/** Start a server (only call when mariadbAvailable()). */
export async function startMariaDb(): Promise<MariaDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-mariadb-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? ['--user=mysql'] : [];
  if (asRoot) spawnSync('chown', ['mysql:mysql', dir]);
  const data = path.join(dir, 'data');
  const init = spawnSync(INSTALL_DB!, ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr || init.stdout}`);
  const socket = path.join(dir, 'sock');
  const log = path.join(dir, 'server.log');
  const port = await freePort();
  const out = fs.openSync(log, 'a');
  const child = spawn(MARIADBD, ['--no-defaults', `--datadir=${data}`, ...user, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${socket}`,
    `--pid-file=${path.join(dir, 'pid')}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M', '--character-set-server=utf8mb4'], { stdio: ['ignore', out, out] });
  await waitForSocket(socket, child, log);
  return {
    port, socket, dir,
    admin: () => mysql.createConnection({ socketPath: socket, user: 'root', multipleStatements: true }),
    stop: async () => {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.closeSync(out);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
