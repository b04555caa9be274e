import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/node-postgres/driver.js';
import { openPglite } from '../../src/store/pglite/driver.js';

/**
 * Every integration suite runs once per database target: always on PGlite
 * (in memory), and on PostgreSQL too when TANDEM_TEST_DATABASE_URL is set.
 * Each opened database is new and empty, so suites never see each other's rows.
 */
export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

const postgresUrl = process.env.TANDEM_TEST_DATABASE_URL;

async function openFreshPostgres(adminUrl: string): Promise<Db> {
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 5);
  const close = db.close.bind(db);
  return {
    ...db,
    async close() {
      await close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const databaseTargets: DatabaseTarget[] = [
  { name: 'pglite', open: () => openPglite(undefined) },
  ...(postgresUrl
    ? [{ name: 'postgres' as const, open: () => openFreshPostgres(postgresUrl) }]
    : []),
];
