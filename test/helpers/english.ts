/**
 * What "Chinese under zh" means in the CLI tests (issue 16): English words are allowed only inside identifiers,
 * codes, paths, option names, quoted values and the few technical names listed here.
 */
/** Technical names that stay as they are in Chinese text (formats, protocols, products, units). */
const ALLOWED = new Set(['catalog', 'json', 'jsonl', 'csv', 'xlsx', 'xls', 'xml', 'html', 'pdf', 'zip', 'docx', 'pretty', 'zh', 'en', 'sqlite', 'url', 'api',
  'oai', 'pmh', 'http', 'https', 'postgresql', 'postgres', 'mariadb', 'mysql', 'ckan', 'dcat', 'rdf', 'utf', 'gbk', 'gb', 'big', 'id', 'ok', 'ed25519', 'sha', 'jsonld',
  'iso', 'tty', 'junit', 'sarif', 'gbt', 'pem', 'extensions', 'records', 'template', 'mapping', 'config', 'dry', 'run', 'token', 'bearer', 'authorization', 'db']);

/** English words left after removing paths, option names, codes, identifiers, quoted values and allowed names. */
export function englishWords(text: string): string[] {
  const stripped = text
    .replace(/\S*[/\\]\S*/g, ' ') // paths and URLs
    .replace(/(?<![\w-])--?[a-zA-Z][\w-]*(=\S*)?/g, ' ') // option names
    .replace(/“[^”]*”|"[^"]*"|'[^']*'|‘[^’]*’|「[^」]*」/g, ' ') // quoted values (what the user typed)
    .replace(/\b[\w]+(?:[-_.:][\w]+)+\b/g, ' ') // codes and identifiers: map-required-missing, catalog.config.json, a.b
    .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ') // camelCase identifiers
    .replace(/\b[A-Z0-9]{2,}\b/g, ' '); // upper-case codes (EADDRINUSE, USCC)
  return (stripped.match(/\b[A-Za-z]{3,}\b/g) ?? []).filter((w) => !ALLOWED.has(w.toLowerCase()));
}
