import { describe, it, expect } from 'vitest';
import { checkUscc, checkOrgCode, checkProviderCode, usccCheckChar } from '../../../src/validate/identifiers.js';

/**
 * Real published codes. Sources:
 *  [W] https://zh.wikipedia.org/zh-hk/%E8%8F%AF%E7%88%B2 — infobox "機構代碼 914403001922038216" (华为技术有限公司)
 *  [G] https://zwinkt.com/zwgk/art/2018/2/28/art_46355_1634538 — 泰州市人民政府 2017 政府信息公开年报,
 *      索引号 "014416330/2018-04736", 发布机构 市政府办; the 索引号 prefix is the publisher's 组织机构代码
 *      (the usual convention of government disclosure catalogues; inferred, not stated on the page)
 *  [R] the business-registration record (国家企业信用信息公示系统, https://www.gsxt.gov.cn), widely republished
 *      (e.g. in many public repositories' fixtures); this session could not open gsxt.gov.cn itself, so these
 *      rest on republication plus the fact that they pass both independent checksums below.
 * An 18-character code embeds the organisation code at positions 9–17 (GB 32100-2015 主体标识码), which gives
 * independent GB 11714 cases.
 */
const REAL_USCC: [string, string, string][] = [
  ['914403001922038216', '华为技术有限公司', 'W'],
  ['9144030071526726XG', '腾讯科技（深圳）有限公司', 'R'],
  ['91440300708461136T', '深圳市腾讯计算机系统有限公司', 'R'],
  ['91330100799655058B', '阿里巴巴（中国）有限公司', 'R'],
];
const REAL_ORG: [string, string, string][] = [
  ['19220382-1', '华为技术有限公司 (from its credit code)', 'W'],
  ['71526726-X', '腾讯科技（深圳）有限公司 (from its credit code; X check digit)', 'R'],
  ['70846113-6', '深圳市腾讯计算机系统有限公司 (from its credit code)', 'R'],
  ['79965505-8', '阿里巴巴（中国）有限公司 (from its credit code)', 'R'],
  ['014416330', '泰州市人民政府办公室 (索引号 prefix)', 'G'],
];

/** Corruptions: one character changed, two neighbours swapped (the classic typing errors a check character catches). */
function corrupt(code: string): string[] {
  const out = new Set<string>();
  const body = code.replace('-', '');
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  for (const pos of [0, 5, body.length - 2, body.length - 1]) {
    const c = body[pos];
    const repl = alphabet[(alphabet.indexOf(c) + 7) % 10] === c ? alphabet[(alphabet.indexOf(c) + 3) % 10] : alphabet[(alphabet.indexOf(c) + 7) % 10];
    out.add(body.slice(0, pos) + repl + body.slice(pos + 1));
  }
  for (const pos of [2, 9 % body.length]) {
    if (body[pos] !== body[pos + 1]) out.add(body.slice(0, pos) + body[pos + 1] + body[pos] + body.slice(pos + 2));
  }
  out.delete(body);
  return [...out];
}

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each(REAL_USCC)('accepts real code %s (%s) [%s]', (code) => {
    expect(checkUscc(code)).toEqual({ valid: true, kind: 'uscc' });
    expect(checkProviderCode(code).valid).toBe(true);
  });

  it.each(REAL_USCC)('rejects corrupted variants of %s', (code) => {
    for (const bad of corrupt(code)) expect(checkUscc(bad).valid, bad).toBe(false);
  });

  it('names the expected check character and the other failure reasons', () => {
    expect(checkUscc('914403001922038217')).toMatchObject({ valid: false, reason: 'reason.uscc-check', params: { expected: '6' } });
    expect(checkUscc('91440300192203821')).toMatchObject({ valid: false, reason: 'reason.uscc-length' });
    expect(checkUscc('9144030019220382I6')).toMatchObject({ valid: false, reason: 'reason.uscc-chars' }); // I is not in the alphabet
    expect(checkUscc('9144030019220382O6')).toMatchObject({ valid: false, reason: 'reason.uscc-chars' });
    expect(usccCheckChar('91440300192203821')).toBe('6');
  });

  it('accepts lower case input as a provider code (normalised), not as a strict credit code', () => {
    expect(checkProviderCode('9144030071526726xg').valid).toBe(true);
    expect(checkUscc('9144030071526726xg').valid).toBe(false);
  });
});

describe('组织机构代码 (GB 11714)', () => {
  it.each(REAL_ORG)('accepts real code %s (%s) [%s]', (code) => {
    expect(checkOrgCode(code)).toEqual({ valid: true, kind: 'org' });
    expect(checkProviderCode(code).valid).toBe(true);
  });

  it.each(REAL_ORG)('rejects corrupted variants of %s', (code) => {
    for (const bad of corrupt(code)) expect(checkOrgCode(bad).valid, bad).toBe(false);
  });

  it('derives the organisation code from the credit code consistently', () => {
    for (const [uscc] of REAL_USCC) expect(checkOrgCode(uscc.slice(8, 17)).valid, uscc).toBe(true);
  });

  it('X stands for 10 and the reasons are specific', () => {
    expect(checkOrgCode('71526726-0')).toMatchObject({ valid: false, reason: 'reason.org-check', params: { expected: 'X' } });
    expect(checkOrgCode('7152672-6X')).toMatchObject({ valid: false });
    expect(checkOrgCode('7152 726X')).toMatchObject({ valid: false, reason: 'reason.org-chars' });
  });
});
