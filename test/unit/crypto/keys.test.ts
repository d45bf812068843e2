import { describe, expect, it } from 'vitest';
import { generateKeyPair, parseKey, KeyError } from '../../../src/crypto/keys.js';
import { tCode } from '../../../src/cli/text.js';

/** Key errors are codes with params (issue 16): the CLI renders them in zh or en; the library writes no English. */
describe('key errors are coded', () => {
  const refOf = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(KeyError);
      return err as KeyError;
    }
    throw new Error('no KeyError');
  };

  it('an unknown algorithm, a file that is no key and a bad SM2 key each have their code, rendered in zh and en', () => {
    const alg = refOf(() => generateKeyPair('rsa' as never));
    expect([alg.code, alg.msg, alg.params]).toEqual(['key-unsupported', 'key.unknown-algorithm', { algorithm: 'rsa' }]);
    expect(tCode(alg.msg, 'zh', alg.params)).toBe('未知的签名算法“rsa”，可选：“ed25519”、“sm2”');
    expect(tCode(alg.msg, 'en', alg.params)).toBe('unknown algorithm rsa (use ed25519 or sm2)');
    const none = refOf(() => parseKey('hello'));
    expect([none.code, none.msg]).toEqual(['key-unreadable', 'key.not-a-key']);
    expect(tCode(none.msg, 'zh')).toMatch(/^既不是 PEM 密钥/);
    const sm2 = refOf(() => parseKey(JSON.stringify({ algorithm: 'sm2', privateKey: 'xyz' })));
    expect(tCode(sm2.msg, 'zh', sm2.params)).toBe('SM2 私钥（privateKey）应为 64 位十六进制数');
    const json = refOf(() => parseKey(JSON.stringify({ algorithm: 'rsa' })));
    expect(tCode(json.msg, 'en', json.params)).toBe('algorithm rsa in key JSON (expected sm2)');
  });
});
