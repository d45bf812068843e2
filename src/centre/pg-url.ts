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
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
