import { describe, expect, it } from 'vitest';
import { sm2 } from 'sm-crypto';
import { BigInteger } from 'jsbn';
import { signBytes, verifyBytes } from '../../../src/crypto/sign.js';
import { generateKeyPair, parseKey, serializeKey } from '../../../src/crypto/keys.js';

/**
 * Published SM2 example on the recommended curve: GB/T 32918.5-2017 附录 A / GM/T 0003.5-2012 A.2
 * (the same values are used by OpenSSL's sm2_internal_test.c and other implementations).
 * The GB/T 32918.2 annex examples use a different (non-recommended) test curve that sm-crypto cannot
 * be configured with, so they are not checked.
 */
const V = {
  d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  px: '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020',
  py: 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
  msg: 'message digest',
  id: '1234567812345678',
};

describe('SM2 (sm-crypto) against the published GB/T 32918.5 example', () => {
  it('derives the published public key from the private key', () => {
    expect(sm2.getPublicKeyFromPrivateKey(V.d).toUpperCase()).toBe(`04${V.px}${V.py}`);
  });

  it('reproduces the published signature (r, s) with the published k', () => {
    const kG = sm2.getPublicKeyFromPrivateKey(V.k);
    const point = { k: new BigInteger(V.k, 16), x1: new BigInteger(kG.slice(2, 66), 16) };
    const sig = sm2.doSignature(V.msg, V.d, { hash: true, userId: V.id, pointPool: [point] });
    expect(sig.toUpperCase()).toBe(V.r + V.s);
  });

  it('our verifyBytes accepts the published signature and rejects a changed message', () => {
    const key = parseKey(`04${V.px}${V.py}`);
    const sig = new Uint8Array(Buffer.from(V.r + V.s, 'hex'));
    expect(verifyBytes(new TextEncoder().encode(V.msg), sig, key)).toBe(true);
    expect(verifyBytes(new TextEncoder().encode('message digesT'), sig, key)).toBe(false);
  });

  it('sign/verify round trip for both algorithms, through the key file format', () => {
    for (const alg of ['ed25519', 'sm2'] as const) {
      const key = parseKey(serializeKey(generateKeyPair(alg), 'private'));
      const pub = parseKey(serializeKey(key, 'public'));
      const data = new TextEncoder().encode('manifest bytes');
      const sig = signBytes(data, key);
      expect(verifyBytes(data, sig, pub)).toBe(true);
      sig[5] ^= 1;
      expect(verifyBytes(data, sig, pub)).toBe(false);
    }
  });
});
