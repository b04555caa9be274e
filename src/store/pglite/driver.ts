import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult, Tx } from '../db.js';
import { typeParsers } from '../db.js';

function wrap(target: PGlite | Transaction): Tx {
  return {
    async exec(sql: string) {
      await target.exec(sql);
    },
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await target.query<R>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

/** Opens the embedded database; `dataDir` undefined means in memory (tests). */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const pg = await PGlite.create(dataDir, { parsers: typeParsers });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: base.exec,
    async close() {
      await pg.close();
    },
  };
}
