import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, fixture } from '../helpers/cli.js';
import { validateGbtXml, validatePod } from '../helpers/validators.js';

let dir: string;
const rich = fixture('records', 'export-rich.jsonl');
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-export-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('catalog export', () => {
  it('--to gbt-xml writes XML that passes the XSD, also from a package', async () => {
    expect(runCli(['export', rich, '--to', 'gbt-xml', '-o', path.join(dir, 'c.xml')]).code).toBe(0);
    expect((await validateGbtXml(fs.readFileSync(path.join(dir, 'c.xml'), 'utf8'))).valid).toBe(true);
    expect(runCli(['pack', fixture('records', 'valid-guide2017.jsonl'), '-o', path.join(dir, 'p.zip'), '--created', '2024-03-01T00:00:00Z']).code).toBe(0);
    expect(runCli(['export', path.join(dir, 'p.zip'), '--to', 'gbt-xml', '-o', path.join(dir, 'p.xml')]).code).toBe(0);
    expect((await validateGbtXml(fs.readFileSync(path.join(dir, 'p.xml'), 'utf8'))).valid).toBe(true);
  });

  it('--to datajson says which workspace settings are missing; with them the output passes POD v1.1', () => {
    const bare = runCli(['export', rich, '--to', 'datajson', '-o', path.join(dir, 'd1.json')], { cwd: dir });
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/data\.json requires bureauCode but catalog\.config\.json has no export\.bureauCode/);
    expect(bare.stderr).toMatch(/export\.programCode/);
    const ws = fs.mkdtempSync(path.join(dir, 'ws-'));
    fs.writeFileSync(path.join(ws, 'catalog.config.json'), JSON.stringify({ export: { bureauCode: ['015:11'], programCode: ['015:001'], contactEmail: 'data@example.gov.cn' } }));
    const ok = runCli(['export', rich, '--to', 'datajson', '-o', path.join(ws, 'data.json')], { cwd: ws });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    expect(validatePod(JSON.parse(fs.readFileSync(path.join(ws, 'data.json'), 'utf8'))).valid).toBe(true);
  });

  it('unknown --to is a usage error (exit 2)', () => {
    const r = runCli(['export', rich, '--to', 'pdf', '-o', path.join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--to pdf is not valid: use gbt-xml, dcat-ap/);
  });
});

describe('catalog import', () => {
  it('imports a real RDF/XML DCAT file to JSONL, and bad input exits 2', () => {
    const out = path.join(dir, 'de.jsonl');
    const r = runCli(['import', fixture('real', 'dcat_dataset_gov_de.rdf'), '--from', 'dcat', '-o', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8').trim()).title).toBe('Liefer- und Abholservices (Gastronomie)');
    fs.writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(runCli(['import', path.join(dir, 'bad.json'), '--from', 'ckan', '-o', out]).code).toBe(2);
    expect(runCli(['import', out, '--from', 'marc', '-o', out]).code).toBe(2);
  });
});
