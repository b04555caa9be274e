import type { Db, Queryable, Tx } from '../../src/store/db.js';

/**
 * Where a sequential piece of work (a rescore) spends its time: a Db that
 * passes everything through and adds up, per kind of statement, how long the
 * caller waited for the answers. What is left of the wall time is this
 * process's own work (computing scores, encoding, decoding rows) plus BEGIN and
 * COMMIT, which the drivers send themselves.
 */
export interface StatementTime {
  statement: string;
  count: number;
  ms: number;
  rows: number;
}

/** "SELECT … events", "SELECT count … contacts", "WITH … contact_scores": enough to tell the statements apart. */
function label(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const verb = text.split(' ', 1)[0]!.toUpperCase();
  // A WITH is named by what it writes; anything else by the first table it reads or writes.
  const table = (
    verb === 'WITH'
      ? /\b(?:INSERT INTO|UPDATE)\s+([a-z_]+)/i
      : /\b(?:FROM|INTO|UPDATE)\s+([a-z_]+)/i
  ).exec(text)?.[1];
  const what = /^SELECT count\(/i.test(text) ? `${verb} count` : verb;
  return table ? `${what} … ${table}` : text.slice(0, 40);
}

export function timeStatements(db: Db): { db: Db; times(): StatementTime[]; reset(): void } {
  const byLabel = new Map<string, StatementTime>();
  // The same few statements run thousands of times: label each text once.
  const labels = new Map<string, string>();
  const add = (key: string, started: number, rows: number) => {
    const entry = byLabel.get(key) ?? { statement: key, count: 0, ms: 0, rows: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    entry.rows += rows;
    byLabel.set(key, entry);
  };
  const timed = <Q extends Queryable>(q: Q): Q['query'] =>
    (async (sql: string, params?: readonly unknown[]) => {
      const started = performance.now();
      const result = await q.query(sql, params);
      let key = labels.get(sql);
      if (key === undefined) {
        key = label(sql);
        labels.set(sql, key);
      }
      add(key, started, result.rowCount);
      return result;
    }) as Q['query'];
  const wrapped: Db = {
    kind: db.kind,
    query: timed(db),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    transaction: (fn) =>
      db.transaction((tx) => {
        const inner: Tx = {
          query: timed(tx),
          exec: (sql) => tx.exec(sql),
          copyFrom: async (table, columns, rows) => {
            const started = performance.now();
            const copied = await tx.copyFrom(table, columns, rows);
            add(`COPY … ${table}`, started, copied);
            return copied;
          },
        };
        return fn(inner);
      }),
  };
  return {
    db: wrapped,
    times: () => [...byLabel.values()].sort((a, b) => b.ms - a.ms),
    reset: () => byLabel.clear(),
  };
}
