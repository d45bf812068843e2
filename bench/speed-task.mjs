// Measurements of issue 15 (start-up aside), each in its own process like bench/task.mjs: prints one JSON line.
// Usage: node bench/speed-task.mjs <pack-file|verify-file|make-records> <file> [n]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as lib from '../dist/index.js';
import { packToFile } from '../dist/package/pack-file.js';
import { verifyPackageFile } from '../dist/package/verify.js';
import { row } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [task, file, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 0);

async function* records(f) {
  for await (const r of lib.readRecordFile(f)) yield r.record;
}

/** pack of a records file (what `catalog pack --no-validate` does): records stream in, the zip is written next to it. */
async function packFile() {
  const out = file.replace(/\.jsonl$/, '.catpkg.zip');
  const r = await packToFile(records(file), out, { created: '2024-03-01T00:00:00Z' });
  return { count: r.manifest.recordCount, bytes: r.bytes };
}

/** verify of that package (what `catalog verify` does: every check, records re-validated). */
async function verifyFile() {
  const v = await verifyPackageFile(file);
  if (!v.valid) throw new Error('package did not verify: ' + JSON.stringify(v.issues.slice(0, 3)));
  return { count: v.recordCount, bytes: fs.statSync(file).size };
}

/**
 * n valid records as JSONL, the records `catalog map` makes of bench/generate.mjs rows: 60 rows are mapped for
 * real (every combination of the generator's cycles), the rest copied from them with the per-row fields changed.
 */
async function makeRecords() {
  const csv = file + '.proto.csv';
  const { generateCsv } = await import('./generate.mjs');
  await generateCsv(csv, 60, 'utf-8');
  const template = lib.loadTemplate(path.join(ROOT, 'templates', 'guide2017-sheet.json'));
  const protos = (await lib.mapToArray([csv], template, {})).records.map((r) => { const { provenance: _p, ...rest } = r; return rest; });
  fs.rmSync(csv);
  const out = fs.createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const cells = row(i);
    const r = { ...protos[i % 60], title: cells[4], resourceCode: cells[5], abstract: cells[8], directoryClass: { ...protos[i % 60].directoryClass, heading: cells[2] } };
    if (!out.write(JSON.stringify(r) + '\n')) await new Promise((res) => out.once('drain', res));
  }
  await new Promise((res) => out.end(res));
  return { count: n };
}

const TASKS = { 'pack-file': packFile, 'verify-file': verifyFile, 'make-records': makeRecords };
const start = performance.now();
const cpu0 = process.cpuUsage();
const result = await TASKS[task]();
const c = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ task, ms: (c.user + c.system) / 1000, wallMs: performance.now() - start, ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
