import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/import/xml-tree.js';
import { dcToRecord } from '../../../src/centre/harvest-dc.js';

/** Dublin Core values no record field takes are kept under extensions.dc, whatever the source names them. */
describe('dcToRecord keeps every unmapped DC value', () => {
  it('keeps elements named like Object.prototype members (__proto__, constructor, toString) as plain values', () => {
    const dc = parseXml(`<dc><title>t</title><coverage>310104</coverage><__proto__>a</__proto__><__proto__>b</__proto__>
      <constructor>c</constructor><toString>d</toString><rights r="1">e</rights></dc>`);
    const r = dcToRecord(dc, 'k', (name) => ({ name, code: 'x-1' }));
    const kept = JSON.parse(JSON.stringify(r.extensions?.dc));
    expect(kept).toEqual({ coverage: '310104', ['__proto__']: ['a', 'b'], constructor: 'c', toString: 'd', rights: 'e', 'rights/@r': '1' });
    expect(Object.getPrototypeOf(r.extensions!.dc)).toBe(Object.prototype);
  });
});
