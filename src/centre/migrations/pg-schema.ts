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
  {
    version: 4,
    name: 'narrow search table in change order',
    // Search lists the most recently changed records first and stops after a page, and counts matches
    // only up to a bound (store.ts SEARCH_COUNT_LIMIT). Both scan candidate rows in order, so they run
    // on a narrow copy of the searchable columns (~10 rows per heap page of records, ~50 here) kept by
    // a trigger, with seq = a change sequence renewed on every write. Existing rows get seq in
    // (datestamp, key) order, the best reconstruction of their change order. The text is kept
    // lower-cased so search can use LIKE (several times cheaper per row than ILIKE on CJK text).
    sql: `CREATE SEQUENCE records_seq;
CREATE TABLE record_search (
  key text COLLATE "C" PRIMARY KEY,
  seq bigint NOT NULL DEFAULT nextval('records_seq'),
  status text NOT NULL,
  provider text COLLATE "C" NOT NULL,
  class_code text COLLATE "C",
  share_type text,
  datestamp text COLLATE "C" NOT NULL,
  search_text text NOT NULL
);
ALTER SEQUENCE records_seq OWNED BY record_search.seq;
INSERT INTO record_search (key, seq, status, provider, class_code, share_type, datestamp, search_text)
  SELECT key, row_number() OVER (ORDER BY datestamp, key), status, provider, class_code, share_type, datestamp, lower(search_text) FROM records;
SELECT setval('records_seq', coalesce((SELECT max(seq) FROM record_search), 0) + 1, false);
CREATE INDEX record_search_status_seq ON record_search (status, seq DESC);
CREATE INDEX record_search_trgm ON record_search USING gin (search_text gin_trgm_ops);
CREATE INDEX record_search_provider ON record_search (provider, seq DESC);
CREATE INDEX record_search_share_type ON record_search (share_type, seq DESC);
CREATE INDEX record_search_class_code ON record_search (class_code);
-- search no longer reads these from records
DROP INDEX records_search_trgm;
DROP INDEX records_status_datestamp;
CREATE FUNCTION record_search_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO record_search (key, status, provider, class_code, share_type, datestamp, search_text)
  VALUES (NEW.key, NEW.status, NEW.provider, NEW.class_code, NEW.share_type, NEW.datestamp, lower(NEW.search_text))
  ON CONFLICT (key) DO UPDATE SET seq = nextval('records_seq'), status = excluded.status, provider = excluded.provider,
    class_code = excluded.class_code, share_type = excluded.share_type, datestamp = excluded.datestamp, search_text = excluded.search_text;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER records_search_sync AFTER INSERT OR UPDATE ON records FOR EACH ROW EXECUTE FUNCTION record_search_sync();`,
  },
  {
    version: 5,
    name: 'submissions superseded by a change outside review',
    // A withdrawal, direct write or harvest of a record closes its open submissions as superseded
    // (store.ts SUPERSEDING_ACTIONS): superseded_seq = the history entry of that change, superseded_action its action.
    sql: `ALTER TABLE submissions ADD COLUMN superseded_seq bigint, ADD COLUMN superseded_action text;`,
  },
  {
    version: 6,
    name: 'withdrawal submissions, token expiry and last use',
    // action = 'withdraw': a package's withdrawal submitted for review (store.ts Submission.action);
    // tokens.expires: refused after it (401 token-expired); tokens.last_used: shown by token list.
    sql: `ALTER TABLE submissions ADD COLUMN action text;
ALTER TABLE tokens ADD COLUMN expires text, ADD COLUMN last_used text;`,
  },
  {
    version: 7,
    name: 'tree of centres: identity, harvest sources and runs, centre tokens, origin chains',
    // issue 19 (src/centre/tree/): a centre's self-description, the member centres and sources it harvests on a
    // schedule, each harvest run (kept: the last 50 per source), which tokens are centre tokens (join), and the
    // origin chain (district → city → …) of each harvested record.
    sql: `CREATE TABLE centre_settings (name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE harvest_sources (
  url text PRIMARY KEY, kind text NOT NULL, centre_id text, name text, level text, division text, every_ms bigint,
  added text NOT NULL, last_attempt text, last_success text, last_error text, last_error_at text, failures integer NOT NULL DEFAULT 0
);
CREATE TABLE harvest_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, source text NOT NULL, started text NOT NULL, finished text NOT NULL, ok boolean NOT NULL,
  error text, received integer NOT NULL, created integer NOT NULL, updated integer NOT NULL, withdrawn integer NOT NULL, runner text NOT NULL
);
CREATE INDEX harvest_runs_source ON harvest_runs (source, id);
CREATE TABLE centre_tokens (token_id text PRIMARY KEY);
CREATE TABLE record_chain (key text COLLATE "C" PRIMARY KEY, via text NOT NULL, chain text NOT NULL);
CREATE INDEX record_chain_via ON record_chain (via);`,
  },
  {
    version: 8,
    name: 'data-element authorities (一数一源)',
    // one designated authoritative provider per data element (store.ts ElementAuthority); set by an admin
    sql: `CREATE TABLE element_authorities (
  element text PRIMARY KEY,
  provider text NOT NULL,
  resource_key text,
  set_by text NOT NULL,
  set_at text NOT NULL
);`,
  },
];
