import crypto from 'node:crypto';
import { sm2 } from 'sm-crypto';
import type messages from './messages.json';


export type SignatureAlgorithm = 'ed25519' | 'sm2';

/**
 * A key as the package signer needs it. Ed25519 keys are PEM (PKCS#8 private, SPKI public).
 * SM2 keys are hex (private 64 hex digits, public "04"‖x‖y uncompressed) in a small JSON file
 * `{"algorithm":"sm2","privateKey":"…","publicKey":"04…"}` (project format: sm-crypto has no PEM).
 */
export interface KeyMaterial {
  algorithm: SignatureAlgorithm;
  /** PEM (ed25519) or hex (sm2); absent for a public-only key. */
  privateKey?: string;
  /** PEM (ed25519) or uncompressed hex (sm2). */
  publicKey: string;
}

/** A key that cannot be made or read: `code` the kind, `msg` + `params` what to tell (src/crypto/messages.json). */
export class KeyError extends Error {
  constructor(public code: 'key-unreadable' | 'key-unsupported', readonly msg: keyof typeof messages, readonly params: Record<string, unknown> = {}) {
    super(msg); // rendered at the edge (src/cli/key-file.ts)
  }
}

/** Generate a new key pair. */
export function generateKeyPair(algorithm: SignatureAlgorithm): KeyMaterial {
  if (algorithm === 'ed25519') {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    return {
      algorithm,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  if (algorithm === 'sm2') {
    const kp = sm2.generateKeyPairHex();
    return { algorithm, privateKey: kp.privateKey.padStart(64, '0'), publicKey: kp.publicKey };
  }
  throw new KeyError('key-unsupported', 'key.unknown-algorithm', { algorithm: String(algorithm) });
}

/** Serialise a key for a file: the private file holds both halves; the public file only the public half. */
export function serializeKey(key: KeyMaterial, part: 'private' | 'public'): string {
  if (key.algorithm === 'ed25519') return part === 'private' ? key.privateKey! : key.publicKey;
  const body = part === 'private' ? { algorithm: 'sm2', privateKey: key.privateKey, publicKey: key.publicKey } : { algorithm: 'sm2', publicKey: key.publicKey };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Parse a key file's text (PEM ed25519 private/public, SM2 JSON, or a bare SM2 public key in hex). */
export function parseKey(text: string): KeyMaterial {
  const s = text.trim();
  if (s.startsWith('-----BEGIN')) {
    try {
      if (/PRIVATE KEY/.test(s)) {
        const priv = crypto.createPrivateKey(s);
        if (priv.asymmetricKeyType !== 'ed25519') throw new KeyError('key-unsupported', 'key.pem-type', { type: priv.asymmetricKeyType });
        return { algorithm: 'ed25519', privateKey: s + '\n', publicKey: crypto.createPublicKey(priv).export({ type: 'spki', format: 'pem' }).toString() };
      }
      const pub = crypto.createPublicKey(s);
      if (pub.asymmetricKeyType !== 'ed25519') throw new KeyError('key-unsupported', 'key.pem-type', { type: pub.asymmetricKeyType });
      return { algorithm: 'ed25519', publicKey: pub.export({ type: 'spki', format: 'pem' }).toString() };
    } catch (err) {
      if (err instanceof KeyError) throw err;
      throw new KeyError('key-unreadable', 'key.pem-unreadable', { detail: (err as Error).message });
    }
  }
  if (/^04[0-9a-fA-F]{128}$/.test(s)) return { algorithm: 'sm2', publicKey: s.toLowerCase() };
  let j: { algorithm?: string; privateKey?: string; publicKey?: string };
  try {
    j = JSON.parse(s);
  } catch {
    throw new KeyError('key-unreadable', 'key.not-a-key');
  }
  if (j.algorithm !== 'sm2') throw new KeyError('key-unsupported', 'key.json-algorithm', { algorithm: String(j.algorithm) });
  if (j.privateKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(j.privateKey)) throw new KeyError('key-unreadable', 'key.sm2-private');
  const publicKey = j.publicKey ?? (j.privateKey ? sm2.getPublicKeyFromPrivateKey(j.privateKey) : undefined);
  if (!publicKey || !/^04[0-9a-fA-F]{128}$/.test(publicKey)) throw new KeyError('key-unreadable', 'key.sm2-public');
  if (j.privateKey && sm2.getPublicKeyFromPrivateKey(j.privateKey).toLowerCase() !== publicKey.toLowerCase()) throw new KeyError('key-unreadable', 'key.sm2-mismatch');
  return { algorithm: 'sm2', privateKey: j.privateKey?.toLowerCase(), publicKey: publicKey.toLowerCase() };
}

/** Short stable key id: first 16 hex digits of SHA-256 over the public key (DER for ed25519, raw bytes for sm2). */
export function keyId(key: KeyMaterial): string {
  const bytes = key.algorithm === 'ed25519'
    ? crypto.createPublicKey(key.publicKey).export({ type: 'spki', format: 'der' })
    : Buffer.from(key.publicKey, 'hex');
  return crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** Canonical public key text for comparisons. */
export function samePublicKey(a: KeyMaterial, b: KeyMaterial): boolean {
  return a.algorithm === b.algorithm && keyId(a) === keyId(b);
}
