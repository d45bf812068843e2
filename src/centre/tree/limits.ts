// The tree store's limits, apart from store.ts: its backends (sqlite.ts, pg.ts) need them, and store.ts loads them.

/** Harvest runs kept per source; older ones are deleted as new ones are recorded. */
export const RUNS_KEPT = 50;

/** Sources (members + added) one centre harvests at most: each costs a timer slot and a row in GET /api/v1/centres. */
export const MAX_SOURCES = 500;
