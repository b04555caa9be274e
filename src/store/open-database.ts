import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from './db.js';
import { openPostgres } from './node-postgres/driver.js';
import { acquireDataDirLock } from './pglite/data-dir-lock.js';
import { openPglite } from './pglite/driver.js';

export interface OpenedDatabase {
  db: Db;
  /** Where the data lives, for messages: the data directory or the server's host/database. */
  location: string;
  /** Lets the server advertise its URL in the lock so other commands can point to it. */
  announce(url: string): void;
}

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite in the data directory under a lock. */
export async function openDatabase(config: Config, command: string): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const db = await openPostgres(config.databaseUrl, config.dbPoolSize);
    const url = new URL(config.databaseUrl);
    return { db, location: `PostgreSQL ${url.host}${url.pathname}`, announce: () => {} };
  }
  const lock = acquireDataDirLock(config.dataDir, command);
  try {
    const db = await openPglite(path.join(config.dataDir, 'pgdata'));
    const close = db.close.bind(db);
    return {
      db: {
        ...db,
        async close() {
          try {
            await close();
          } finally {
            lock.release();
          }
        },
      },
      location: `embedded PGlite in ${config.dataDir}`,
      announce: (url) => lock.update(url),
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
