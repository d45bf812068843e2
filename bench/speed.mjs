// Figures of issue 15 kept apart from run.mjs (which calls them): start-up against `node -e 0`, and streaming
// pack/verify at 1,000,000 records against map+validate's records/s. Each measurement in its own process.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = path.join(ROOT, 'bin', 'catalog');
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * CPU seconds (user + system) of one child process, from bash's `times` (getrusage of the children, to the
 * millisecond; GNU time prints hundredths, too coarse against a ~0.1 s baseline).
 */
function cpuOf(args) {
  const r = spawnSync('bash', ['-c', '"$0" "$@" >/dev/null; s=$?; times >&2; exit $s', process.execPath, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error || r.status !== 0) throw new Error(`start-up run failed (${r.status}): ${r.error?.message ?? r.stderr.slice(-500)}`);
  const secs = (m) => Number(m[1]) * 60 + Number(m[2]);
  const [user, sys] = [...r.stderr.trim().split('\n').pop().matchAll(/(\d+)m([\d.]+)s/g)].map(secs);
  return { cpu: user + sys };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Start-up: `catalog --version` and `catalog validate` of 15 records, interleaved with `node -e 0`, median of runs. */
export async function benchStartup(add, { runs = 9, ensureRecords }) {
  const fifteen = await ensureRecords(15);
  const cases = { node: ['-e', '0'], version: [BIN, '--version'], validate: [BIN, 'validate', fifteen] };
  const got = { node: [], version: [], validate: [] };
  for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(cases)) got[k].push(cpuOf(args).cpu);
  const base = median(got.node);
  console.error(`  start-up (median of ${runs}, CPU s): node -e 0 ${base.toFixed(3)}, --version ${median(got.version).toFixed(3)}, validate 15 records ${median(got.validate).toFixed(3)}`);
  for (const [k, label] of [['version', 'catalog --version'], ['validate', 'catalog validate (15-record JSONL)']]) {
    const r = median(got[k]) / base;
    add(`start-up: ${label} CPU time`, `${(median(got[k]) * 1000).toFixed(0)} ms`, `node -e 0 ${(base * 1000).toFixed(0)} ms`, `${r.toFixed(2)}×`, '≤ 2×', r <= 2);
  }
}

function speedTask(name, file, n, env = {}) {
  const r = spawnSync(process.execPath, [path.join(HERE, 'speed-task.mjs'), name, file, String(n ?? '')], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`speed-task ${name} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const res = JSON.parse(r.stdout.trim().split('\n').pop());
  console.error(`  ${name.padEnd(18)} ${path.basename(file).padEnd(26)} cpu ${(res.ms / 1000).toFixed(2).padStart(7)} s  wall ${(res.wallMs / 1000).toFixed(2).padStart(7)} s  ${res.maxRssMB.toFixed(0).padStart(5)} MB RSS`);
  return res;
}

/** n records as JSONL in bench/out (made once, reused). */
export function ensureRecords(out, n) {
  const file = path.join(out, `records-${n}.jsonl`);
  if (!fs.existsSync(file)) {
    speedTask('make-records', file + '.part', n);
    fs.renameSync(file + '.part', file);
  }
  return file;
}

/**
 * Streaming pack and verify of n records (pack: records file → package; verify: every check including the
 * re-validation of each record). Baseline: map+validate records/s of `mapValidate` (run.mjs task) measured
 * in the same run on a CSV of the generator's rows.
 */
export function benchPackStream(add, { n, out, mapValidate }) {
  const records = ensureRecords(out, n);
  const pack = speedTask('pack-file', records);
  const verify = speedTask('verify-file', records.replace(/\.jsonl$/, '.catpkg.zip'));
  const base = (mapValidate.count / mapValidate.ms) * 1000;
  for (const [label, r, target] of [['pack', pack, 0.5], ['verify', verify, undefined]]) {
    const rate = (r.count / r.ms) * 1000;
    add(`${label} ${fmt(r.count)} records (${fmt(r.bytes / 1e6, 1)} MB zip) records/s`, fmt(rate), `map+validate ${fmt(base)}/s`, `${(rate / base).toFixed(2)}×`, target ? `≥ ${target}×` : '(no target)', target ? rate / base >= target : true);
    add(`${label} ${fmt(r.count)} records peak RSS`, `${fmt(r.maxRssMB)} MB`, '', '', '< 300 MB', r.maxRssMB < 300);
  }
}

/**
 * Event-loop delay of a centre taking a package of n records (bench/speed-task.mjs intake), on SQLite and, given
 * `pgDatabase` (a fresh database's URL), on PostgreSQL: p99 and max of monitorEventLoopDelay over the whole upload
 * (receive, verify, register), target < 100 ms; the longest stall in each phase (src/centre/intake-phase.ts),
 * target < 100 ms each; and the slowest /health answer meanwhile.
 */
export async function benchIntake(add, { n, out, pgDatabase }) {
  const records = ensureRecords(out, n);
  const pkg = records.replace(/\.jsonl$/, '.catpkg.zip');
  if (!fs.existsSync(pkg)) speedTask('pack-file', records);
  const stores = [['SQLite', {}], ...(pgDatabase ? [['PostgreSQL', { CATALOG_INTAKE_PG_URL: await pgDatabase('intake') }]] : [])];
  for (const [label, env] of stores) {
    const r = speedTask('intake', pkg, undefined, env);
    const phases = Object.entries(r.maxByPhase).filter(([p]) => p !== 'done');
    const worst = phases.reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    console.error(`  intake ${fmt(r.count)} records, ${label}: event-loop delay p99 ${r.p99Ms.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms; /health ×${r.healthCount}, slowest ${r.healthMaxMs.toFixed(1)} ms`);
    console.error(`    longest stall by phase (ms; phase length s): ${phases.map(([p, ms]) => `${p} ${ms.toFixed(0)} (${(r.msByPhase[p] / 1000).toFixed(1)} s)`).join(', ')}`);
    const mb = fmt(r.bytes / 1e6, 1);
    add(`centre intake of ${fmt(r.count)} records (${mb} MB zip), ${label}: event-loop delay p99`, `${r.p99Ms.toFixed(1)} ms`, `max ${r.maxMs.toFixed(1)} ms`, '', '< 100 ms', r.p99Ms < 100);
    add(`centre intake of ${fmt(r.count)} records, ${label}: longest stall of any phase`, `${worst[1].toFixed(1)} ms (${worst[0]})`, phases.map(([p, ms]) => `${p} ${ms.toFixed(0)}`).join(' · '), '', '< 100 ms', worst[1] < 100);
    add(`centre intake of ${fmt(r.count)} records, ${label}: slowest /health meanwhile`, `${r.healthMaxMs.toFixed(1)} ms`, `${r.healthCount} requests`, '', '(no target)', true);
  }
}
