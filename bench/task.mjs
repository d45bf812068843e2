// One measurement in its own process (so peak RSS is this task's alone). Prints one JSON line.
// Usage: node bench/task.mjs <task> <file> [n]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Transform } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { SaxesParser } from 'saxes';
import * as lib from './lib.mjs';
import { mapValidateJobs } from './csv.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE = path.join(ROOT, 'templates', 'guide2017-sheet.json');
const [task, file, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 0);

async function csvParseRaw(encoding) {
  let count = 0;
  const parser = parse({ relax_column_count: true, bom: true });
  parser.on('data', () => count++);
  const src = fs.createReadStream(file);
  const decoded = encoding === 'utf-8' ? src : src.pipe(decoderStream(encoding));
  await pipeline(decoded, parser);
  return { count };
}

function decoderStream(encoding) {
  const d = new TextDecoder(encoding);
  return new Transform({
    transform(chunk, _e, cb) { cb(null, d.decode(chunk, { stream: true })); },
    flush(cb) { cb(null, d.decode()); },
  });
}

async function readOnly() {
  let count = 0;
  for await (const row of lib.readSource(file)) if (row) count++;
  return { count };
}

async function mapValidate() {
  const template = lib.loadTemplate(TEMPLATE);
  const report = lib.emptyReport(template);
  async function* inputs() {
    for await (const ev of lib.mapFile(file, template, {}, report)) if (ev.kind === 'record') yield { record: ev.record, file };
  }
  const r = await lib.validateRecords(inputs(), { profile: 'guide2017', maxErrors: 100 });
  if (r.stats.errors) throw new Error(`${r.stats.errors} validation errors (the generated rows should be valid)`);
  return { count: r.stats.records };
}

async function xmlRaw() {
  let count = 0;
  const p = new SaxesParser();
  p.on('closetag', (t) => { if (t.name === '资源') count++; });
  const d = new TextDecoder('utf-8');
  for await (const chunk of fs.createReadStream(file)) p.write(d.decode(chunk, { stream: true }));
  p.close();
  return { count };
}

async function recordsOf(f) {
  const template = lib.loadTemplate(TEMPLATE);
  return (await lib.mapToArray([f], template, {})).records;
}

async function packVerify() {
  const records = await recordsOf(file);
  const cpuMs = (c0) => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
  let t = process.cpuUsage();
  const bytes = lib.packRecords(records, { created: '2024-03-01T00:00:00Z' });
  const packMs = cpuMs(t);
  t = process.cpuUsage();
  const v = await lib.verifyPackage(bytes);
  const verifyMs = cpuMs(t);
  if (!v.valid) throw new Error('package did not verify: ' + JSON.stringify(v.issues?.slice(0, 3)));
  // Baseline: plain SHA-256 of the same bytes (best of 3).
  let shaMs = Infinity;
  for (let i = 0; i < 3; i++) {
    const w = performance.now();
    crypto.createHash('sha256').update(bytes).digest();
    shaMs = Math.min(shaMs, performance.now() - w);
  }
  return { count: records.length, bytes: bytes.length, packMs, verifyMs, shaMs };
}

/**
 * Fill a centre store with n records straight through the store API (skipping what is already there).
 * Its own process, so the centre that is timed afterwards starts cold, as a real one would.
 */
async function searchFill() {
  const db = file;
  // A postgres:// URL fills the PostgreSQL store (npm run bench -- --pg), anything else an SQLite file.
  const isPg = /^postgres(ql)?:\/\//.test(db);
  const store = isPg ? await lib.openCentreStore(db) : lib.openSqliteStore(db);
  const proto = (await recordsOf(path.join(ROOT, 'bench', 'out', 'search-seed.csv')))[0];
  const BATCH = 5000;
  const existing = await store.countRecords();
  for (let i = existing; i < n; i += BATCH) {
    const changes = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) {
      const subject = SUBJECTS[j % SUBJECTS.length];
      const record = { ...proto, title: `${subject}信息（第${j}号）`, abstract: `全市${subject}的设立、变更、注销信息，第${j}条。`, resourceCode: resourceCodeOf(j) };
      changes.push({ key: `${record.provider.code}:${record.resourceCode}`, provider: record.provider.code, hash: String(j), status: 'published', origin: lib.LOCAL_ORIGIN, record, action: 'create', actor: 'bench' });
    }
    await store.applyChanges(changes);
  }
  const count = await store.countRecords();
  const sampleKey = `${proto.provider.code}:${resourceCodeOf(1)}`;
  await store.close();
  return { count, sampleKey };
}

/** 信息资源代码 of fill record j. */
const resourceCodeOf = (j) => `301${String(Math.floor(j / 100000) + 1).padStart(3, '0')}/${String(j % 100000).padStart(5, '0')}`;

/** Ten subjects: each keyword below matches one record in ten (100,000 of 1,000,000). */
const SUBJECTS = ['企业登记注册', '行政处罚决定', '社会保险缴纳', '不动产登记', '食品经营许可', '道路运输许可', '医疗机构执业', '建设工程规划', '环境监测数据', '公共资源交易'];

const TASKS = {
  'csv-parse': () => csvParseRaw('utf-8'),
  'csv-parse-gb18030': () => csvParseRaw('gb18030'),
  read: readOnly,
  'map-validate': mapValidate,
  'map-validate-jobs': () => mapValidateJobs(lib, file, lib.loadTemplate(TEMPLATE), n),
  'xml-raw': xmlRaw,
  'pack-verify': packVerify,
  'search-fill': searchFill,
};

// Throughput uses this process's CPU time (user + system), not wall time: on a shared 2-core machine wall time
// mostly measures the neighbours. Wall time is reported too.
const start = performance.now();
const cpu0 = process.cpuUsage();
const result = await TASKS[task]();
const wallMs = performance.now() - start;
const c = process.cpuUsage(cpu0);
const ms = (c.user + c.system) / 1000;
process.stdout.write(JSON.stringify({ task, ms, wallMs, ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
