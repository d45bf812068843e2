// Build step (npm run build): compile every shipped profile schema, in each setting of its options, to ajv
// standalone code in dist/validate/precompiled/ (see src/validate/precompiled.ts). Run after tsc.
import standaloneCode from 'ajv/dist/standalone/index.js';
import { listProfiles, loadProfile } from '../dist/profiles/load.js';
import { profileAjv } from '../dist/validate/schema.js';
import { writePrecompiled } from '../dist/validate/precompiled.js';

const standalone = standaloneCode.default ?? standaloneCode;
let n = 0;
for (const info of listProfiles()) {
  for (const disputed of ['required', 'optional']) {
    const { schema } = loadProfile(info.id, { disputed });
    const ajv = profileAjv(true);
    writePrecompiled(schema, standalone(ajv, ajv.compile(schema)));
    n++;
  }
}
console.error(`precompiled ${n} profile schemas`);
