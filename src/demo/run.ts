import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPLATES_DIR } from '../profiles/paths.js';
import { buildConfig, writeWorkspace, type InitAnswers } from '../init/config.js';
import { applyAssignments, describeProposal, proposeMapping } from '../init/propose.js';
import type { MapReport } from '../mapping/report.js';
import { mapToArray } from '../pipeline/map-sources.js';
import { validateRecords } from '../validate/records.js';
import { buildReport, type ValidationReport } from '../validate/report.js';
import type { Issue } from '../issues/issue.js';
import type { CatalogRecord } from '../model/record.js';
import { packRecords } from '../package/pack.js';
import { writeFileAtomic } from '../io/atomic.js';
import { writeJsonl } from '../model/jsonl.js';
import { openSqliteStore } from '../centre/sqlite-store.js';
import { createToken } from '../centre/auth.js';
import { startCentre, type RunningCentre } from '../centre/server.js';
import { collectInput } from '../publish/collect.js';
import { centreTarget } from '../publish/centre.js';
import { Ledger } from '../publish/ledger.js';
import { publish, type PublishProgress, type PublishResult } from '../publish/publish.js';
import type { Lang } from '../i18n/lang.js';

/** The bundled sample department (templates/samples/, written by templates/samples/make-samples.mjs). Fictional. */
export const SAMPLE_DEPARTMENT: InitAnswers = {
  name: '示例区人力资源和社会保障局',
  code: '11330106MB1F628054',
  division: '330106',
  profile: 'guide2017',
};
export const SAMPLES_DIR = path.join(TEMPLATES_DIR, 'samples');
export const SAMPLE_WITH_ERRORS = 'hrss-catalog-errors.xlsx';
export const SAMPLE_CORRECTED = 'hrss-catalog.xlsx';

/** What the demo reports as it goes: a numbered step starting, or a finding within it (message code + params). */
export type DemoEvent =
  | { kind: 'step'; step: number; code: string; params?: Record<string, unknown> }
  | { kind: 'info'; code: string; params?: Record<string, unknown> }
  | { kind: 'issue'; issue: Issue }
  | { kind: 'progress'; progress: PublishProgress };

export interface DemoOptions {
  /** Default language of the embedded centre's pages and answers (a server option, like `centre serve --lang`). */
  pageLanguage?: Lang;
  /** Workspace directory (created); default a new temp directory. */
  dir?: string;
  /** Keep the workspace afterwards (default: keep only when `dir` is given). */
  keep?: boolean;
  /** Keyword searched on the centre at the end. */
  keyword?: string;
  onEvent?: (e: DemoEvent) => void;
}

export interface DemoResult {
  workspace: string;
  kept: boolean;
  /** The sample with deliberate errors: map report and validation report. */
  withErrors: { map: MapReport; validation: ValidationReport };
  corrected: { map: MapReport; validation: ValidationReport; records: number };
  package: { file: string; records: number; bytes: number };
  centre: { url: string };
  publish: { accepted: number; added: number; unchanged: number; rejected: number; ok: boolean };
  query: { keyword: string; total: number; titles: string[]; fetched?: { key: string; title?: string } };
  ok: boolean;
}

/** Map rejects become validation issues so one report lists every problem of a spreadsheet. */
function combined(map: MapReport, validation: ValidationReport): ValidationReport {
  if (!map.rejects.length) return validation;
  return buildReport(validation.profile, validation.stats.records + map.rejected, [...map.rejects, ...validation.issues], validation.truncated);
}

async function validateMapped(records: CatalogRecord[], map: MapReport, profile: string): Promise<ValidationReport> {
  const report = await validateRecords(records.map((record) => ({ record })), { profile });
  return combined(map, report);
}

