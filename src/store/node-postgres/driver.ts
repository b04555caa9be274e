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

type Send = <T>(run: () => Promise<T>) => Promise<T>;

const direct: Send = (run) => run();

/**
 * A transaction's statements are issued back to back (store/db.ts, together)
 * but one connection runs one at a time. pg 8 queues a query sent while
 * another runs, with a deprecation warning (pg 9 refuses it): this queue does
 * the same, each statement going out as the one before is answered, failed
 * or not (after a failure PostgreSQL answers the rest "transaction aborted").
 */
function inTurn(): Send {
  let tail: Promise<unknown> = Promise.resolve();
  return (run) => {
    const next = tail.then(run, run);
    tail = next.catch(() => {});
    return next;
  };
}

function wrap(client: pg.Pool | pg.PoolClient, send: Send): Omit<Tx, 'copyFrom'> {
  return {
    async exec(sql: string) {
      await send(() => client.query(sql));
    },
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await send(() =>
        client.query({ text: sql, values: params as unknown[], types }),
      );
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
  // The pool hands each statement a connection of its own: nothing to queue.
  const base = wrap(pool, direct);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      const send = inTurn();
      try {
        // Not awaited: the transaction's first statements queue behind BEGIN and go out
        // as soon as it is answered.
        const begun = send(() => client.query('BEGIN'));
        begun.catch(() => {});
        const tx: Tx = {
          ...wrap(client, send),
          copyFrom: (table, columns, rows) =>
            send(() => copyFromStdin(client, table, columns, copyText(rows))),
        };
        const result = await fn(tx);
        await begun;
        await send(() => client.query('COMMIT'));
        return result;
      } catch (error) {
        await send(() => client.query('ROLLBACK')).catch(() => {});
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
