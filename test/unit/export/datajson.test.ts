import { renderIssue } from '../../../src/i18n/render-issue.js';
import { describe, expect, it } from 'vitest';
import { recordsToDataJson } from '../../../src/export/datajson.js';
import { IMPORTERS } from '../../../src/import/index.js';
import { recordKey } from '../../../src/model/identity.js';
import { validatePod } from '../../helpers/validators.js';
import { readJsonl, project } from '../../helpers/records.js';

const config = { export: { bureauCode: ['015:11'], programCode: ['015:001'], contactEmail: 'data@example.gov.cn' } };
const rich = readJsonl('records', 'export-rich.jsonl');

describe('data.json export (Project Open Data v1.1)', () => {
  it('passes the published POD v1.1 JSON Schema when the config has the federal codes and a contact email', () => {
    const { document, issues } = recordsToDataJson(rich, { config });
    const v = validatePod(document);
    expect(v.errors).toBeNull();
    expect(v.valid).toBe(true);
    expect(issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('says clearly which config values are missing, and the output then fails the schema', () => {
    const { document, issues } = recordsToDataJson(rich, {});
    expect(issues.map((i) => i.params?.field)).toEqual(expect.arrayContaining(['bureauCode', 'programCode', 'contactPoint.hasEmail']));
    expect(renderIssue(issues.find((i) => i.params?.field === 'bureauCode')!, 'en').message).toMatch(/catalog.config.json has no export.bureauCode/);
    expect(validatePod(document).valid).toBe(false);
  });

  it('round-trips the fields data.json carries', async () => {
    const { document } = recordsToDataJson(rich, { config });
    const back = (await IMPORTERS.datajson.run(new TextEncoder().encode(JSON.stringify(document)), { file: 'data.json' })).records;
    const fields = ['title', 'abstract', 'keywords', 'publishedDate', 'metadataUpdated', 'provider.name', 'onlineResources', 'service', 'updateCycle'];
    expect(back.map((r) => [recordKey(r), project(r, fields)])).toEqual(rich.map((r) => [recordKey(r), project(r, fields)]));
    // accessLevel is required, so an unknown openness comes back as non-public (open: false).
    expect(back.map((r) => r.openness?.open)).toEqual(rich.map((r) => r.openness?.open ?? false));
  });
});
