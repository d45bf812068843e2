/** Minimal typings for jsonld@9 (no bundled types): only toRDF is used. */
declare module 'jsonld' {
  const jsonld: {
    toRDF(input: unknown, options: { format?: string; documentLoader?: (url: string) => Promise<unknown> }): Promise<unknown>;
  };
  export default jsonld;
}
