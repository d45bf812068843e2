import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, ROOT } from '../helpers/cli.js';

describe('output cut short by the reader (… | head)', () => {
  it('stops quietly: no EPIPE stack trace', () => {
    const r = spawnSync('bash', ['-c', `node "${BIN}" map templates/samples/hrss-catalog.csv --mapping guide2017-sheet 2>/tmp/catalog-pipe-$$.err | head -c 20; echo; cat /tmp/catalog-pipe-$$.err; rm -f /tmp/catalog-pipe-$$.err`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^\{"directoryClass"/);
    expect(r.stdout).not.toMatch(/EPIPE|Unhandled 'error' event|\n\s+at /);
  });
});
