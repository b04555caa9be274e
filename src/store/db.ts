import type { CopyRow } from './copy-text.js';

/**
 * The storage contract. Two thin drivers implement it (pglite/ for the
 * embedded database, node-postgres/ for a server); everything above the store
 * sees only this interface, and one shared test suite runs on both.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
}

/** A transaction: queries, parameterless scripts (migrations) and bulk appends. */
export interface Tx extends Queryable {
  exec(sql: string): Promise<void>;
  /**
   * `COPY table (columns) FROM` rows given as text values (null = NULL):
   * the cheapest way into a table, used by the ingest hot path. Resolves with
   * the rows copied; any bad row fails the whole copy (and the transaction).
   */
  copyFrom(table: string, columns: readonly string[], rows: readonly CopyRow[]): Promise<number>;
}

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Value parsers shared by both drivers so rows look the same whichever database answers. */
export const typeParsers: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8: counts and ids stay within 2^53 here
  1700: (v) => Number(v), // numeric: scores and amounts
};

/**
 * A concurrent transaction changed what this one had read (a contact it was
 * about to attach events to was merged away): running the work again from
 * the start sees the change. SQLSTATE 40001, like PostgreSQL's own.
 */
export class WriteConflict extends Error {
  readonly code = '40001';
}

/**
 * Errors after which the same work, run again in a new transaction, can
 * succeed: another transaction committed the same key first (23505), a
 * serialization failure or WriteConflict (40001), a deadlock (40P01).
 */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40001' || code === '40P01';
}

/**
 * Awaits statements issued back to back on one transaction — each driver runs
 * them in order without the caller awaiting each one in turn (the PGlite
 * worker takes them as one message stream; node-postgres sends each as the one
 * before is answered) — and fails with the first error only once every one has
 * settled, so none is left unobserved.
 */
export async function together<T extends readonly Promise<unknown>[]>(
  statements: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(statements);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
