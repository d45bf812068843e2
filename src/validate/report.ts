import type { Issue, Severity } from '../issues/issue.js';

export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** Per-rule summary row: every issue found, including those cut by --max-errors. */
export interface RuleSummary extends SeverityCounts {
  rule: string;
  code: string;
  /** Records with at least one issue from this rule. */
  records: number;
}

/** Per-source summary row: one per file (and sheet, for spreadsheets). */
export interface SourceSummary extends SeverityCounts {
  file: string;
  sheet?: string;
  records: number;
  valid: number;
  invalid: number;
}

/** Schema: docs/report-schema.md and standards/report.schema.json. */
export interface ValidationReport {
  /** Report schema version; bump on incompatible changes (docs/report-schema.md). */
  version: 1;
  valid: boolean;
  profile: string;
  stats: {
    /** Records checked; always valid + invalid. */
    records: number;
    valid: number;
    invalid: number;
    /** Counts of every issue found, also those left out of `issues` by --max-errors. */
    errors: number;
    warnings: number;
    infos: number;
  };
  /** True when --max-errors stopped collecting issues (checking and counting went on). */
  truncated: boolean;
  rules: RuleSummary[];
  sources: SourceSummary[];
  issues: Issue[];
}

const bump = (c: SeverityCounts, s: Severity) => {
  if (s === 'error') c.errors++;
  else if (s === 'warning') c.warnings++;
  else c.infos++;
};

/**
 * Accumulates a report over a stream: counts everything, keeps at most `maxErrors` errors in the
 * issue list (warnings and infos are kept). Memory: one small row per rule and per source, plus
 * the set of invalid record indexes.
 */
export class ReportBuilder {
  private counts: SeverityCounts = { errors: 0, warnings: 0, infos: 0 };
  private invalid = new Set<number>();
  private fileErrors = 0;
  private records = 0;
  private rules = new Map<string, RuleSummary & { seen: Set<number> }>();
  private sources = new Map<string, SourceSummary & { invalidSet: Set<number> }>();
  /** Record index → source key, as runs of consecutive indexes from one source: O(runs), not O(records). */
  private runStarts: number[] = [];
  private runEnds: number[] = [];
  private runKeys: string[] = [];
  /** Runs ascend and do not overlap (the usual case): binary search; else scan from the latest run. */
  private runsSorted = true;
  private kept: Issue[] = [];
  private keptErrors = 0;
  truncated = false;

  constructor(private profile: string, private maxErrors?: number) {}

  /** The last source key made: records come file by file, so this saves building the same string per record. */
  private lastKey?: { file: string; sheet?: string; key: string };

  private sourceKey(file: string, sheet?: string) {
    const l = this.lastKey;
    if (l && l.file === file && l.sheet === sheet) return l.key;
    const key = `${file}\u0000${sheet ?? ''}`;
    this.lastKey = { file, sheet, key };
    return key;
  }

  /** Count a record as checked, attributing it to its file/sheet. */
  addRecord(index: number, file: string, sheet?: string): void {
    this.records++;
    const key = this.sourceKey(file, sheet);
    let s = this.sources.get(key);
    if (!s) this.sources.set(key, (s = { file, ...(sheet ? { sheet } : {}), records: 0, valid: 0, invalid: 0, errors: 0, warnings: 0, infos: 0, invalidSet: new Set() }));
    s.records++;
    // Remember each record's source for late (cross-record) issues.
    const n = this.runStarts.length;
    if (n && this.runKeys[n - 1] === key && index === this.runEnds[n - 1] + 1) this.runEnds[n - 1] = index;
    else {
      if (n && index <= this.runEnds[n - 1]) this.runsSorted = false;
      this.runStarts.push(index);
      this.runEnds.push(index);
      this.runKeys.push(key);
    }
  }

