/** Environment variable naming the centre database when --db is not given. */
export const CENTRE_DB_ENV = 'CATALOG_DB';

/** Is this --db / CATALOG_DB value a PostgreSQL URL? */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** A PostgreSQL URL with any password replaced by "***", for messages and logs. */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // libpq and node-postgres also take the password as a query argument (?password=…, ?sslpassword=…)
    for (const k of [...u.searchParams.keys()]) if (/^(ssl)?password$/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    // not a URL: everything between "scheme://user:" and the last "@" may be the password (it may hold "/" or "@")
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:).*@/i, '$1***@');
  }
}
