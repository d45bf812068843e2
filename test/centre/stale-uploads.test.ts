import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serve } from './helpers.js';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('centre serve removes stale upload temp files at start', () => {
  it('removes its own upload files older than an hour; keeps fresh ones and other files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-stale-'));
    dirs.push(dir);
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    const file = (name: string, old: boolean) => {
      const p = path.join(tmp, name);
      fs.writeFileSync(p, 'PK\u0003\u0004 partial upload');
      if (old) fs.utimesSync(p, twoHoursAgo, twoHoursAgo);
      return p;
    };
    const stale = file('catalog-upload-0123456789abcdef01234567.zip', true);
    const fresh = file('catalog-upload-89abcdef0123456789abcdef.zip', false);
    const otherName = file('catalog-upload-notours.zip', true);
    const otherProgram = file('upload-0123456789abcdef01234567.zip', true);
    fs.mkdirSync(path.join(tmp, 'catalog-upload-aaaaaaaaaaaaaaaaaaaaaaaa.zip')); // a directory, not an upload
    fs.utimesSync(path.join(tmp, 'catalog-upload-aaaaaaaaaaaaaaaaaaaaaaaa.zip'), twoHoursAgo, twoHoursAgo);

    const s = serve(['--db', path.join(dir, 'c.sqlite')], { TMPDIR: tmp });
    try {
      const url = await s.url;
      expect((await fetch(url + '/health')).status).toBe(200);
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.existsSync(fresh)).toBe(true);
      expect(fs.existsSync(otherName)).toBe(true);
      expect(fs.existsSync(otherProgram)).toBe(true);
      expect(fs.statSync(path.join(tmp, 'catalog-upload-aaaaaaaaaaaaaaaaaaaaaaaa.zip')).isDirectory()).toBe(true);
    } finally {
      s.child.kill();
      await s.exited;
    }
  });
});
