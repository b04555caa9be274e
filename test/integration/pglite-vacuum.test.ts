import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { openPglite } from '../../src/store/pglite/driver.js';

/**
 * PGlite has no autovacuum: the worker (store/pglite/worker.mjs) vacuums
 * between transactions every so many commits, as ingest rewrites each active
 * contact's score in every transaction.
 */
describe('the embedded database reclaims updated rows', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite(undefined);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps a table updated in every transaction near its live size', async () => {
    // An indexed column changes each time, so no update can reuse its page (no HOT update).
    await db.exec(`CREATE TABLE churn (id int PRIMARY KEY, n int NOT NULL, pad text NOT NULL);
                   CREATE INDEX churn_n_idx ON churn (n);
                   INSERT INTO churn SELECT g, 0, repeat('x', 200) FROM generate_series(1, 500) g`);
    const pages = async () =>
      (await db.query<{ n: number }>("SELECT (pg_relation_size('churn') / 8192)::int AS n"))
        .rows[0]!.n;
    const live = await pages();
    for (let i = 0; i < 100; i++)
      await db.transaction((tx) => tx.query('UPDATE churn SET n = n + 1'));
    // Without reclaiming, 101 versions of every row: about 100 times the live size.
    expect(live).toBeGreaterThan(10);
    expect(await pages()).toBeLessThan(live * 40);
  });
});
