/** Minimal typings for sm-crypto@0.5 (the package ships none); only what src/crypto uses. */
declare module 'sm-crypto' {
  export const sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    getPublicKeyFromPrivateKey(privateKey: string): string;
    doSignature(msg: string | Uint8Array | number[], privateKey: string, options?: { hash?: boolean; der?: boolean; userId?: string; publicKey?: string; pointPool?: unknown[] }): string;
    doVerifySignature(msg: string | Uint8Array | number[], signHex: string, publicKey: string, options?: { hash?: boolean; der?: boolean; userId?: string }): boolean;
    verifyPublicKey(publicKey: string): boolean;
  };
}
