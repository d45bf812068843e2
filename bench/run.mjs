// `npm run bench` (full) or `npm run bench -- --quick`. Every figure is a ratio against a baseline
// measured in the same run on the same file, or a stated target; see bench/BENCHMARKS.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateCsv, generateXlsx, generateXml } from './generate.mjs';
import { benchStartup, benchPackStream, benchIntake, ensureRecords } from './speed.mjs';
import { benchCsv } from './csv.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = path.join(ROOT, 'bin', 'catalog');
const OUT = path.join(HERE, 'out');
const quick = process.argv.includes('--quick');
// --pg: also run publish, search and intake on PostgreSQL (issue 10): a server from CATALOG_BENCH_PG_URL, else a throwaway
// cluster started with the test suite's helper (Debian's postgresql server binaries).
const withPg = process.argv.includes('--pg') || !!process.env.CATALOG_BENCH_PG_URL;
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const SIZES = quick
  ? { csv: 30_000, xlsx: 10_000, xml: 20_000, pack: 10_000, packStream: 30_000, publish: 3_000, search: 10_000, intake: 10_000 }
  : { csv: 1_000_000, xlsx: 200_000, xml: 100_000, pack: 100_000, packStream: 1_000_000, publish: 20_000, search: 1_000_000, intake: 100_000 };

if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (npm ci does it).');
  process.exit(2);
}
fs.mkdirSync(OUT, { recursive: true });

