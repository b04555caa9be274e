import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, waitForLine } from '../support/run-cli.js';

/**
 * An acknowledged write is never lost: clients send tracking batches while the
 * server is killed with SIGKILL mid-stream; after a restart every messageId
 * that got a 2xx is stored exactly once.
 */
describe('SIGKILL during ingest (embedded database)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-crash-'));
  const env = { TANDEM_DATA_DIR: dataDir };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged event, once', async () => {
    const created = await runCli(['keys', 'create', '--scope', 'ingest', '--name', 'crash'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1)!;
    const auth = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

    const server = startCli(['serve', '--port', '0'], env);
    let serverErrors = '';
    server.stderr!.on('data', (d) => (serverErrors += d));
    const [, url] = await waitForLine(server, /Tandem is running at (http:\/\/\S+)/);
    const acknowledged: string[] = [];
    const refusals = new Map<number, number>();
    let sent = 0;
    let stop = false;
    let running = 4;

    async function client(n: number) {
      for (let batch = 0; !stop; batch++) {
        const ids = Array.from({ length: 50 }, (_, i) => `crash-${n}-${batch}-${i}`);
        sent += ids.length;
        try {
          const res = await fetch(`${url}/v1/batch`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({
              batch: ids.map((messageId, i) => ({
                type: 'track',
                event: 'Crash Test',
                userId: `crash-user-${i % 7}`,
                messageId,
              })),
            }),
          });
          if (res.ok) acknowledged.push(...ids);
          else refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1);
        } catch {
          break; // the server is gone
        }
      }
      running--;
    }

    const clients = [0, 1, 2, 3].map(client);
    // Kill once a good number of batches are through, while requests are in flight.
    const deadline = Date.now() + 60_000;
    while (acknowledged.length < 1_000 && running > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    await exited;
    expect(sent).toBeGreaterThan(acknowledged.length);
    // Enough traffic got through before the kill, and none of it was refused.
    expect({
      acknowledged: acknowledged.length >= 1_000,
      refusals: Object.fromEntries(refusals),
      serverErrors,
    }).toEqual({
      acknowledged: true,
      refusals: {},
      serverErrors: '',
    });

    const out = path.join(dataDir, 'events.jsonl');
    const exported = await runCli(['export', 'events', '--format', 'jsonl', '--out', out], env);
    expect(exported.code).toBe(0);
    const stored = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { message_id: string }).message_id)
      .filter((id) => id.startsWith('crash-'));
    const counts = new Map<string, number>();
    for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);
    const missing = acknowledged.filter((id) => !counts.has(id));
    const twice = [...counts.entries()].filter(([, n]) => n > 1);
    expect({
      acknowledged: acknowledged.length,
      missing: missing.length,
      twice: twice.length,
    }).toEqual({ acknowledged: acknowledged.length, missing: 0, twice: 0 });
  }, 180_000);
});
