/**
 * PostgreSQL schema of the directory centre, as versioned migrations (applied by ./pg-apply.ts).
 * Rules: never edit a migration that has shipped (its checksum is recorded); add a new version instead.
 *
 * Mirrors the SQLite store (../sqlite-store.ts) table by table. Keys, providers, class codes and
 * datestamps use COLLATE "C" so ordering (OAI-PMH paging by (datestamp, key), ListSets) is byte order
 * whatever the database locale — the same order SQLite uses. Records are stored as JSON text (not jsonb)
 * so what comes back is exactly what went in.
 */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'centre schema',
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE records (
  key text COLLATE "C" PRIMARY KEY,
  provider text COLLATE "C" NOT NULL,
  provider_name text,
  hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('published', 'submitted', 'returned', 'withdrawn')),
  datestamp text COLLATE "C" NOT NULL,
  origin text NOT NULL,
  record text NOT NULL,
  class_code text COLLATE "C",
  share_type text,
  search_text text NOT NULL
);
CREATE INDEX records_datestamp ON records (datestamp, key);
CREATE INDEX records_status_datestamp ON records (status, datestamp DESC, key);
CREATE INDEX records_provider ON records (provider);
CREATE INDEX records_class_code ON records (class_code);
-- Chinese keyword search: trigram index serving ILIKE '%term%' for terms of 3+ characters.
CREATE INDEX records_search_trgm ON records USING gin (search_text gin_trgm_ops);

CREATE TABLE history (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text COLLATE "C" NOT NULL,
  action text NOT NULL,
  status text NOT NULL,
  hash text NOT NULL,
  at text NOT NULL,
  actor text NOT NULL,
  origin text NOT NULL,
  comment text,
  record text NOT NULL
);
CREATE INDEX history_key ON history (key, seq);

CREATE TABLE answers (
  id text NOT NULL,
  hash text NOT NULL,
  answer text NOT NULL,
  created text NOT NULL,
  PRIMARY KEY (id, hash)
);

CREATE TABLE tokens (
  id text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  provider text NOT NULL,
  admin boolean NOT NULL,
  label text,
  created text NOT NULL,
  revoked text
);

CREATE TABLE submissions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text COLLATE "C" NOT NULL,
  provider text NOT NULL,
  hash text NOT NULL,
  record text NOT NULL,
  status text NOT NULL,
  created text NOT NULL,
  actor text NOT NULL,
  reviewed text,
  reviewer text,
  comment text
);
CREATE INDEX submissions_status ON submissions (status, id);

CREATE TABLE harvest_state (
  source text PRIMARY KEY,
  last_datestamp text,
  last_run text
);
`,
  },
  {
    version: 2,
    name: 'tokens bound to a signing key',
    sql: `ALTER TABLE tokens ADD COLUMN public_key text;`,
  },
  {
    version: 3,
    name: 'superseded submissions',
    sql: `ALTER TABLE submissions ADD COLUMN superseded_by bigint;
CREATE INDEX submissions_key ON submissions (key, id);`,
  },
];
