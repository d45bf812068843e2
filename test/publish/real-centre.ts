import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BIN, ROOT } from '../helpers/cli.js';
import { runCliAsync } from './helpers.js';

/** The real `catalog centre serve` on 127.0.0.1, port 0, a temp SQLite database. */
export interface RealCentre {
  url: string;
  db: string;
  child: ChildProcess;
  stop: () => Promise<void>;
  json: (p: string) => Promise<any>;
}

export async function startRealCentre(dir: string, o: { faultEvery?: number; maxBody?: number; args?: string[] } = {}): Promise<RealCentre> {
  const db = path.join(dir, 'centre.sqlite');
  const args = [BIN, 'centre', 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1'];
  if (o.maxBody) args.push('--max-body', String(o.maxBody));
  if (o.args) args.push(...o.args);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8' };
  if (o.faultEvery) {
    args.push('--fault-every', String(o.faultEvery));
    env.CATALOG_CENTRE_TEST_FAULTS = '1';
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(seen);
      if (m) resolve(m[0]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`centre exited ${code}: ${seen}`)));
  });
  return {
    url,
    db,
    child,
    json: async (p: string) => (await fetch(url + p)).json(),
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

/** `catalog centre token create` for a provider (bound to a public key file if given); the token is the last line it prints. */
export async function createToken(db: string, provider: string, o: { publicKey?: string } = {}): Promise<string> {
  const r = await runCliAsync(['centre', 'token', 'create', '--db', db, '--provider', provider, ...(o.publicKey ? ['--public-key', o.publicKey] : [])]);
  if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!.trim();
}
