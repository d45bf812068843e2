import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writeLinesAtomic } from '../../../src/io/atomic.js';
import { removeAllTemps } from '../../../src/io/temp-files.js';

describe('writeLinesAtomic and Ctrl-C', () => {
  it('a temp file removed right after the write starts does not appear afterwards', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-atomic-'));
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    async function* lines() {
      await gate; // the source is still reading when Ctrl-C comes
      yield 'never written';
    }
    const writing = writeLinesAtomic(path.join(dir, 'out.jsonl'), lines());
    // what src/cli/interrupt.ts does on SIGINT, before any I/O callback of the write has run
    expect(removeAllTemps()).toBe(1);
    await sleep(50); // room for a pool thread's open() to land, had the file been opened there
    expect(fs.readdirSync(dir)).toEqual([]);
    release();
    await writing.catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
