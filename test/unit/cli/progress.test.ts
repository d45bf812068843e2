import { describe, expect, it } from 'vitest';
import { createProgress, progressEnabled, outputMode } from '../../../src/cli/progress.js';
import { runCli, ROOT } from '../../helpers/cli.js';
import path from 'node:path';

/** A terminal-like stream that records what is written to it. */
function terminal(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress helpers', () => {
  it('draws only on a TTY, never with --quiet, --format json, in CI or on TERM=dumb', () => {
    const tty = terminal(true);
    expect(progressEnabled({}, tty, {})).toBe(true);
    expect(progressEnabled({}, terminal(false), {})).toBe(false);
    expect(progressEnabled({ quiet: true }, tty, {})).toBe(false);
    expect(progressEnabled({ json: true }, tty, {})).toBe(false);
    expect(progressEnabled({}, tty, { CI: 'true' })).toBe(false);
    expect(progressEnabled({}, tty, { CI: '0' })).toBe(true);
    expect(progressEnabled({}, tty, { TERM: 'dumb' })).toBe(false);
    expect(outputMode({ quiet: true, verbose: true, format: 'json' })).toEqual({ quiet: true, verbose: false, json: true });
  });

  it('redraws one line with the count and clears it at the end', () => {
    const tty = terminal(true);
    const p = createProgress('mapping', { total: 4, stream: tty, enabled: true });
    p.update(4, 4);
    expect(tty.text).toContain('\rmapping [########################] 100% 4/4');
    p.done();
    expect(tty.text.endsWith('\r\x1b[K')).toBe(true);
    const off = terminal(false);
    const q = createProgress('mapping', { stream: off, mode: {} });
    q.tick();
    q.done();
    expect(off.text).toBe('');
  });

  it('writes no progress when stderr is a pipe (catalog map, catalog validate --mapping)', () => {
    const sample = path.join(ROOT, 'templates', 'samples', 'hrss-catalog.xlsx');
    const tpl = path.join(ROOT, 'templates', 'guide2017-sheet.json');
    const m = runCli(['map', sample, '--mapping', tpl]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).not.toContain('\r');
    const v = runCli(['validate', sample, '--mapping', tpl]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).not.toContain('\r');
  });
});
