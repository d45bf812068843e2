// The library internals the benchmarks time, straight from their modules in dist/: the front door (dist/index.js)
// loads modules lazily and makes their verbs async, which is right for callers but would put the lazy-loading
// wrappers inside the timed loops.
export { readSource } from '../dist/readers/source.js';
export { loadTemplate } from '../dist/pipeline/load-template.js';
export { emptyReport } from '../dist/mapping/report.js';
export { mapFile } from '../dist/pipeline/map-file.js';
export { mapToArray } from '../dist/pipeline/map-sources.js';
export { mapForValidation } from '../dist/pipeline/map-validation.js';
export { validateRecords } from '../dist/validate/records.js';
export { readRecordFile } from '../dist/model/jsonl.js';
export { contentHash } from '../dist/model/identity.js';
export { packRecords } from '../dist/package/pack.js';
export { verifyPackage } from '../dist/package/verify.js';
export { openCentreStore } from '../dist/centre/open.js';
export { openSqliteStore } from '../dist/centre/sqlite-store.js';
export { openPgStore } from '../dist/centre/pg-store.js';
export { LOCAL_ORIGIN } from '../dist/centre/store.js';
export { createToken } from '../dist/centre/auth.js';
export { startCentre } from '../dist/centre/server.js';
export { handleOai } from '../dist/centre/oai.js';
