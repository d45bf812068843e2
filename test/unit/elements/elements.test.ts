import { renderIssue } from '../../../src/i18n/render-issue.js';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { DATA_ELEMENTS_FILE, DATA_ELEMENTS_SCHEMA_FILE } from '../../../src/elements/dictionary.js';
import { checkDataElements, compareWithElement } from '../../../src/elements/check.js';
import { ElementsError, loadElements } from '../../../src/elements/dictionary.js';
import { matchElement } from '../../../src/elements/match.js';
import { validateRecord } from '../../../src/validate/records.js';
import { type CatalogRecord } from '../../../src/model/record.js';

const dict = loadElements();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-elements-'));

describe('the common data-element dictionary', () => {
  it('matches its own JSON Schema (loadElements trusts the bundled file and checks only a user\'s)', () => {
    const check = new Ajv2020({ strict: false }).compile(JSON.parse(fs.readFileSync(DATA_ELEMENTS_SCHEMA_FILE, 'utf8')));
    expect(check(JSON.parse(fs.readFileSync(DATA_ELEMENTS_FILE, 'utf8'))), JSON.stringify(check.errors)).toBe(true);
  });

  it('holds the e-government elements, each citing a source or marked as a project extension', () => {
    const names = dict.elements.map((e) => e.name);
    for (const n of ['统一社会信用代码', '组织机构代码', '公民身份号码', '姓名', '性别', '出生日期', '法定代表人', '企业名称', '注册资本', '成立日期', '行政区划代码', '地址', '邮政编码', '联系电话', '电子邮箱'])
      expect(names).toContain(n);
    for (const e of dict.elements) {
      expect(e.source.standard.length).toBeGreaterThan(0);
      if (e.source.evidence === 'project extension') expect(e.source.standard).toMatch(/project extension/);
    }
  });

  it('matches by name, synonym and column name, ignoring case and separators', () => {
    expect(matchElement(dict, { name: '统一社会信用代码' })?.id).toBe('uscc');
    expect(matchElement(dict, { name: '法人代表' })?.id).toBe('legalRep');
    expect(matchElement(dict, { name: '列1', englishName: 'Credit_Code' })?.id).toBe('uscc');
    expect(matchElement(dict, { name: '办理事项' })).toBeUndefined();
  });

  it('says what the element needs: fixed length exactly, variable length at least, same type', () => {
    const uscc = matchElement(dict, { name: '统一社会信用代码' })!;
    expect(compareWithElement({ name: '统一社会信用代码', dataType: 'C', length: '20' }, uscc)).toMatchObject({ expected: 'C 18', found: 'C 20' });
    expect(compareWithElement({ name: '统一社会信用代码', dataType: 'C', length: '18' }, uscc)).toBeUndefined();
    const name = matchElement(dict, { name: '企业名称' })!;
    expect(compareWithElement({ name: '企业名称', dataType: 'C', length: '200' }, name)).toBeUndefined();
    expect(compareWithElement({ name: '企业名称', dataType: 'C', length: '50' }, name)).toMatchObject({ expected: 'C 100', found: 'C 50' });
    const post = matchElement(dict, { name: '邮编' })!;
    expect(compareWithElement({ name: '邮编', dataType: 'N', length: '6' }, post)).toMatchObject({ expected: 'C 6', found: 'N 6' });
  });

  it('validate warns with a typed code, params and both languages', () => {
    const record = { title: 't', provider: { name: 'p' }, items: [{ name: '统一社会信用代码', dataType: 'C', length: '20' }] } as CatalogRecord;
    const [issue] = checkDataElements(record, dict);
    expect(issue).toMatchObject({ code: 'element-mismatch', severity: 'warning', path: '/items/0', params: { element: '统一社会信用代码', expected: 'C 18', found: 'C 20' } });
    expect(issue.message).toBeUndefined(); // rendered at the edge
    expect(renderIssue(issue, 'en').message).toMatch(/^统一社会信用代码 should be C 18, found C 20/);
    expect(renderIssue(issue, 'zh').message).toMatch(/应为 C 18，实际为 C 20/);
    expect(validateRecord(record, {}).some((i) => i.code === 'element-mismatch')).toBe(true);
    expect(validateRecord(record, { rules: { rules: { 'element-mismatch': 'off' } } }).some((i) => i.code === 'element-mismatch')).toBe(false);
  });

  it('a user dictionary comes first; a bad one is refused naming the file', () => {
    const own = path.join(tmp, 'own.json');
    fs.writeFileSync(own, JSON.stringify({ id: 'local', elements: [{ id: 'uscc', name: '统一社会信用代码', dataType: 'C', length: 20, fixedLength: true, source: { standard: 'local rule', evidence: 'local' } }] }));
    const mine = loadElements(own);
    expect(compareWithElement({ name: '统一社会信用代码', dataType: 'C', length: '20' }, matchElement(mine, { name: '统一社会信用代码' })!)).toBeUndefined();
    expect(matchElement(mine, { name: '邮编' })?.id).toBe('postcode');
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ id: 'x', elements: [{ id: 'a', name: 'b', dataType: 'Q', source: { standard: 's', evidence: 'local' } }] }));
    expect(() => loadElements(bad)).toThrow(ElementsError);
    expect(() => loadElements(path.join(tmp, 'missing.json'))).toThrow(/missing\.json/);
  });
});
