import crypto from 'node:crypto';
import { sm2 } from 'sm-crypto';
import type { KeyMaterial } from './keys.js';


/** Default SM2 distinguishing identifier (GB/T 35276 default ID "1234567812345678"). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Sign `data`; returns the signature bytes (Ed25519: 64 bytes; SM2: r‖s, 64 bytes, SM3 with Z over the default ID). */
export function signBytes(data: Uint8Array, key: KeyMaterial): Uint8Array {
  if (!key.privateKey) throw new Error('a private key is needed to sign');
  if (key.algorithm === 'ed25519') return new Uint8Array(crypto.sign(null, data, crypto.createPrivateKey(key.privateKey)));
  const hex = sm2.doSignature(Array.from(data), key.privateKey, { hash: true, publicKey: key.publicKey, userId: SM2_DEFAULT_USER_ID });
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Verify a signature made by signBytes. Never throws on bad input: returns false. */
export function verifyBytes(data: Uint8Array, signature: Uint8Array, key: KeyMaterial): boolean {
  try {
    if (key.algorithm === 'ed25519') return crypto.verify(null, data, crypto.createPublicKey(key.publicKey), signature);
    if (signature.length !== 64) return false;
    return sm2.doVerifySignature(Array.from(data), Buffer.from(signature).toString('hex'), key.publicKey, { hash: true, userId: SM2_DEFAULT_USER_ID });
  } catch {
    return false;
  }
}
