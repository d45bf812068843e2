// Measurements of issue 15 (start-up aside), each in its own process like bench/task.mjs: prints one JSON line.
// Usage: node bench/speed-task.mjs <pack-file|verify-file|make-records|intake> <file> [n]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as lib from './lib.mjs';
import { packToFile } from '../dist/package/pack-file.js';
import { verifyPackageFile } from '../dist/package/verify.js';
import { row } from './generate.mjs';

const INTAKE_CHANNEL = 'catalog:centre:intake'; // src/centre/intake-phase.ts

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

/**
 * Stalls of the event loop attributed to the intake's phases (src/centre/intake-phase.ts, published on a
 * diagnostics channel): a 2 ms timer chain notes every late tick as a stall [due, fired]; a phase's figure is the
 * longest part of one stall that falls inside the phase (a stall across a phase change counts in both, each for
 * its own part).
 */
async function phaseStalls() {
  const dc = await import('node:diagnostics_channel');
  const marks = [];
  const stalls = [];
  const onPhase = (m) => marks.push(m);
  dc.subscribe(INTAKE_CHANNEL, onPhase);
  let last = performance.now();
  let timer;
  const tick = () => {
    const now = performance.now();
    if (now - last > 2 + 10) stalls.push([last + 2, now]);
    last = now;
    timer = setTimeout(tick, 2);
  };
  timer = setTimeout(tick, 2);
  return () => {
    clearTimeout(timer);
    dc.unsubscribe(INTAKE_CHANNEL, onPhase);
    const out = {};
    marks.forEach((m, i) => {
      const end = marks[i + 1]?.at ?? Infinity;
      for (const [a, b] of stalls) {
        const part = Math.min(b, end) - Math.max(a, m.at);
        if (part > 0) out[m.phase] = Math.max(out[m.phase] ?? 0, part);
      }
      out[m.phase] ??= 0;
    });
    // CATALOG_INTAKE_STALLS=file: every stall over 50 ms as [from, to] in µs of the monotonic clock, the time base of a
    // --cpu-prof profile, so a profile's samples inside each stall say what held the event loop
    if (process.env.CATALOG_INTAKE_STALLS) {
      const zeroUs = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
      fs.writeFileSync(process.env.CATALOG_INTAKE_STALLS, JSON.stringify(stalls.filter(([a, b]) => b - a > 50).map(([a, b]) => [zeroUs + a * 1000, zeroUs + b * 1000])));
    }
    const span = (p) => { const i = marks.findIndex((m) => m.phase === p); return i < 0 ? 0 : (marks[i + 1]?.at ?? marks[i].at) - marks[i].at; };
    return { maxByPhase: out, msByPhase: Object.fromEntries(marks.map((m) => [m.phase, span(m.phase)])) };
  };
}

/**
 * Intake of a package by a real centre in this process (SQLite in a temp dir, or the fresh PostgreSQL database at
 * CATALOG_INTAKE_PG_URL; limits raised to the package's size): the event-loop delay (perf_hooks.monitorEventLoopDelay)
 * while the upload is received, verified and registered, its longest stall in each phase (phaseStalls), and the
 * longest wait of a /health request sent every 20 ms meanwhile.
 */
async function intake() {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const os = await import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-intake-'));
  const pgUrl = process.env.CATALOG_INTAKE_PG_URL;
  const store = pgUrl ? await lib.openPgStore(pgUrl) : lib.openSqliteStore(path.join(dir, 'c.sqlite'));
  const token = (await lib.createToken(store, { provider: 'admin', admin: true })).token;
  const size = fs.statSync(file).size;
  const centre = await lib.startCentre({ store, port: 0, warm: true, tempDir: dir, limits: { maxBodyBytes: size + 1, maxPackageBytes: 64 * size } });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const phases = await phaseStalls();
  // the client on its own thread: reading the answer (~10 MB of JSON) must not count as the centre's stall
  const { Worker } = await import('node:worker_threads');
  const client = new Worker(UPLOAD_CLIENT, { eval: true, workerData: { url: centre.url, token, file } });
  const answer = await new Promise((resolve, reject) => { client.once('message', resolve); client.once('error', reject); });
  await client.terminate();
  delay.disable();
  const byPhase = phases();
  await centre.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (answer.status !== 200) throw new Error(`intake answered ${answer.status}: ${answer.head}`);
  return { count: answer.count, bytes: size, store: pgUrl ? 'PostgreSQL' : 'SQLite', p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6, healthMaxMs: answer.healthMax, healthCount: answer.healthCount, ...byPhase };
}

/** The intake's client (a worker thread): uploads the package and asks /health every 20 ms until the answer. */
const UPLOAD_CLIENT = `
const { parentPort, workerData: { url, token, file } } = require('node:worker_threads');
const body = require('node:fs').readFileSync(file);
(async () => {
  let done = false, healthMax = 0, healthCount = 0;
  const upload = fetch(url + '/api/v1/packages', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/zip' }, body })
    .then(async (r) => { const j = await r.json(); return { status: r.status, count: (j.accepted?.length ?? 0) + (j.unchanged?.length ?? 0), head: JSON.stringify(j).slice(0, 500) }; })
    .finally(() => { done = true; });
  while (!done) {
    const t = performance.now();
    await (await fetch(url + '/health')).text();
    healthMax = Math.max(healthMax, performance.now() - t);
    healthCount++;
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage({ ...(await upload), healthMax, healthCount });
})();
`;

const TASKS = { 'pack-file': packFile, 'verify-file': verifyFile, 'make-records': makeRecords, intake };
const start = performance.now();
const cpu0 = process.cpuUsage();
const result = await TASKS[task]();
const c = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ task, ms: (c.user + c.system) / 1000, wallMs: performance.now() - start, ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
