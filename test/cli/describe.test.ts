/**
 * catalog describe on real databases (SQLite file, PostgreSQL via the throwaway cluster, MariaDB via its own throwaway
 * server) and on a workbook exported from the same table: items, types, lengths, counts, update hint; records that
 * validate once the officer's fields are filled; and no seeded data value in any output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import * as XLSX from '@e965/xlsx';
import { unzipSync, strFromU8 } from 'fflate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, PG_SKIP_MESSAGE, testPgUrl } from '../helpers/pg.js';
import { MARIADB_SKIP_MESSAGE, mariadbAvailable, mariadbRequired, startMariaDb, type MariaDb } from '../helpers/mariadb.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-describe-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Seeded rows: every string here (and the distinctive numbers) must stay inside the database. */
const ENTERPRISES = [
  [1, '91110000MA01QWER1X', '北京甲乙科技有限公司', '张晓明', 1234567.89, '2015-03-01', '100080', '长期合作伙伴备注', '2024-01-01 08:00:00'],
  [2, '91110000MA02ASDF2Y', '北京丙丁贸易有限公司', '李建国', null, '2018-07-15', '100081', null, '2024-01-02 09:30:00'],
  [3, '91110000MA03ZXCV3Z', '北京戊己咨询有限公司', null, 765432.1, '2020-11-30', null, null, '2024-01-03 10:00:00'],
  [4, '91110000MA04TYUI4W', '北京庚辛物流有限公司', '王海燕', 20000, '2021-01-01', '100082', '无', '2024-01-04 10:15:00'],
] as const;
const LICENCES = [
  ['XK-2023-0001', '91110000MA01QWER1X', '2023-05-05'],
  ['XK-2023-0002', '91110000MA02ASDF2Y', '2023-06-06'],
  ['XK-2023-0003', '91110000MA03ZXCV3Z', '2023-07-07'],
] as const;
const SECRET = 'S3cret-pw-x9';
const seededValues = [...ENTERPRISES.flat(), ...LICENCES.flat()].filter((v) => v !== null && String(v).length >= 4 && v !== 20000).map(String);

function expectNoValues(...outputs: string[]) {
  const all = outputs.join('\n');
  for (const v of seededValues) expect(all, `leaked ${v}`).not.toContain(v);
  expect(all).not.toContain(SECRET);
}

/** Text of an .xlsx: every part of the zip (shared strings, sheets). */
const xlsxText = (file: string) => Object.values(unzipSync(fs.readFileSync(file))).map((b) => strFromU8(b)).join('\n');

const comments = {
  enterprise: ['企业登记信息', { id: '序号', uscc: '统一社会信用代码', ent_name: '企业名称', legal_rep: '法定代表人', reg_capital: '注册资本', founded: '成立日期', postcode: '邮政编码', remark: '备注', updated_at: '更新时间' }],
  licence: ['许可证信息', { lic_no: '许可证编号', uscc: '统一社会信用代码', issued: '发证日期' }],
} as const;

const EXPECTED_TYPES = [['I', '4'], ['C', '18'], ['C', '100'], ['C', '30'], ['N', '18,2'], ['D', '8'], ['C', '6'], ['C', '8'], ['T', '8']];

interface Rec { title: string; items: { name: string; englishName?: string; dataType: string; length?: string }[]; updateCycle?: string; extensions: { describe: { rows: number; todo: string[]; source: string } } }
const parse = (stdout: string): Rec[] => stdout.trim().split('\n').map((l) => JSON.parse(l));

/** The officer's part of a record (a valid one, so that only describe's part is under test). */
function filled(r: Rec, i: number) {
  return {
    ...r, directoryClass: { class: '3', item: '01', heading: '002' }, resourceCode: `301002/0000${i + 1}`, abstract: '全市企业登记的结构说明',
    provider: { name: '某市市场监督管理局', code: '11330100002482170H' }, sharing: { type: '无条件共享', method: '共享平台方式' }, openness: { open: false },
    updateCycle: r.updateCycle ?? '不定期', publishedDate: '2024-03-01',
  };
}

