import { Worker } from 'node:worker_threads';
import { copyText } from '../copy-text.js';
import type { Db, QueryResult, Tx } from '../db.js';

type Request =
  | { op: 'query'; sql: string; params: readonly unknown[]; tx?: number | undefined }
  | { op: 'exec'; sql: string; tx?: number | undefined }
  | { op: 'copy'; sql: string; data: Uint8Array; tx?: number | undefined }
  | { op: 'begin'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' };

type Reply =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: Record<string, string | number> & { message: string } };

/** Rebuilds a database error from its plain copy, keeping SQLSTATE `code`, `detail` and the rest. */
function toError(plain: Record<string, string | number> & { message: string }): Error {
  return Object.assign(new Error(plain.message), plain);
}

/**
 * The embedded database. PGlite runs on a worker thread of its own
 * (worker.mjs), so queries do not compete with the server's thread for a
 * core; this side forwards requests and keeps the process alive only while
 * one is waiting for its answer. `dataDir` undefined means in memory (tests).
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let nextTransaction = 1;
  let failure: Error | undefined;

  const settleAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
    worker.unref();
  };
  await new Promise<void>((ready, failed) => {
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return ready();
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply.value);
      else p.reject(toError(reply.error));
    });
    worker.on('error', (error) => {
      settleAll(error);
      failed(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`the embedded database thread stopped (exit code ${code})`);
      settleAll(error);
      failed(error);
    });
  });
  worker.unref();

  const send = <T>(request: Request): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    if (pending.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };

  const handle = (tx: number | undefined): Tx => ({
    query: <R>(sql: string, params: readonly unknown[] = []) =>
      send<QueryResult<R>>({ op: 'query', sql, params, tx }),
    exec: (sql: string) => send<void>({ op: 'exec', sql, tx }),
    copyFrom: (table, columns, rows) =>
      send<number>({
        op: 'copy',
        sql: `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`,
        data: copyText(rows),
        tx,
      }),
  });
  const base = handle(undefined);

  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const tx = nextTransaction++;
      // Not awaited: the first statements follow right behind it (worker.mjs queues them).
      const begun = send<void>({ op: 'begin', tx });
      begun.catch(() => {});
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(handle(tx));
        await begun;
      } catch (error) {
        await send({ op: 'end', tx, commit: false }).catch(() => {});
        throw error;
      }
      await send({ op: 'end', tx, commit: true });
      return result;
    },
    async close() {
      if (!failure) await send({ op: 'close' });
      await worker.terminate();
    },
  };
}
