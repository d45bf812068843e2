import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { listProfiles, loadProfile } from '../../../src/profiles/load.js';
import { codelistAccepts, profileAjv } from '../../../src/validate/schema.js';
import { loadPrecompiled, writePrecompiled } from '../../../src/validate/precompiled.js';
import { fixture } from '../../helpers/cli.js';

const standalone = ((standaloneCode as any).default ?? standaloneCode) as (ajv: unknown, fn: unknown) => string;

/** Every record of the fixture record files (valid and faulty ones), as parsed JSON. */
function fixtureRecords(): unknown[] {
  const dir = fixture('records');
  const out: unknown[] = [];
  for (const f of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (f.endsWith('.jsonl')) for (const l of text.split('\n')) { try { out.push(JSON.parse(l)); } catch { /* broken on purpose */ } }
    else if (f.endsWith('.json')) { const d = JSON.parse(text); out.push(...(Array.isArray(d) ? d : [d])); }
  }
  return out;
}

describe('precompiled profile schemas (start-up)', () => {
  const records = fixtureRecords();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-precompiled-'));

  for (const info of listProfiles()) {
    for (const disputed of ['required', 'optional'] as const) {
      it(`${info.id} (disputed ${disputed}): the standalone module reports exactly what run-time compiling does`, () => {
        const { schema } = loadProfile(info.id, { disputed });
        const ajv = profileAjv(true);
        writePrecompiled(schema, standalone(ajv, ajv.compile(schema)), dir);
        const pre = loadPrecompiled(schema, { codelistAccepts }, dir);
        const live = profileAjv().compile(schema);
        expect(pre).toBeTypeOf('function');
        let invalid = 0;
        for (const r of records) {
          const a = pre!(r), b = live(r);
          expect(a).toBe(b);
          expect(pre!.errors ?? null).toEqual(live.errors ?? null);
          if (!b) invalid++;
        }
        expect(invalid).toBeGreaterThan(0);
      });
    }
  }

  it('a code cache V8 does not take (another Node version, a damaged file) is ignored: same validator', () => {
    const { schema } = loadProfile('guide2017');
    const file = fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f.endsWith('.v8cache'));
    expect(file).toBeDefined();
    const good = loadPrecompiled(schema, { codelistAccepts }, dir)!;
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.v8cache'))) fs.writeFileSync(path.join(dir, f), Buffer.from('not a V8 code cache'));
    const damaged = loadPrecompiled(schema, { codelistAccepts }, dir)!;
    for (const r of records) {
      expect(damaged(r)).toBe(good(r));
      expect(damaged.errors ?? null).toEqual(good.errors ?? null);
    }
  });

  it('a schema that differs from the one compiled finds no module (compiled at run time, never stale)', () => {
    const { schema } = loadProfile('guide2017');
    expect(loadPrecompiled(schema, { codelistAccepts }, dir)).toBeTypeOf('function');
    const changed = { ...schema, required: [...(schema.required ?? []), 'abstract'] };
    expect(loadPrecompiled(changed, { codelistAccepts }, dir)).toBeUndefined();
  });
});
