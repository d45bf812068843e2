import { describe, it, expect } from 'vitest';
import { recordKey, canonicalJson, contentHash } from '../../../src/model/identity.js';

describe('record identity', () => {
  it('keys on resource code, then metadata identifier, then resource identifier', () => {
    expect(recordKey({ title: 't', provider: { name: 'p' }, resourceCode: '1/2', metadataIdentifier: 'm' })).toBe('1/2');
    expect(recordKey({ title: 't', provider: { name: 'p' }, metadataIdentifier: 'm', resourceIdentifier: 'r' })).toBe('m');
    expect(recordKey({ title: 't', provider: { name: 'p' } })).toBeUndefined();
  });
  it('hash ignores key order and provenance but not content', () => {
    const a = { title: 't', provider: { name: 'p', code: 'c' }, provenance: { file: 'a.csv', row: 2 } };
    const b = { provider: { code: 'c', name: 'p' }, title: 't' };
    expect(canonicalJson(a)).toBe('{"provider":{"code":"c","name":"p"},"title":"t"}');
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash({ ...b, title: 'u' })).not.toBe(contentHash(b));
  });
});
