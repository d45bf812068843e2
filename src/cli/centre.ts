import type { Command } from 'commander';
import { centreDefaults } from '../index.js';
import { register as registerServe } from './centre-serve.js';
import { register as registerToken } from './centre-token.js';
import { register as registerMigrate } from './centre-migrate.js';
import { register as registerJoin } from './centre-join.js';
import { register as registerSource } from './centre-source.js';
import { register as registerSources } from './centre-sources.js';
import { register as registerHarvest } from './centre-harvest.js';
import { openDb } from './centre-db.js';

/** `catalog centre`: one file per subcommand (centre-serve.ts, centre-token.ts, centre-harvest.ts, …), registered here in help order. */
export async function register(program: Command): Promise<void> {
  const { limits: DEFAULT_LIMITS, fetch: DEFAULT_FETCH_LIMITS, maxRecords: DEFAULT_MAX_RECORDS, harvestEvery, harvestPrefixes: HARVEST_PREFIXES } = await centreDefaults();
  const centre = program
    .command('centre')
    .description('run a directory centre (目录中心): serve, tokens, harvest')
    .addHelpText('after', `
Examples:
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre serve --db centre.sqlite --port 8080
  $ catalog centre harvest http://district.example:8080 --db city.sqlite`);

  registerServe(centre, { limits: DEFAULT_LIMITS, harvestEvery });
  registerToken(centre);
  registerMigrate(centre);
  registerJoin(centre, openDb);
  registerSource(centre, openDb);
  registerSources(centre);

  registerHarvest(centre, { fetch: DEFAULT_FETCH_LIMITS, maxRecords: DEFAULT_MAX_RECORDS, harvestPrefixes: HARVEST_PREFIXES });
}
