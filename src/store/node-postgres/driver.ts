import pg from 'pg';
import { copyText } from '../copy-text.js';
import type { Db, QueryResult, Tx } from '../db.js';
import { typeParsers } from '../db.js';
import { copyFromStdin } from './copy-from-stdin.js';

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    typeParsers[oid] ??
    pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function wrap(client: pg.Pool | pg.PoolClient): Omit<Tx, 'copyFrom'> {
  return {
    async exec(sql: string) {
      await client.query(sql);
    },
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await client.query({ text: sql, values: params as unknown[], types });
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

export async function openPostgres(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        // Not awaited: the transaction's first statements queue behind BEGIN and go out
        // as soon as it is answered, without a turn of the event loop in between.
        const begun = client.query('BEGIN');
        begun.catch(() => {});
        const tx: Tx = {
          ...wrap(client),
          copyFrom: (table, columns, rows) => copyFromStdin(client, table, columns, copyText(rows)),
        };
        const result = await fn(tx);
        await begun;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    exec: base.exec,
    async close() {
      await pool.end();
    },
  };
}