  /** The source key of a record; like a map from index to source, the latest addRecord of an index wins. */
  private sourceOf(index: number): string | undefined {
    const { runStarts: s, runEnds: e } = this;
    const last = s.length - 1;
    if (last < 0) return undefined;
    if (s[last] <= index && index <= e[last]) return this.runKeys[last];
    if (this.runsSorted) {
      let lo = 0;
      let hi = last - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (index < s[mid]) hi = mid - 1;
        else if (index > e[mid]) lo = mid + 1;
        else return this.runKeys[mid];
      }
      return undefined;
    }
    for (let i = last - 1; i >= 0; i--) if (s[i] <= index && index <= e[i]) return this.runKeys[i];
    return undefined;
  }

  addIssue(i: Issue): void {
    bump(this.counts, i.severity);
    const id = i.rule ?? i.code;
    let r = this.rules.get(id);
    if (!r) this.rules.set(id, (r = { rule: id, code: i.code, records: 0, errors: 0, warnings: 0, infos: 0, seen: new Set() }));
    bump(r, i.severity);
    if (i.record !== undefined && !r.seen.has(i.record)) {
      r.seen.add(i.record);
      r.records++;
    }
    const src = i.record !== undefined ? this.sources.get(this.sourceOf(i.record) ?? '') : undefined;
    if (src) bump(src, i.severity);
    if (i.severity === 'error') {
      if (i.record !== undefined) {
        this.invalid.add(i.record);
        src?.invalidSet.add(i.record);
      } else this.fileErrors++;
      if (this.maxErrors !== undefined && this.keptErrors >= this.maxErrors) {
        this.truncated = true;
        return;
      }
      this.keptErrors++;
    }
    this.kept.push(i);
  }

  build(): ValidationReport {
    const sources = [...this.sources.values()].map(({ invalidSet, ...s }) => ({ ...s, invalid: invalidSet.size, valid: s.records - invalidSet.size }));
    const rules = [...this.rules.values()].map(({ seen: _seen, ...r }) => r).sort((a, b) => a.rule.localeCompare(b.rule));
    const issues = [...this.kept].sort((a, b) => (a.record ?? -1) - (b.record ?? -1));
    return {
      version: 1,
      // File-level errors (unreadable input) make the run invalid even with no record attached.
      valid: this.counts.errors === 0 && this.fileErrors === 0,
      profile: this.profile,
      stats: { records: this.records, valid: this.records - this.invalid.size, invalid: this.invalid.size, ...this.counts },
      truncated: this.truncated,
      rules,
      sources,
      issues,
    };
  }
}

/** Build a report from a list of issues; `records` is how many records were checked. */
export function buildReport(profile: string, records: number, issues: Issue[], truncated = false): ValidationReport {
  const b = new ReportBuilder(profile);
  for (let i = 0; i < records; i++) b.addRecord(i, '');
  for (const i of issues) b.addIssue(i);
  const r = b.build();
  return { ...r, truncated: truncated || r.truncated };
}

/**
 * Add issues that belong to no record (e.g. spreadsheet rows the mapping rejected) to a finished
 * report: counts, per-rule and per-source summaries and validity follow; `records` does not change.
 */
export function addFileIssues(report: ValidationReport, extra: Issue[]): ValidationReport {
  if (!extra.length) return report;
  const stats = { ...report.stats };
  const rules = report.rules.map((r) => ({ ...r }));
  const sources = report.sources.map((s) => ({ ...s }));
  for (const i of extra) {
    bump(stats, i.severity);
    const id = i.rule ?? i.code;
    let r = rules.find((x) => x.rule === id);
    if (!r) rules.push((r = { rule: id, code: i.code, records: 0, errors: 0, warnings: 0, infos: 0 }));
    bump(r, i.severity);
    const p = i.provenance as { file?: string; sheet?: string } | undefined;
    if (p?.file) {
      let s = sources.find((x) => x.file === p.file && (x.sheet ?? '') === (p.sheet ?? ''));
      if (!s) sources.push((s = { file: p.file, ...(p.sheet ? { sheet: p.sheet } : {}), records: 0, valid: 0, invalid: 0, errors: 0, warnings: 0, infos: 0 }));
      bump(s, i.severity);
    }
  }
  rules.sort((a, b) => a.rule.localeCompare(b.rule));
  return { ...report, valid: report.valid && stats.errors === report.stats.errors, stats, rules, sources, issues: [...extra, ...report.issues] };
}