function expectValidOnceFilled(records: Rec[], name: string) {
  const raw = path.join(tmp, `${name}-draft.jsonl`);
  fs.writeFileSync(raw, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const draft = runCli(['validate', raw, '--format', 'json', '--lang', 'en']);
  expect(draft.code).toBe(1);
  const missing = JSON.parse(draft.stdout).issues.filter((i: { code: string }) => i.code === 'required-missing').map((i: { params: { field: string } }) => i.params.field);
  expect(missing.length).toBeGreaterThan(0);
  const file = path.join(tmp, `${name}.jsonl`);
  fs.writeFileSync(file, records.map((r, i) => JSON.stringify(filled(r, i))).join('\n') + '\n');
  const r = runCli(['validate', file, '--format', 'json', '--lang', 'en']);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout).stats, r.stdout.slice(0, 3000)).toMatchObject({ invalid: 0 });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function seedSqlite(file: string) {
  const db = new Database(file);
  db.exec(`CREATE TABLE enterprise (id INTEGER PRIMARY KEY, uscc VARCHAR(18) NOT NULL, ent_name VARCHAR(100), legal_rep VARCHAR(30), reg_capital DECIMAL(18,2),
             founded DATE, postcode VARCHAR(6), remark TEXT, updated_at DATETIME);
           CREATE TABLE licence (lic_no VARCHAR(20), uscc VARCHAR(20), issued DATE);`);
  const ins = db.prepare('INSERT INTO enterprise VALUES (?,?,?,?,?,?,?,?,?)');
  for (const r of ENTERPRISES) ins.run(...r);
  const lic = db.prepare('INSERT INTO licence VALUES (?,?,?)');
  for (const r of LICENCES) lic.run(...r);
  db.close();
}

