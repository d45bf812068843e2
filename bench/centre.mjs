// Centre store benchmark (not a test): register N records, then time keyword search
// (FTS5 trigram for 3+ characters, LIKE for 1–2) and a full OAI-PMH ListRecords walk.
// Then the event-loop delay of a real centre taking a package of N records (speed.mjs benchIntake).
// Usage: npm run build && node bench/centre.mjs [N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URLSearchParams } from 'node:url';
import { openSqliteStore, contentHash, handleOai } from './lib.mjs';
import { benchIntake } from './speed.mjs';

const N = Number(process.argv[2] ?? 20000);
const words = ['企业', '登记', '注册', '行政', '处罚', '道路', '运输', '许可', '医疗', '机构', '学校', '招生', '社会', '保险', '缴费', '不动产', '税务', '食品', '药品', '环境'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'centre-bench-'));
const store = openSqliteStore(path.join(dir, 'bench.sqlite'));
const ms = (t) => `${(performance.now() - t).toFixed(1)} ms`;

let t = performance.now();
for (let start = 0; start < N; start += 1000) {
  const changes = [];
  for (let i = start; i < Math.min(N, start + 1000); i++) {
    const title = `${words[i % 20]}${words[(i * 7) % 20]}${words[(i * 13) % 20]}信息 ${i}`;
    const record = {
      title, resourceCode: `30${(i % 9) + 1}002/${String(i).padStart(6, '0')}`, directoryClass: { class: '3', item: '0' + ((i % 9) + 1), heading: '002' },
      provider: { name: `第${i % 50}局`, code: `P${String(i % 50).padStart(17, '0')}` }, abstract: `${title}的摘要，包括${words[(i * 3) % 20]}数据。`,
      sharing: { type: ['无条件共享', '有条件共享', '不予共享'][i % 3] }, publishedDate: '2024-03-01',
    };
    changes.push({ key: record.resourceCode, provider: record.provider.code, hash: contentHash(record), status: 'published', origin: 'local', record, action: 'create', actor: 'bench' });
  }
  await store.applyChanges(changes);
}
console.log(`register ${N} records (batches of 1000): ${ms(t)}`);

// queries taken from generated titles, so they hit: 3+ characters (trigram), 2 and 1 characters (LIKE), two terms
const sample = (await store.getRecord('302002/000001')).record.title;
for (const q of [sample.slice(0, 4), sample.slice(2, 7), '处罚', '药', `${sample.slice(0, 3)} 摘要`, '不存在的词语']) {
  t = performance.now();
  const r = await store.search({ q, pageSize: 20 });
  console.log(`search "${q}": ${r.total} hits, first page ${ms(t)}`);
}
t = performance.now();
const f = await store.search({ classCode: '305', shareType: '有条件共享', pageSize: 20 });
console.log(`filter class 305 + share type: ${f.total} hits, ${ms(t)}`);

t = performance.now();
let pages = 0;
let params = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: 'oai_dc' });
for (;;) {
  const xml = await handleOai(store, params, { baseUrl: 'http://bench/oai', pageSize: 500 });
  pages++;
  const token = /<resumptionToken[^>]*>([^<]+)</.exec(xml)?.[1];
  if (!token) break;
  params = new URLSearchParams({ verb: 'ListRecords', resumptionToken: token });
}
console.log(`OAI-PMH ListRecords oai_dc, ${pages} pages of 500: ${ms(t)}`);
await store.close();
fs.rmSync(dir, { recursive: true, force: true });

const OUT = path.join(path.dirname(new URL(import.meta.url).pathname), 'out');
fs.mkdirSync(OUT, { recursive: true });
await benchIntake(() => {}, { n: N, out: OUT });
