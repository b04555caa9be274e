import { parentPort, workerData } from 'node:worker_threads';
import { type LoadInput, postAll } from './http-load.js';

/**
 * The load clients' thread. Real Segment clients do not run on the server's
 * event loop; on it, their fetch work (about a tenth of the loop in profiles)
 * would be charged to the server, and on PGlite to the database as well.
 */
const port = parentPort!;
port.once('message', async () => {
  try {
    port.postMessage({ ok: true, result: await postAll(workerData as LoadInput) });
  } catch (error) {
    port.postMessage({ ok: false, error: (error as Error).message });
  }
});
port.postMessage({ ready: true });