describe('describe a SQLite file', () => {
  const file = path.join(tmp, 'registry.sqlite');
  beforeAll(() => seedSqlite(file));

  it('gives one record per table with types, lengths, counts and the update-cycle hint', () => {
    const r = runCli(['describe', file, '--lang', 'en']);
    expect(r.code).toBe(0);
    const [ent, lic] = parse(r.stdout);
    expect(ent.title).toBe('enterprise');
    expect(ent.items.map((i) => i.name)).toEqual(Object.keys(comments.enterprise[1]));
    expect(ent.items.map((i) => [i.dataType, i.length])).toEqual(EXPECTED_TYPES);
    expect(ent.extensions.describe.rows).toBe(4);
    expect(ent.updateCycle).toBe('每日');
    expect(lic.extensions.describe.rows).toBe(3);
    expect(lic.updateCycle).toBeUndefined();
    expect(r.stderr).toMatch(/enterprise: 4 rows, 9 items, update cycle looks 每日 \(from updated_at\)/);
    expect(r.stderr).toContain('统一社会信用代码 should be C 18, found C 20');
    expectNoValues(r.stdout, r.stderr);
    expectValidOnceFilled([ent, lic], 'sqlite');
  }, 300_000);

  it('the workbook exported from the same tables gives the same items; a CSV too', () => {
    const db = new Database(file, { readonly: true });
    const wb = XLSX.utils.book_new();
    for (const table of ['enterprise', 'licence']) XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(db.prepare(`SELECT * FROM ${table}`).all() as object[]), table);
    const csv = XLSX.utils.sheet_to_csv(wb.Sheets.enterprise);
    db.close();
    const xlsx = path.join(tmp, 'export.xlsx');
    fs.writeFileSync(xlsx, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
    const fromDb = parse(runCli(['describe', file]).stdout);
    const fromSheet = runCli(['describe', xlsx, '--lang', 'en']);
    expect(fromSheet.code).toBe(0);
    const sheets = parse(fromSheet.stdout);
    expect(sheets.map((s) => s.title)).toEqual(['enterprise', 'licence']);
    sheets.forEach((s, i) => expect(s.items.map((it) => [it.name, it.dataType])).toEqual(fromDb[i].items.map((it) => [it.name, it.dataType])));
    expect(sheets[0].extensions.describe.rows).toBe(4);
    expect(sheets[0].updateCycle).toBe('每日');
    const csvFile = path.join(tmp, 'enterprise.csv');
    fs.writeFileSync(csvFile, csv);
    const fromCsv = parse(runCli(['describe', csvFile]).stdout);
    expect(fromCsv[0].items.map((it) => [it.name, it.dataType])).toEqual(fromDb[0].items.map((it) => [it.name, it.dataType]));
    expectNoValues(fromSheet.stdout, fromSheet.stderr, JSON.stringify(fromCsv));
  }, 300_000);

  it('writes a filled 目录编制表 whose 信息项 map back to the same items; placeholders are rejected by validate', () => {
    const out = path.join(tmp, 'drafts.xlsx');
    const r = runCli(['describe', file, '-o', out, '--provider-name', '某市市场监督管理局', '--provider-code', '11330100002482170H']);
    expect(r.code).toBe(0);
    expectNoValues(xlsxText(out), r.stderr);
    const mapped = runCli(['map', out, '--mapping', 'templates/guide2017-sheet.json']);
    const recs = parse(mapped.stdout);
    expect(recs.map((x) => x.title)).toEqual(['enterprise', 'licence']);
    const fromDb = parse(runCli(['describe', file]).stdout);
    recs.forEach((rec, i) => expect(rec.items.map((it) => [it.name, it.dataType, it.length])).toEqual(fromDb[i].items.map((it) => [it.name, it.dataType, it.length])));
    const v = runCli(['validate', out, '--mapping', 'templates/guide2017-sheet.json', '--format', 'json', '--lang', 'en']);
    const codes = JSON.parse(v.stdout).issues.map((i: { code: string; path: string }) => `${i.code}@${i.path}`);
    expect(codes).toContain('pattern-mismatch@/resourceCode');
    expect(codes).toContain('required-missing@/abstract');
  }, 300_000);

  it('a damaged SQLite file (valid header, garbage after it) is unreadable input: exit 2, not 3', () => {
    const bad = path.join(tmp, 'damaged.sqlite');
    fs.writeFileSync(bad, Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), Buffer.alloc(200, 0x41)]));
    const r = runCli(['describe', bad, '--lang', 'en']);
    expect(r.stderr).toContain(`reading the structure of ${bad} failed`);
    expect(r.code).toBe(2);
  });

  it('an unknown table is a usage error naming the tables (exit 2)', () => {
    const r = runCli(['describe', file, '--table', 'nosuch', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no table "nosuch"');
    expect(r.stderr).toContain('enterprise, licence');
  });

  it('refuses more tables than --max-tables and a bad output name', () => {
    expect(runCli(['describe', file, '--max-tables', '1']).code).toBe(2);
    expect(runCli(['describe', file, '-o', path.join(tmp, 'x.txt')]).code).toBe(2);
  });
});

