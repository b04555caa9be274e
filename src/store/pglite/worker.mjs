// The embedded database's own thread. PGlite is PostgreSQL compiled to
// WebAssembly and runs wherever it is created; on the server's thread it
// competed with HTTP parsing, validation and identity resolution for one
// core. Here it has a core of its own and the server thread only posts
// messages (driver.ts). Plain JavaScript so it starts the same from src/
// (tsx, Vitest) and from dist/ without a loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// The same parsers as store/db.ts typeParsers: int8 and numeric as numbers.
const parsers = { 20: Number, 1700: Number };

/** Thrown inside a transaction callback to make PGlite roll it back. */
const rollback = Symbol('rollback');

/** @type {Map<number, { tx: import('@electric-sql/pglite').Transaction, finish: (commit: boolean) => void, settled: Promise<void> }>} */
const transactions = new Map();
let nextTransaction = 1;

const pg = await PGlite.create(workerData.dataDir, { parsers });

/** @param {number | undefined} id */
function target(id) {
  if (id === undefined) return pg;
  const entry = transactions.get(id);
  if (!entry) throw new Error(`transaction ${id} is already over`);
  return entry.tx;
}

/** Opens a transaction that stays open until `end` says commit or roll back. */
function begin() {
  return new Promise((opened, failed) => {
    const id = nextTransaction++;
    /** @type {(commit: boolean) => void} */
    let finish = () => {};
    const decided = new Promise((resolve) => {
      finish = resolve;
    });
    const settled = pg
      .transaction(async (tx) => {
        transactions.set(id, { tx, finish, settled });
        opened(id);
        if (!(await decided)) throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    settled.catch(failed);
  });
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
      const result = await target(request.tx).query(request.sql, request.params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case 'exec':
      await target(request.tx).exec(request.sql);
      return undefined;
    case 'copy': {
      // PGlite has no STDIN; its virtual /dev/blob file reads the blob handed to this query.
      const result = await target(request.tx).query(request.sql, [], {
        blob: new Blob([request.data]),
      });
      return result.affectedRows ?? 0;
    }
    case 'begin':
      return begin();
    case 'end':
      await end(request.tx, request.commit);
      return undefined;
    case 'close':
      await pg.close();
      return undefined;
    default:
      throw new Error(`unknown operation ${request.op}`);
  }
}

parentPort.on('message', (request) => {
  handle(request).then(
    (value) => parentPort.postMessage({ id: request.id, ok: true, value }),
    (error) => parentPort.postMessage({ id: request.id, ok: false, error: plain(error) }),
  );
});
parentPort.postMessage({ ready: true });