/** The issue with its file named relative to the workspace (as a user working there would see it). */
function inWorkspace(issue: Issue, workspace: string): Issue {
  const file = issue.provenance?.file;
  if (typeof file !== 'string' || !path.isAbsolute(file)) return issue;
  return { ...issue, provenance: { ...issue.provenance, file: path.relative(workspace, file) } };
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

/** What every step of the demo needs: its workspace, its centre's page language and where events go. */
interface DemoRun {
  workspace: string;
  pageLanguage: Lang;
  emit: (e: DemoEvent) => void;
}

type Mapped = Awaited<ReturnType<typeof mapToArray>>;

/** 1. init (non-interactive) with the sample department and a mapping proposed from the sheet's headers. */
async function initWorkspace(d: DemoRun) {
  const { workspace, emit } = d;
  fs.mkdirSync(workspace, { recursive: true });
  for (const f of [SAMPLE_WITH_ERRORS, SAMPLE_CORRECTED]) fs.copyFileSync(path.join(SAMPLES_DIR, f), path.join(workspace, f));
  emit({ kind: 'step', step: 1, code: 'demo.step.init', params: { dir: workspace } });
  const proposal = await proposeMapping(path.join(workspace, SAMPLE_CORRECTED), {});
  const template = applyAssignments(proposal.base, proposal.columns, 'mapping', describeProposal(proposal));
  const config = buildConfig(SAMPLE_DEPARTMENT, {}, 'mapping.json');
  writeWorkspace(workspace, config, { file: 'mapping.json', template });
  emit({ kind: 'info', code: 'demo.init.done', params: { ...SAMPLE_DEPARTMENT, columns: proposal.columns.filter((c) => c.field).length, basis: proposal.basis.kind === 'bundled' ? proposal.basis.name : 'guess' } });
  return { template, config };
}

/** 2. map both sheets; the findings of the one with deliberate errors are shown. */
async function mapSheets(d: DemoRun, { template, config }: Awaited<ReturnType<typeof initWorkspace>>): Promise<{ bad: Mapped; good: Mapped }> {
  d.emit({ kind: 'step', step: 2, code: 'demo.step.map', params: { file: SAMPLE_WITH_ERRORS } });
  const bad = await mapToArray([path.join(d.workspace, SAMPLE_WITH_ERRORS)], template, { config });
  const good = await mapToArray([path.join(d.workspace, SAMPLE_CORRECTED)], template, { config });
  for (const issue of [...bad.report.rejects, ...bad.report.warnings]) d.emit({ kind: 'issue', issue: inWorkspace(issue, d.workspace) });
  d.emit({ kind: 'info', code: 'demo.map.done', params: { rows: bad.report.rows, records: bad.report.records, rejected: bad.report.rejected } });
  return { bad, good };
}

/** 3 and 4. validate a mapped sheet: its errors, each with its cell, then the summary. */
async function validateStep(d: DemoRun, step: 3 | 4, mapped: Mapped, profile: string): Promise<ValidationReport> {
  d.emit({ kind: 'step', step, code: step === 3 ? 'demo.step.validate-errors' : 'demo.step.validate-corrected', params: { file: step === 3 ? SAMPLE_WITH_ERRORS : SAMPLE_CORRECTED } });
  const report = await validateMapped(mapped.records, mapped.report, profile);
  for (const issue of report.issues) if (issue.severity === 'error') d.emit({ kind: 'issue', issue: inWorkspace(issue, d.workspace) });
  d.emit({ kind: 'info', code: 'demo.validate.summary', params: { ...report.stats } });
  return report;
}

/** 5. pack the valid records into a registration package. */
function packStep(d: DemoRun, valid: CatalogRecord[], profile: string | undefined): DemoResult['package'] {
  d.emit({ kind: 'step', step: 5, code: 'demo.step.pack' });
  const bytes = packRecords(valid, { provider: { name: SAMPLE_DEPARTMENT.name, code: SAMPLE_DEPARTMENT.code }, profile });
  const file = path.join(d.workspace, 'hrss.catpkg.zip');
  writeFileAtomic(file, bytes);
  d.emit({ kind: 'info', code: 'demo.pack.done', params: { file: path.relative(d.workspace, file) || file, records: valid.length, bytes: bytes.length } });
  return { file, records: valid.length, bytes: bytes.length };
}

/** 6. an embedded directory centre on a free loopback port, with a token for the department. */
async function centreStep(d: DemoRun): Promise<{ centre: RunningCentre; token: string }> {
  d.emit({ kind: 'step', step: 6, code: 'demo.step.centre' });
  const store = openSqliteStore(path.join(d.workspace, 'centre.sqlite'));
  const { token } = await createToken(store, { provider: SAMPLE_DEPARTMENT.code, label: 'demo' });
  const centre = await startCentre({ store, port: 0, host: '127.0.0.1', lang: d.pageLanguage });
  d.emit({ kind: 'info', code: 'demo.centre.started', params: { url: centre.url } });
  return { centre, token };
}

/** 7. publish the package. */
async function publishStep(d: DemoRun, pkgFile: string, url: string, token: string): Promise<PublishResult & { added: number }> {
  d.emit({ kind: 'step', step: 7, code: 'demo.step.publish', params: { url } });
  const collected = await collectInput([pkgFile]);
  const target = centreTarget({ url, token });
  const ledger = Ledger.open(path.join(d.workspace, '.catalog', 'publish', 'demo.jsonl'), { target: target.kind, url });
  let published: PublishResult;
  try {
    published = await publish({ target, items: collected.items, refused: collected.refused, packages: collected.packages, ledger, onProgress: (progress) => d.emit({ kind: 'progress', progress }) });
  } finally {
    ledger.close();
  }
  const added = published.accepted.filter((a) => a.change === 'added').length;
  d.emit({ kind: 'info', code: 'demo.publish.done', params: { accepted: published.accepted.length, added, unchanged: published.unchanged, rejected: published.rejected.length } });
  return { ...published, added };
}

/** 8. query it back: search a Chinese keyword, then fetch the first hit. */
async function queryStep(d: DemoRun, url: string, keyword: string): Promise<DemoResult['query']> {
  d.emit({ kind: 'step', step: 8, code: 'demo.step.query', params: { keyword } });
  const search = await getJson(`${url}/api/v1/records?q=${encodeURIComponent(keyword)}&pageSize=50`);
  const titles: string[] = (search.items ?? []).map((i: { title?: string; key: string }) => i.title ?? i.key);
  d.emit({ kind: 'info', code: 'demo.query.hits', params: { keyword, total: search.total, url: `${url}/api/v1/records?q=${encodeURIComponent(keyword)}` } });
  for (const [i, item] of (search.items ?? []).entries()) d.emit({ kind: 'info', code: 'demo.query.item', params: { n: i + 1, key: item.key, title: item.title, provider: item.providerName } });
  let fetched: DemoResult['query']['fetched'];
  if (search.items?.length) {
    const one = await getJson(`${url}/api/v1/records/${encodeURIComponent(search.items[0].key)}`);
    const rec = (one.record ?? one) as CatalogRecord;
    fetched = { key: search.items[0].key, title: rec.title };
    d.emit({ kind: 'info', code: 'demo.query.fetched', params: { key: fetched.key, title: rec.title, items: rec.items?.length ?? 0, url: `${url}/api/v1/records/${encodeURIComponent(fetched.key)}` } });
  }
  return { keyword, total: search.total, titles, fetched };
}

/**
 * The whole pipeline on the bundled sample department, in a workspace of its own:
 * init → map → validate (deliberate errors, then the corrected sheet) → pack → embedded centre → publish → search → stop.
 * Nothing is printed: progress and findings go to `onEvent`; the outcome is returned.
 */
export async function runDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const workspace = o.dir ? path.resolve(o.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-demo-'));
  const d: DemoRun = { workspace, pageLanguage: o.pageLanguage ?? 'en', emit: o.onEvent ?? (() => {}) };
  const kept = o.keep ?? !!o.dir;
  let centre: RunningCentre | undefined;
  try {
    const init = await initWorkspace(d);
    const profile = init.config.profile ?? 'guide2017';
    const { bad, good } = await mapSheets(d, init);
    const badReport = await validateStep(d, 3, bad, profile);
    const goodReport = await validateStep(d, 4, good, profile);
    await writeJsonl(path.join(workspace, 'records.jsonl'), good.records);
    const pkg = packStep(d, good.records, init.config.profile);
    const started = await centreStep(d);
    centre = started.centre;
    const centreUrl = centre.url;
    const published = await publishStep(d, pkg.file, centreUrl, started.token);
    const query = await queryStep(d, centreUrl, o.keyword ?? '就业');

    // 9. stop the centre.
    d.emit({ kind: 'step', step: 9, code: 'demo.step.stop' });
    await centre.close();
    centre = undefined;
    const ok = !badReport.valid && goodReport.valid && published.ok && published.accepted.length + published.unchanged === pkg.records && query.total > 0;
    d.emit({ kind: 'info', code: ok ? 'demo.done' : 'demo.failed', params: { dir: workspace, kept } });
    return {
      workspace,
      kept,
      withErrors: { map: bad.report, validation: badReport },
      corrected: { map: good.report, validation: goodReport, records: good.records.length },
      package: pkg,
      centre: { url: centreUrl },
      publish: { accepted: published.accepted.length, added: published.added, unchanged: published.unchanged, rejected: published.rejected.length, ok: published.ok },
      query,
      ok,
    };
  } finally {
    if (centre) await centre.close().catch(() => {});
    if (!kept) fs.rmSync(workspace, { recursive: true, force: true });
  }
}