describe('describe a database that cannot be reached', () => {
  it('connection refused exits 3 with a clear message and no password (zh and en)', () => {
    for (const url of [`postgres://reader:${SECRET}@127.0.0.1:1/registry`, `mysql://reader:${SECRET}@127.0.0.1:1/registry`]) {
      const en = runCli(['describe', url, '--lang', 'en']);
      expect(en.code).toBe(3);
      expect(en.stderr).toMatch(/cannot connect to the database .*:\*\*\*@127\.0\.0\.1:1.*ECONNREFUSED/);
      expect(en.stderr).not.toContain(SECRET);
      const zh = runCli(['describe', url, '--lang', 'zh']);
      expect(zh.stderr).toContain('无法连接数据库');
      expect(zh.stderr).not.toContain(SECRET);
    }
    expect(runCli(['describe', 'ftp://example.invalid/x']).code).toBe(2);
  }, 300_000);

  it('a password in the query string or in a malformed URL is never printed; a malformed URL is exit 2', () => {
    const query = runCli(['describe', `postgres://reader@127.0.0.1:1/registry?sslmode=disable&password=${SECRET}`, '--lang', 'en']);
    expect(query.code).toBe(3);
    expect(query.stderr).toContain('password=***');
    expect(query.stderr).not.toContain(SECRET);
    // not a URL the drivers can parse ("/" and "@" in the password, an unclosed IPv6 bracket): no internal error
    for (const url of [`postgresql://reader:${SECRET}/x@[::1`, `mysql://reader:${SECRET}@x@[::1/registry`]) {
      for (const lang of ['en', 'zh']) {
        const r = runCli(['describe', url, '--lang', lang]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(lang === 'en' ? /the database URL ".*:\*\*\*@\[::1.*" is malformed/ : /数据库地址“.*”格式不正确/);
        expect(r.stderr).not.toContain(SECRET);
        expect(r.stderr).not.toContain('internal error');
      }
    }
  }, 300_000);
});

const pgUrl = testPgUrl();
describe.skipIf(!pgUrl)(pgUrl ? 'describe a PostgreSQL schema' : PG_SKIP_MESSAGE, () => {
  let db: { url: string; drop: () => Promise<void> };
  let url: string;
  beforeAll(async () => {
    db = await createTestDatabase('describe');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(`CREATE SCHEMA registry;
      CREATE TABLE registry.enterprise (id integer PRIMARY KEY, uscc varchar(18) NOT NULL, ent_name varchar(100), legal_rep varchar(30), reg_capital numeric(18,2),
        founded date, postcode varchar(6), remark text, updated_at timestamp);
      CREATE TABLE registry.licence (lic_no varchar(20), uscc varchar(20), issued date);
      CREATE ROLE describer LOGIN PASSWORD '${SECRET}'; GRANT USAGE ON SCHEMA registry TO describer; GRANT SELECT ON ALL TABLES IN SCHEMA registry TO describer;`);
    for (const [table, [title, cols]] of Object.entries(comments)) {
      await c.query(`COMMENT ON TABLE registry.${table} IS '${title}'`);
      for (const [col, text] of Object.entries(cols)) await c.query(`COMMENT ON COLUMN registry.${table}.${col} IS '${text}'`);
    }
    for (const r of ENTERPRISES) await c.query('INSERT INTO registry.enterprise VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)', [...r]);
    for (const r of LICENCES) await c.query('INSERT INTO registry.licence VALUES ($1,$2,$3)', [...r]);
    await c.end();
    const u = new URL(db.url);
    u.username = 'describer';
    u.password = SECRET;
    url = u.toString();
  });
  afterAll(async () => {
    await db?.drop();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query('DROP ROLE IF EXISTS describer').catch(() => {});
    await c.end();
  });

  it('names items from column comments, types and lengths from the schema, counts rows, never prints the password', () => {
    const r = runCli(['describe', url, '--schema', 'registry', '--lang', 'en']);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.code).toBe(0);
    const [ent, lic] = parse(r.stdout);
    expect(ent.title).toBe('企业登记信息');
    expect(ent.items.map((i) => i.name)).toEqual(Object.values(comments.enterprise[1]));
    expect(ent.items.map((i) => i.englishName)).toEqual(Object.keys(comments.enterprise[1]));
    expect(ent.items.map((i) => [i.dataType, i.length])).toEqual(EXPECTED_TYPES);
    expect(ent.extensions.describe).toMatchObject({ rows: 4, source: expect.stringContaining(':***@') });
    expect(ent.updateCycle).toBe('每日');
    expect(lic.title).toBe('许可证信息');
    expect(lic.extensions.describe.rows).toBe(3);
    expectNoValues(r.stdout, r.stderr);
    expectValidOnceFilled([ent, lic], 'pg');
    const one = runCli(['describe', url, '--schema', 'registry', '--table', 'licence']);
    expect(parse(one.stdout).map((x) => x.title)).toEqual(['许可证信息']);
    expect(runCli(['describe', url, '--schema', 'registry', '--table', 'nosuch']).code).toBe(2);
  }, 300_000);
});