/** Generate a file once per size (the name carries the size). */
async function ensure(name, make) {
  const file = path.join(OUT, name);
  if (!fs.existsSync(file)) {
    const t = Date.now();
    await make(file + '.part');
    fs.renameSync(file + '.part', file);
    console.error(`  generated ${name} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  return file;
}

function task(name, file, n) {
  const r = spawnSync(process.execPath, [...(process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean), path.join(HERE, 'task.mjs'), name, file, String(n ?? '')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`task ${name} ${path.basename(file)} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const res = JSON.parse(r.stdout.trim().split('\n').pop());
  console.error(`  ${name.padEnd(18)} ${path.basename(file).padEnd(26)} cpu ${(res.ms / 1000).toFixed(2).padStart(7)} s  wall ${(res.wallMs / 1000).toFixed(2).padStart(7)} s  ${res.maxRssMB.toFixed(0).padStart(5)} MB RSS`);
  return res;
}

const rows = [];
const add = (figure, value, baseline, ratio, target, pass) => rows.push({ figure, value, baseline, ratio, target, pass });
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rate = (count, ms) => (count / ms) * 1000;
const want = (k) => !only || only.includes(k);

console.error(`catalog bench (${quick ? 'quick' : 'full'}) on ${os.cpus().length} × ${os.cpus()[0]?.model?.trim()}, Node ${process.version}`);

if (want('startup')) await benchStartup(add, { runs: quick ? 5 : 15, ensureRecords: async (n) => ensureRecords(OUT, n) });

if (want('csv') || want('csv-utf8')) await benchCsv({ sizes: SIZES, encodings: want('csv') ? ['utf-8', 'gb18030'] : ['utf-8'], ensure, task, add, fmt, rate });

if (want('xlsx')) {
  const file = await ensure(`catalogue-${SIZES.xlsx}.xlsx`, (f) => generateXlsx(f, SIZES.xlsx));
  const rd = task('read', file);
  const mv = task('map-validate', file);
  const r = rate(mv.count, mv.ms) / rate(rd.count, rd.ms);
  add(`XLSX ${fmt(SIZES.xlsx)} rows: map+validate rows/s`, fmt(rate(mv.count, mv.ms)), `XLSX reader ${fmt(rate(rd.count, rd.ms))}/s`, `${r.toFixed(2)}×`, '(no target)', true);
  add(`XLSX ${fmt(SIZES.xlsx)} rows: map+validate peak RSS`, `${fmt(mv.maxRssMB)} MB`, `reader ${fmt(rd.maxRssMB)} MB`, `${(mv.maxRssMB / rd.maxRssMB).toFixed(2)}×`, '< 500 MB', mv.maxRssMB < 500);
}

if (want('xml')) {
  const file = await ensure(`catalogue-${SIZES.xml}.xml`, (f) => generateXml(f, SIZES.xml));
  const raw = task('xml-raw', file);
  const rd = task('read', file);
  const r = rate(rd.count, rd.ms) / rate(raw.count, raw.ms);
  add(`XML ${fmt(SIZES.xml)} records: reader records/s`, fmt(rate(rd.count, rd.ms)), `saxes alone ${fmt(rate(raw.count, raw.ms))}/s`, `${r.toFixed(2)}×`, '(no target)', true);
  add(`XML ${fmt(SIZES.xml)} records: reader peak RSS`, `${fmt(rd.maxRssMB)} MB`, `saxes ${fmt(raw.maxRssMB)} MB`, `${(rd.maxRssMB / raw.maxRssMB).toFixed(2)}×`, '(no target)', true);
}

if (want('pack')) {
  const file = await ensure(`catalogue-${SIZES.pack}-utf-8.csv`, (f) => generateCsv(f, SIZES.pack, 'utf-8'));
  const p = task('pack-verify', file);
  const mb = p.bytes / 1e6;
  const sha = mb / (p.shaMs / 1000);
  add(`pack ${fmt(p.count)} records (${mb.toFixed(1)} MB zip) MB/s`, fmt(mb / (p.packMs / 1000), 1), `SHA-256 ${fmt(sha, 0)} MB/s`, `${(mb / (p.packMs / 1000) / sha).toFixed(4)}×`, '(no target)', true);
  add(`verify ${fmt(p.count)} records MB/s`, fmt(mb / (p.verifyMs / 1000), 1), `SHA-256 ${fmt(sha, 0)} MB/s`, `${(mb / (p.verifyMs / 1000) / sha).toFixed(4)}×`, '(no target)', true);
}

if (want('pack-stream')) {
  // Baseline: map+validate of the generator's rows (the pack-size CSV), measured now.
  const csv = await ensure(`catalogue-${SIZES.pack}-utf-8.csv`, (f) => generateCsv(f, SIZES.pack, 'utf-8'));
  benchPackStream(add, { n: SIZES.packStream, out: OUT, mapValidate: task('map-validate', csv) });
}

/** Start the real `catalog centre serve` on a random port; resolves with its URL. */
function startCentre(db) {
  const child = spawn(process.execPath, [BIN, 'centre', 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8' } });
  return new Promise((resolve, reject) => {
    let seen = '';
    const on = (d) => { seen += d; const m = /http:\/\/127\.0\.0\.1:\d+/.exec(seen); if (m) resolve({ url: m[0], child }); };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (c) => reject(new Error(`centre exited ${c}: ${seen}`)));
  });
}

async function benchPublish(store) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bench-'));
  try {
    const csv = await ensure(`catalogue-${SIZES.publish}-utf-8.csv`, (f) => generateCsv(f, SIZES.publish, 'utf-8'));
    const jsonl = path.join(dir, 'records.jsonl');
    const m = spawnSync(process.execPath, [BIN, 'map', csv, '--mapping', path.join(ROOT, 'templates', 'guide2017-sheet.json'), '-o', jsonl], { encoding: 'utf8' });
    if (m.status !== 0) throw new Error('map failed: ' + m.stderr);
    const db = store.db ?? path.join(dir, 'centre.sqlite');
    const tok = spawnSync(process.execPath, [BIN, 'centre', 'token', 'create', '--db', db, '--provider', '11330100002482170H'], { encoding: 'utf8' });
    const token = tok.stdout.trim().split('\n').pop().trim();
    const centre = await startCentre(db);
    try {
      const t = performance.now();
      const p = spawnSync(process.execPath, [BIN, 'publish', jsonl, '--centre', centre.url, '--batch-size', '500', '--ledger', path.join(dir, 'ledger.jsonl'), '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CATALOG_TOKEN: token } });
      const ms = performance.now() - t;
      if (p.status !== 0) throw new Error(`publish exited ${p.status ?? p.signal ?? p.error}: ${p.stderr.slice(-1000)}`);
      const health = await (await fetch(centre.url + '/health')).json();
      const rps = rate(health.records, ms);
      console.error(`  publish (${store.label}) ${SIZES.publish} records ${(ms / 1000).toFixed(2).padStart(7)} s (centre holds ${health.records})`);
      add(`publish ${fmt(SIZES.publish)} records to a local centre, ${store.label} (batches of 500)`, `${fmt(rps)} rec/s`, `centre holds ${fmt(health.records)}`, `${(rps / 1000).toFixed(2)}× target`, '≥ 1,000 rec/s', rps >= 1000 && health.records === SIZES.publish);
    } finally {
      centre.child.kill('SIGTERM');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Search latency: fill the store in its own process, start the real `catalog centre serve` on it, then
 * alternate timed keyword searches with a baseline request on the same server (one record by key).
 */
async function benchSearch(store) {
  await ensure('search-seed.csv', (f) => generateCsv(f, 1, 'utf-8'));
  const db = store.db ?? path.join(OUT, `search-${SIZES.search}.sqlite`);
  const fill = task('search-fill', db, SIZES.search);
  const centre = await startCentre(db);
  try {
    const time = async (url) => {
      const t = performance.now();
      const res = await fetch(url);
      const body = await res.json();
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      return { ms: performance.now() - t, body };
    };
    const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
    // Each of the first five matches 100,000 of 1,000,000 records; the last matches none.
    const QUERIES = ['不动产登记', '食品经营', '环境监测', '公共资源交易', '医疗机构', '行政处罚决定书'];
    const WARM = 6, RUNS = 120;
    const base = [], searchMs = [];
    let total = 0;
    for (let i = 0; i < WARM + RUNS; i++) {
      const b = await time(`${centre.url}/api/v1/records/${encodeURIComponent(fill.sampleKey)}`);
      const s = await time(`${centre.url}/api/v1/records?q=${encodeURIComponent(QUERIES[i % QUERIES.length])}&pageSize=20`);
      if (s.body.items.length === 0 && i % QUERIES.length !== QUERIES.length - 1) throw new Error(`no hits for ${QUERIES[i % QUERIES.length]}`);
      if (i >= WARM) { base.push(b.ms); searchMs.push(s.ms); total = Math.max(total, s.body.total); }
    }
    const s95 = p95(searchMs), b95 = p95(base);
    console.error(`  search (${store.label}) ${fmt(fill.count)} records: p95 ${s95.toFixed(1)} ms, one-record p95 ${b95.toFixed(1)} ms, largest total ${total}`);
    add(`search p95, ${fmt(fill.count)} records, ${store.label}, Chinese keyword (page of 20)`, `${s95.toFixed(1)} ms`, `GET one record p95 ${b95.toFixed(1)} ms`, `${(s95 / b95).toFixed(1)}× one record`, '< 50 ms', s95 < 50 && fill.count === SIZES.search);
  } finally {
    centre.child.kill('SIGTERM');
  }
}

/** PostgreSQL for the centre figures: a fresh database per figure on the given or a throwaway server. */
async function postgres() {
  let cluster, url = process.env.CATALOG_BENCH_PG_URL;
  if (!url) {
    const { tsImport } = await import('tsx/esm/api');
    const helper = await tsImport('../test/helpers/pg.ts', import.meta.url);
    cluster = await helper.startPgCluster();
    if (!cluster) throw new Error('--pg: no PostgreSQL server binaries found (install Debian postgresql, or set CATALOG_BENCH_PG_URL)');
    url = cluster.url;
  }
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const made = [];
  const database = async (name) => {
    const db = `catalog_bench_${name}_${process.pid}`;
    await admin.query(`CREATE DATABASE ${db}`);
    made.push(db);
    const u = new URL(url);
    u.pathname = '/' + db;
    return u.toString();
  };
  const close = async () => {
    for (const db of made) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
    await admin.end();
    cluster?.stop();
  };
  return { database, close };
}

const SQLITE = { label: 'SQLite' };
const pgServer = withPg && (want('publish') || want('search') || want('intake')) ? await postgres() : undefined;
try {
  if (want('intake')) await benchIntake(add, { n: SIZES.intake, out: OUT, pgDatabase: pgServer?.database });
  if (want('publish')) {
    await benchPublish(SQLITE);
    if (pgServer) await benchPublish({ label: 'PostgreSQL', db: await pgServer.database('publish') });
  }
  if (want('search')) {
    await benchSearch(SQLITE);
    if (pgServer) await benchSearch({ label: 'PostgreSQL', db: await pgServer.database('search') });
  }
} finally {
  await pgServer?.close();
}

const widths = ['figure', 'value', 'baseline', 'ratio', 'target'].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
const line = (cells) => '| ' + cells.map((c, i) => (i < widths.length ? String(c).padEnd(widths[i]) : c)).join(' | ') + ' |';
console.log(line(['figure', 'value', 'baseline', 'ratio', 'target', 'result']));
console.log(line(widths.map((w) => '-'.repeat(w)).concat('------')));
for (const r of rows) console.log(line([r.figure, r.value, r.baseline, r.ratio, r.target, r.pass ? 'pass' : 'FAIL']));
fs.writeFileSync(path.join(OUT, `results-${quick ? 'quick' : 'full'}.json`), JSON.stringify({ date: new Date().toISOString(), quick, sizes: SIZES, cpus: os.cpus().length, node: process.version, rows }, null, 2));
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
