// One fuzz case per message, in a worker thread the test can terminate (a hang in a synchronous parser cannot be
// interrupted any other way) and whose heap is capped (resourceLimits). Uses the built library (dist/), as the CLI does.
import { parentPort } from 'node:worker_threads';
import fs from 'node:fs';
import { readSource, verifyPackage, readRecordFile, InputError } from '../../dist/index.js';
// Not on the front door (internal tables and error classes), so from their own modules: the instances the readers throw.
import { ReadError } from '../../dist/readers/row.js';
import { IMPORTERS } from '../../dist/import/index.js';
import { ImportParseError } from '../../dist/import/issue.js';

/** Errors each target may end with: they become exit 2 (usage / unreadable input) or 1 (invalid input) in the CLI. */
const EXPECTED = { read: [ReadError], import: [ImportParseError], verify: [], records: [InputError] };

async function run({ target, file, format, importer }) {
  if (target === 'read') {
    let rows = 0;
    for await (const _ of readSource(file, { format })) rows++;
    return `${rows} rows`;
  }
  if (target === 'import') {
    const r = await IMPORTERS[importer].run(new Uint8Array(fs.readFileSync(file)), { file, lang: 'en' });
    return `${r.records.length} records`;
  }
  if (target === 'verify') {
    const r = await verifyPackage(new Uint8Array(fs.readFileSync(file)), { fileName: file });
    return r.valid ? 'valid' : `invalid: ${r.issues.length} issues`;
  }
  let n = 0;
  for await (const _ of readRecordFile(file)) n++;
  return `${n} records`;
}

parentPort.on('message', async (job) => {
  try {
    parentPort.postMessage({ outcome: 'ok', detail: await run(job) });
  } catch (err) {
    const expected = EXPECTED[job.target].some((c) => err instanceof c);
    parentPort.postMessage(expected
      ? { outcome: 'refused', detail: `${err.code ?? err.constructor.name}` }
      : { outcome: 'unexpected', detail: err instanceof Error ? err.stack : String(err) });
  }
});
