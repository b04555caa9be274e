// The embedded database's own thread. PGlite is PostgreSQL compiled to
// WebAssembly and runs wherever it is created; on the server's thread it
// competed with HTTP parsing, validation and identity resolution for one
// core. Here it has a core of its own and the server thread only posts
// messages (driver.ts). Plain JavaScript so it starts the same from src/
// (tsx, Vitest) and from dist/ without a loader.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

// The same parsers as store/db.ts typeParsers: int8 and numeric as numbers.
const parsers = { 20: Number, 1700: Number };

/** Thrown inside a transaction callback to make PGlite roll it back. */
const rollback = Symbol('rollback');

/** @type {Map<number, { opened: Promise<import('@electric-sql/pglite').Transaction>, finish: (commit: boolean) => void, settled: Promise<void> }>} */
const transactions = new Map();

/**
 * PGlite's data directory goes through Emscripten's NODEFS, whose files have
 * no fsync: PostgreSQL's fsync() returns at once, and PGlite also starts it
 * with -F (fsync off). Every write still reaches the kernel when made, so a
 * killed process loses nothing committed, but a commit could sit in the page
 * cache and be lost, or a checkpoint half-written, on an OS crash or power
 * loss. This gives NODEFS a real fsync and lets PostgreSQL call it: the WAL at
 * each commit, the data files and control file at checkpoints. fdatasync is a
 * no-op in Emscripten that no stream operation can replace, hence
 * wal_sync_method=fsync.
 */
class DurableNodeFS extends NodeFS {
  async init(pg, opts) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const flushToDisk = (mod) => {
      const nodefs = mod.NODEFS;
      nodefs.stream_ops.fsync = (stream) =>
        nodefs.tryFSOperation(() => {
          fs.fsyncSync(stream.nfd);
          return 0;
        });
    };
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [...(emscriptenOpts.preRun ?? []), flushToDisk],
      },
    };
  }
}

const startParams = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'wal_sync_method=fsync',
];

const pg =
  workerData.dataDir === undefined
    ? await PGlite.create({ parsers })
    : await PGlite.create({ fs: new DurableNodeFS(workerData.dataDir), parsers, startParams });

// PGlite runs PostgreSQL without its autovacuum, so table statistics would stay
// those of an empty database and the planner would keep choosing plans made for
// one (scanning where it should probe an index). Standing in for autovacuum's
// analyze: ANALYZE runs between transactions each time the rows written since
// the last one reach the rows the database held then (at least 10,000). Unlike
// autovacuum's 10% this blocks the database while it runs, so it runs rarely:
// statistics within a factor of two of the truth still give the right plans.
let rowsWritten = 0;
let analyzeAfter = 10_000;
let maintaining = false;
const writes = /^\s*(insert|update|delete|copy)\b/i;

function noteWrites(sql, rows) {
  if (writes.test(sql)) rowsWritten += rows;
}

// Nor does anything reclaim the row versions updates leave behind: ingest
// rewrites each active contact's score and touches in every transaction, so
// without VACUUM those tables and their indexes grew with every batch and
// ingest slowed round after round (bench:ingest). A plain VACUUM (no lock
// against readers in PostgreSQL, but a pause here) every so many committed
// transactions keeps them near their live size; the visibility map lets it
// skip what has not changed since, so a frequent one is a short one (about
// 50 ms every 20 ingest transactions in bench:ingest).
const vacuumEvery = 20;
let commits = 0;

function noteCommit() {
  commits++;
}

async function vacuumWhenDue() {
  if (commits < vacuumEvery) return;
  commits = 0;
  try {
    await pg.exec('VACUUM');
  } catch {
    // Reclaiming space is an optimisation too; the next due time tries again.
  }
}

async function maintainWhenDue() {
  if (maintaining || transactions.size > 0) return;
  maintaining = true;
  await vacuumWhenDue();
  if (rowsWritten < analyzeAfter) {
    maintaining = false;
    return;
  }
  rowsWritten = 0;
  try {
    // A small sample (3,000 rows rather than 30,000): row counts and rough
    // distributions are what the plans here need, and the pause stays short.
    await pg.exec('SET default_statistics_target = 10; ANALYZE; RESET default_statistics_target');
    const { rows } = await pg.query(
      "SELECT coalesce(sum(greatest(reltuples, 0)), 0)::float8 AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace",
    );
    analyzeAfter = Math.max(10_000, rows[0].n);
  } catch {
    // Statistics are an optimisation; the next due time tries again.
  } finally {
    maintaining = false;
  }
}

/** @param {number | undefined} id */
async function target(id) {
  if (id === undefined) return pg;
  const entry = transactions.get(id);
  if (!entry) throw new Error(`transaction ${id} is already over`);
  return entry.opened;
}

/**
 * Opens transaction `id`, numbered by the driver so that its first statements
 * can be sent right behind this request; they wait for `opened`, in the order
 * they came. It stays open until `end` says commit or roll back.
 * @param {number} id
 */
function begin(id) {
  /** @type {(commit: boolean) => void} */
  let finish = () => {};
  const decided = new Promise((resolve) => {
    finish = resolve;
  });
  /** @type {(tx: import('@electric-sql/pglite').Transaction) => void} */
  let open = () => {};
  /** @type {(error: unknown) => void} */
  let fail = () => {};
  const opened = new Promise((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  const settled = pg
    .transaction(async (tx) => {
      open(tx);
      if (!(await decided)) throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
  // BEGIN itself failing fails the statements waiting for it too.
  settled.catch(fail);
  opened.catch(() => {});
  transactions.set(id, { opened, finish, settled });
  return opened.then(() => undefined);
}

/** @param {number} id @param {boolean} commit */
async function end(id, commit) {
  const entry = transactions.get(id);
  if (!entry) return;
  entry.finish(commit);
  try {
    await entry.settled;
  } finally {
    transactions.delete(id);
  }
}

/** Errors cross the thread boundary as plain objects; SQLSTATE code, detail and the like survive. */
function plain(error) {
  const out = { name: 'Error', message: String(error) };
  if (error instanceof Error) {
    out.name = error.name;
    out.message = error.message;
    for (const [key, value] of Object.entries(error)) {
      if (typeof value === 'string' || typeof value === 'number') out[key] = value;
    }
  }
  return out;
}

async function handle(request) {
  switch (request.op) {
    case 'query': {
      const result = await (await target(request.tx)).query(request.sql, request.params);
      noteWrites(request.sql, result.affectedRows ?? 0);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case 'exec':
      await (await target(request.tx)).exec(request.sql);
      return undefined;
    case 'copy': {
      // PGlite has no STDIN; its virtual /dev/blob file reads the blob handed to this query.
      const result = await (await target(request.tx)).query(request.sql, [], {
        blob: new Blob([request.data]),
      });
      noteWrites(request.sql, result.affectedRows ?? 0);
      return result.affectedRows ?? 0;
    }
    case 'begin':
      return begin(request.tx);
    case 'end':
      await end(request.tx, request.commit);
      if (request.commit) noteCommit();
      return undefined;
    case 'close':
      await pg.close();
      return undefined;
    default:
      throw new Error(`unknown operation ${request.op}`);
  }
}

parentPort.on('message', (request) => {
  void handle(request)
    .then(
      (value) => parentPort.postMessage({ id: request.id, ok: true, value }),
      (error) => parentPort.postMessage({ id: request.id, ok: false, error: plain(error) }),
    )
    .then(() => (request.op === 'close' ? undefined : maintainWhenDue()));
});
parentPort.postMessage({ ready: true });
