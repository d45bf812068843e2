/** jsbn (dependency of sm-crypto) has no typings; the SM2 vector test only builds BigIntegers for sm-crypto's pointPool. */
declare module 'jsbn' {
  export class BigInteger {
    constructor(value: string, radix: number);
  }
}
