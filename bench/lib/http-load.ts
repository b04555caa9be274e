import { Worker } from 'node:worker_threads';

/**
 * Closed-loop load: `clients` loops each send the next request body as soon
 * as their previous request has been answered, like that many Segment libraries
 * flushing back to back. Node's fetch keeps connections alive, so after the
 * first request each client reuses its socket.
 */
export interface LoadResult {
  wallMs: number;
  /** Per request, from send to the last byte of the answer. */
  latenciesMs: number[];
  /** The parsed JSON answers, in body order. */
  answers: unknown[];
}

export interface LoadInput {
  url: string;
  headers: Record<string, string>;
  bodies: readonly string[];
  clients: number;
}

export async function postAll(input: LoadInput): Promise<LoadResult> {
  const answers: unknown[] = new Array(input.bodies.length);
  const latenciesMs: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < input.bodies.length) {
      const index = next++;
      const started = performance.now();
      const response = await fetch(input.url, {
        method: 'POST',
        headers: input.headers,
        body: input.bodies[index]!,
      });
      const text = await response.text();
      latenciesMs.push(performance.now() - started);
      // Any refusal means the numbers would describe a different workload: stop the run.
      if (response.status !== 200)
        throw new Error(`request ${index} answered ${response.status}: ${text.slice(0, 500)}`);
      answers[index] = JSON.parse(text);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: input.clients }, client));
  return { wallMs: performance.now() - started, latenciesMs, answers };
}

type WorkerMessage =
  | { ready: true }
  | { ok: true; result: LoadResult }
  | { ok: false; error: string };

export interface LoadWorker {
  /** Starts the clients; resolves when every body has been answered. */
  run(): Promise<LoadResult>;
  close(): Promise<void>;
}

/**
 * postAll on a thread of its own (http-load-worker.ts), so the clients do not
 * share the server's event loop. Resolves once the worker holds the bodies and
 * waits for run(), so start-up is not timed. A worker does not inherit the tsx
 * loader that runs this file: a bootstrap loads it through tsx's API.
 */
export async function startLoadWorker(input: LoadInput): Promise<LoadWorker> {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) =>
    tsx.tsImport(${JSON.stringify(new URL('./http-load-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}));`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  let settle: { resolve(r: LoadResult): void; reject(e: Error): void } | undefined;
  let broken: Error | undefined;
  const fail = (error: Error) => {
    broken ??= error;
    settle?.reject(error);
  };
  const ready = new Promise<void>((resolve, reject) => {
    settle = { resolve: () => {}, reject };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) resolve();
      else if (message.ok) settle?.resolve(message.result);
      else settle?.reject(new Error(message.error));
    });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`load worker exited with ${code}`)));
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    run: () =>
      new Promise<LoadResult>((resolve, reject) => {
        if (broken) return reject(broken);
        settle = { resolve, reject };
        worker.postMessage('start');
      }),
    close: async () => {
      settle = undefined;
      await worker.terminate();
    },
  };
}

/**
 * How many events the server says it stored, after checking that every
 * request was stored whole (no duplicate, no refusal) and the total is
 * `expected`; `fail` names what went wrong.
 */
export function storedWhole(
  answers: readonly unknown[],
  expected: number,
  fail: (message: string) => never,
): number {
  let stored = 0;
  for (const a of answers as { stored: number; duplicates: number; rejected: unknown[] }[]) {
    if (a.duplicates !== 0 || a.rejected.length !== 0)
      fail(`a request was not stored whole: ${JSON.stringify(a).slice(0, 500)}`);
    stored += a.stored;
  }
  if (stored !== expected) fail(`the server says ${stored} stored, ${expected} sent`);
  return stored;
}