const needMaria = mariadbAvailable() || mariadbRequired();
describe.skipIf(!needMaria)(needMaria ? 'describe a MariaDB database' : MARIADB_SKIP_MESSAGE, () => {
  let server: MariaDb;
  beforeAll(async () => {
    if (!mariadbAvailable()) throw new Error(`CI requires MariaDB but ${MARIADB_SKIP_MESSAGE}`);
    server = await startMariaDb();
    const c = await server.admin();
    const cm = comments;
    const e = cm.enterprise[1];
    const l = cm.licence[1];
    await c.query(`CREATE DATABASE registry CHARACTER SET utf8mb4;
      CREATE TABLE registry.enterprise (id INT PRIMARY KEY COMMENT '${e.id}', uscc VARCHAR(18) NOT NULL COMMENT '${e.uscc}', ent_name VARCHAR(100) COMMENT '${e.ent_name}',
        legal_rep VARCHAR(30) NULL COMMENT '${e.legal_rep}', reg_capital DECIMAL(18,2) COMMENT '${e.reg_capital}', founded DATE COMMENT '${e.founded}',
        postcode VARCHAR(6) COMMENT '${e.postcode}', remark TEXT COMMENT '${e.remark}', updated_at DATETIME COMMENT '${e.updated_at}') COMMENT '${cm.enterprise[0]}';
      CREATE TABLE registry.licence (lic_no VARCHAR(20) COMMENT '${l.lic_no}', uscc VARCHAR(20) COMMENT '${l.uscc}', issued DATE COMMENT '${l.issued}') COMMENT '${cm.licence[0]}';
      CREATE USER 'describer'@'127.0.0.1' IDENTIFIED BY '${SECRET}'; GRANT SELECT ON registry.* TO 'describer'@'127.0.0.1';`);
    for (const r of ENTERPRISES) await c.query('INSERT INTO registry.enterprise VALUES (?,?,?,?,?,?,?,?,?)', [...r]);
    for (const r of LICENCES) await c.query('INSERT INTO registry.licence VALUES (?,?,?)', [...r]);
    await c.end();
  }, 180_000);
  afterAll(async () => server?.stop(), 60_000);

  it('gives the same items as PostgreSQL: comments, types, lengths, counts, hint; no value or password leaks', () => {
    const url = `mariadb://describer:${SECRET}@127.0.0.1:${server.port}/registry`;
    const r = runCli(['describe', url, '--lang', 'en']);
    expect(r.stderr).not.toContain(SECRET);
    expect(r.code).toBe(0);
    const [ent, lic] = parse(r.stdout);
    expect(ent.title).toBe('企业登记信息');
    expect(ent.items.map((i) => i.name)).toEqual(Object.values(comments.enterprise[1]));
    expect(ent.items.map((i) => [i.dataType, i.length])).toEqual(EXPECTED_TYPES);
    expect(ent.extensions.describe.rows).toBe(4);
    expect(ent.updateCycle).toBe('每日');
    expect(lic.extensions.describe.rows).toBe(3);
    expect(r.stderr).toContain('统一社会信用代码 should be C 18, found C 20');
    expectNoValues(r.stdout, r.stderr);
    expectValidOnceFilled([ent, lic], 'mariadb');
    const xlsx = path.join(tmp, 'maria.xlsx');
    expect(runCli(['describe', url.replace('mariadb:', 'mysql:'), '-o', xlsx]).code).toBe(0);
    expectNoValues(xlsxText(xlsx));
    const bad = runCli(['describe', `mysql://describer:wrong-${SECRET}@127.0.0.1:${server.port}/registry`, '--lang', 'en']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).not.toContain(SECRET);
    expect(runCli(['describe', url, '--table', 'nosuch']).code).toBe(2);
  }, 300_000);
});
