import type { CopyRow } from '../../src/store/copy-text.js';
import type { Db, Tx } from '../../src/store/db.js';
import { progress } from './report.js';

/**
 * How the reports benchmark loads its workspace: rows in chunks, one
 * transaction each, the next chunk built while the last one is stored.
 */
export class ChunkStream {
  private rows: CopyRow[] = [];
  private inFlight: Promise<unknown> = Promise.resolve();
  stored = 0;

  constructor(
    private readonly db: Db,
    private readonly chunkRows: number,
    private readonly store: (tx: Tx, rows: CopyRow[]) => Promise<number>,
  ) {}

  async push(row: CopyRow): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.chunkRows) await this.send();
  }

  private async send(): Promise<void> {
    await this.inFlight;
    const rows = this.rows;
    this.rows = [];
    this.inFlight = this.db
      .transaction((tx) => this.store(tx, rows))
      .then((n) => {
        this.stored += n;
      });
    // Awaited by the next send or end(); until then a failure must not count as unhandled.
    this.inFlight.catch(() => {});
  }

  async end(): Promise<number> {
    if (this.rows.length > 0) await this.send();
    await this.inFlight;
    return this.stored;
  }
}

/** COPY into `table`, 50,000 rows a transaction. */
export function copyStream(db: Db, table: string, columns: readonly string[]): ChunkStream {
  return new ChunkStream(db, 50_000, (tx, rows) => tx.copyFrom(table, columns, rows));
}

/** A progress line at every tenth of `total`, with the seconds since the first call. */
export function every(total: number, label: string): (done: number) => void {
  let next = 0.1;
  const started = performance.now();
  return (done) => {
    if (total > 0 && done / total >= next) {
      const s = ((performance.now() - started) / 1000).toFixed(1);
      progress(
        `  ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${s} s)`,
      );
      while (done / total >= next) next += 0.1;
    }
  };
}

/**
 * Loads `table` with its keys and indexes dropped and builds them again
 * afterwards, from their own definitions, as one does for a bulk load: the
 * table ends as the migrations made it, many times faster than maintaining
 * its indexes row by row over millions of rows. Foreign keys stay and are
 * checked row by row.
 */
export async function withIndexesBuiltAfter<T>(
  db: Db,
  table: string,
  load: () => Promise<T>,
): Promise<T> {
  const { rows: constraints } = await db.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype IN ('p', 'u') ORDER BY conname`,
    [table],
  );
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = $1::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
     ORDER BY i.relname`,
    [table],
  );
  for (const c of constraints) await db.exec(`ALTER TABLE ${table} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes) await db.exec(`DROP INDEX ${i.name}`);
  const result = await load();
  progress(`  ${table}: building ${constraints.length + indexes.length} keys and indexes`);
  const started = performance.now();
  await db.transaction(async (tx) => {
    await tx.query("SET LOCAL maintenance_work_mem = '512MB'");
    for (const c of constraints)
      await tx.query(`ALTER TABLE ${table} ADD CONSTRAINT ${c.name} ${c.def}`);
    for (const i of indexes) await tx.query(i.def);
  });
  progress(`  ${table}: indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Rows sorted by time (an index sort), then COPYed with the table's indexes built after. */
export async function copyInTimeOrder(
  db: Db,
  table: string,
  columns: readonly string[],
  at: readonly number[],
  row: (k: number) => CopyRow,
): Promise<number> {
  progress(`  ${table}: ${at.length.toLocaleString('en-US')}`);
  const order = Int32Array.from(at.keys()).sort((a, b) => at[a]! - at[b]!);
  return withIndexesBuiltAfter(db, table, async () => {
    const stream = copyStream(db, table, columns);
    for (const k of order) await stream.push(row(k));
    return stream.end();
  });
}
