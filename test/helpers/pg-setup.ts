/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole test run (see ./pg.ts).
 * Exports its URL as CATALOG_TEST_PG_URL to the test workers; without PostgreSQL the PostgreSQL
 * suites are skipped and the SQLite suites still run.
 */
import { PG_SKIP_MESSAGE, PG_URL_ENV, startPgCluster, type PgCluster } from './pg.js';

let cluster: PgCluster | undefined;

export default async function setup(): Promise<() => void> {
  if (process.env[PG_URL_ENV]) {
    process.stderr.write(`[pg] using the PostgreSQL server at ${PG_URL_ENV}\n`);
    return () => {};
  }
  if (process.env.CATALOG_TEST_NO_PG) {
    process.stderr.write('[pg] PostgreSQL suite skipped: CATALOG_TEST_NO_PG is set\n');
    return () => {};
  }
  cluster = await startPgCluster();
  if (!cluster) {
    // CI (.ci/run) installs PostgreSQL and sets CATALOG_TEST_REQUIRE_PG: there a skip would hide a broken setup.
    if (process.env.CATALOG_TEST_REQUIRE_PG) throw new Error(`CATALOG_TEST_REQUIRE_PG is set but ${PG_SKIP_MESSAGE}`);
    process.stderr.write(`[pg] ${PG_SKIP_MESSAGE}\n`);
    return () => {};
  }
  process.env[PG_URL_ENV] = cluster.url;
  process.stderr.write(`[pg] throwaway PostgreSQL cluster on 127.0.0.1:${cluster.port} (${cluster.dir})\n`);
  return () => {
    cluster?.stop();
    cluster = undefined;
  };
}
