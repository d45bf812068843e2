// A worker thread of `--jobs`: parses byte ranges of one CSV file, then maps (and validates) their rows once the
// coordinator (src/parallel/run.ts) sends the numbering that the ranges before them end with.
import { parentPort } from 'node:worker_threads';
import { parseRange, rangeRows, summaryOf, type CsvPlan, type ParsedRange, type RangeCarry } from './range.js';
import { mapRow } from '../mapping/map.js';
import type { MappingTemplate } from '../mapping/template.js';
import type { WorkspaceConfig } from '../config/workspace.js';
import { validateRecord, type ValidateOptions } from '../validate/records.js';
import { crossKeysOf, crossRecordView } from '../validate/cross-record.js';
import { ReadError } from '../readers/row.js';
import { BatchBuilder, type Batch } from './batch.js';
import { footersApply, tailInfo } from './footer-row.js';

/** Set up once per worker. */
export interface WorkerInit {
  plan: CsvPlan;
  template: MappingTemplate;
  config?: WorkspaceConfig;
  /** Validate each record too (catalog validate); else send records as JSON lines (catalog map). */
  check?: Pick<ValidateOptions, 'profile' | 'disputed' | 'rules'>;
  /** Rows per batch message. */
  batchRows: number;
}

export type { Batch } from './batch.js';

export type ToWorker =
  | { type: 'init'; init: WorkerInit }
  | { type: 'parse'; range: number; start: number; end: number }
  | { type: 'emit'; range: number; start: number; carry: RangeCarry }
  /** Forget the range parsed (the run has ended without it). */
  | { type: 'drop' };

export type FromWorker =
  | { type: 'parsed'; range: number; summary: ReturnType<typeof summaryOf> }
  | { type: 'batch'; range: number; batch: Batch }
  | { type: 'done'; range: number }
  | { type: 'dropped'; range: -1 }
  | { type: 'error'; range: number; read?: { code: string; params: Record<string, unknown> }; internal?: string };

let init: WorkerInit;
let parsed: { range: number; end: number; p: ParsedRange } | undefined;
const post = (m: FromWorker) => parentPort!.postMessage(m);

/** Map (and check) the rows of a parsed range, posting batches in order. */
function emit(range: number, p: ParsedRange, carry: RangeCarry): void {
  const { plan, template, check } = init;
  const o = { config: init.config };
  const out = new BatchBuilder(!!check, footersApply(plan.read));
  const flush = () => post({ type: 'batch', range, batch: out.take() });
  try {
    for (const row of rangeRows(plan, p, carry)) {
      out.row(out.learned && tailInfo(row, out.learned));
      const ev = mapRow(row, template, o);
      if (ev.kind === 'blank') out.blank();
      else if (ev.kind === 'reject') out.reject(ev.reject, ev.warnings);
      else if (!check) out.line(JSON.stringify(ev.record), ev.warnings);
      else {
        const k = crossKeysOf(ev.record);
        out.checked(validateRecord(ev.record, check, { file: plan.file, index: 0 }), [k.provider, k.ids[0], k.ids[1], k.ids[2], k.title, k.related], JSON.stringify(crossRecordView(ev.record)));
      }
      if (out.size >= init.batchRows) flush();
    }
    flush();
    post({ type: 'done', range });
  } catch (err) {
    flush();
    if (err instanceof ReadError) post({ type: 'error', range, read: { code: err.code, params: err.params } });
    else throw err;
  }
}

parentPort!.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'init') init = m.init;
    else if (m.type === 'drop') {
      parsed = undefined;
      post({ type: 'dropped', range: -1 });
    }
    else if (m.type === 'parse') {
      parsed = { range: m.range, end: m.end, p: parseRange(init.plan, m.start, m.end) };
      post({ type: 'parsed', range: m.range, summary: summaryOf(parsed.p) });
    } else if (m.type === 'emit') {
      if (!parsed || parsed.range !== m.range) throw new Error(`emit of range ${m.range}, which this worker has not parsed`);
      // The range before ended elsewhere than this one was guessed to start: parse it again from there.
      if (parsed.p.start !== m.start) {
        parsed.p = parseRange(init.plan, m.start, parsed.end);
        post({ type: 'parsed', range: m.range, summary: summaryOf(parsed.p) });
      }
      const p = parsed.p;
      parsed = undefined;
      emit(m.range, p, m.carry);
    }
  } catch (err) {
    post({ type: 'error', range: 'range' in m ? m.range : -1, internal: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
