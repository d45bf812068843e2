import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mapToArray } from '../../src/pipeline/map-sources.js';
import { validateRecord } from '../../src/validate/records.js';
import { loadCodeList } from '../../src/profiles/codelist.js';
import { type MappingTemplate } from '../../src/mapping/template.js';
import { closeCode } from '../../src/profiles/codelist.js';
import { transformValue } from '../../src/mapping/transforms.js';
import { renderIssue } from '../../src/i18n/render-issue.js';
import { runCli } from '../helpers/cli.js';
import { writeDeptWorkbook, tempDir } from '../helpers/dept-sheet.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The department sheet's columns, mapped by hand (the header guess is tested elsewhere). */
const TEMPLATE: MappingTemplate = {
  fields: [
    { field: '/title', column: '信息资源名称', required: true },
    { field: '/sharing/type', column: '共享/共享属性', transforms: ['trim', { codelist: 'share-type' }] },
    { field: '/sharing/method', column: '共享/共享方式', transforms: ['trim', { codelist: 'share-method' }] },
    { field: '/openness/open', column: '开放/是否开放', transforms: ['trim', 'boolean'] },
    { field: '/openness/type', column: '开放/开放条件', transforms: ['trim', { codelist: 'open-type' }] },
    { field: '/updateCycle', column: '更新周期', transforms: ['trim', { codelist: 'update-cycle' }] },
    { field: '/publishedDate', column: '发布日期', transforms: ['date'] },
  ],
};

describe('values as people type them', () => {
  it('normalises shortened code-list values with a "did you mean" warning, aliases silently', async () => {
    const s = writeDeptWorkbook(dir, 'values.xlsx');
    const { records, report } = await mapToArray([s.file], TEMPLATE);
    expect(records.map((r) => [r.sharing?.type, r.sharing?.method, r.updateCycle, r.openness?.open])).toEqual([
      ['有条件共享', '共享平台方式', '每月', false],
      ['无条件共享', '共享平台方式', '每季度', true],
      ['有条件共享', '共享平台方式', '每周', true],
      ['不予共享', undefined, '每日', false],
      ['有条件共享', '共享平台方式', '每月', false],
    ]);
    const assumed = report.warnings.filter((w) => w.code === 'map-value-assumed');
    expect(assumed.map((w) => [w.provenance?.row, w.provenance?.column, w.value])).toEqual([[5, 'N', '有条件'], [10, 'N', '有条件']]);
    // Worded at the edge, in either language, from the issue's code and params.
    expect(renderIssue(assumed[0], 'en').message).toContain('read as "有条件共享"');
    expect(renderIssue(assumed[0], 'zh').message).toContain('已按“有条件共享”处理');
    // Close means one label starts with it; typos and ambiguous stubs are left to validation's "did you mean".
    expect(closeCode(loadCodeList('open-type'), '有条件')?.label).toBe('有条件开放');
    expect(closeCode(loadCodeList('update-cycle'), '每')).toBeUndefined();
    expect(closeCode(loadCodeList('update-cycle'), '每季渡')).toBeUndefined();
  });

  it('reads Chinese date forms and real Excel dates', async () => {
    const s = writeDeptWorkbook(dir, 'dates.xlsx');
    const { records } = await mapToArray([s.file], TEMPLATE);
    expect(records.map((r) => r.publishedDate)).toEqual(['2024-03-01', '2024-04-15', '2024-03-05', '2024-01-15', '2023-11-30']);
    expect(transformValue(45366, ['date'])).toBe('2024-03-15');
    expect(transformValue('２０２４年３月５日', ['date'])).toBe('2024-03-05');
  });

  it('reports an impossible date as an invalid date at its cell, not as a missing one', async () => {
    const s = writeDeptWorkbook(dir, 'bad-date.xlsx', { firstDate: '2024.2.30' });
    const { records } = await mapToArray([s.file], TEMPLATE);
    expect(records[0].publishedDate).toBe('2024-02-30');
    const issues = validateRecord(records[0], { profile: 'guide2017' }).filter((i) => i.path === '/publishedDate');
    expect(issues.map((i) => [i.code, i.provenance?.row, i.provenance?.column])).toEqual([['format-invalid', 5, 'U']]);
    const tpl = path.join(dir, 't.json');
    fs.writeFileSync(tpl, JSON.stringify(TEMPLATE));
    const zh = runCli(['validate', s.file, '--mapping', tpl, '--lang', 'zh']);
    expect(zh.stdout).toMatch(/format-invalid \/publishedDate.*\n.*“2024-02-30”/);
    expect(zh.stdout).not.toMatch(/缺少.*发布日期/);
  });
});
