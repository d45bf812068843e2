// CSV figures of `npm run bench` (issue 15): map+validate of a 1,000,000-row compilation sheet, UTF-8 and GB18030,
// on one thread and with --jobs 2, against a plain csv-parse pass of the same file (the floor). See BENCHMARKS.md.
import { generateCsv } from './generate.mjs';

/**
 * Adds the CSV rows to the bench table. One thread: throughput from CPU time (as every single-thread figure).
 * --jobs 2: from wall time, the only measure that shows two cores at work (CPU time adds the threads up); on a
 * loaded machine wall time runs long, so the --jobs ratio errs low. The floor is csv-parse's CPU time.
 */
export async function benchCsv({ sizes, encodings, ensure, task, add, fmt, rate }) {
  for (const enc of encodings) {
    const file = await ensure(`catalogue-${sizes.csv}-${enc}.csv`, (f) => generateCsv(f, sizes.csv, enc));
    const raw = task(enc === 'utf-8' ? 'csv-parse' : 'csv-parse-gb18030', file);
    const one = task('map-validate', file);
    const two = task('map-validate-jobs', file, 2);
    const floor = rate(raw.count, raw.ms);
    const r1 = rate(one.count, one.ms) / floor;
    const r2 = rate(two.count, two.wallMs) / floor;
    const rows = `CSV ${enc} ${fmt(sizes.csv)} rows`;
    add(`${rows}: map+validate rows/s, one thread (CPU time)`, fmt(rate(one.count, one.ms)), `csv-parse ${fmt(floor)}/s`, `${r1.toFixed(2)}×`, '≥ 0.5×', r1 >= 0.5);
    add(`${rows}: map+validate rows/s, --jobs 2 (wall time)`, fmt(rate(two.count, two.wallMs)), `csv-parse ${fmt(floor)}/s`, `${r2.toFixed(2)}×`, '≥ 1.2×', r2 >= 1.2);
    add(`${rows}: map+validate peak RSS, one thread`, `${fmt(one.maxRssMB)} MB`, `csv-parse ${fmt(raw.maxRssMB)} MB`, `${(one.maxRssMB / raw.maxRssMB).toFixed(2)}×`, '< 300 MB', one.maxRssMB < 300);
    add(`${rows}: map+validate peak RSS, --jobs 2`, `${fmt(two.maxRssMB)} MB`, `csv-parse ${fmt(raw.maxRssMB)} MB`, `${(two.maxRssMB / raw.maxRssMB).toFixed(2)}×`, '< 300 MB', two.maxRssMB < 300);
  }
}

/** bench/task.mjs `map-validate-jobs`: what `catalog validate x.csv --mapping … --jobs n` does, through the library. */
export async function mapValidateJobs(lib, file, template, jobs) {
  const report = lib.emptyReport(template);
  const check = { profile: 'guide2017', lang: 'en' };
  const r = await lib.validateRecords(lib.mapForValidation(file, template, { config: {}, lang: 'en', jobs, jobSizes: { minBytes: 1 } }, report, check), { ...check, maxErrors: 100 });
  if (r.stats.errors) throw new Error(`${r.stats.errors} validation errors (the generated rows should be valid)`);
  return { count: r.stats.records };
}
