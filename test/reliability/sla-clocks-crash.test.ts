import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { openPglite } from '../../src/store/pglite/driver.js';
import { databaseTargets } from '../support/databases.js';
import {
  clockOutcome,
  databaseUrlOf,
  dueStream,
  everyClockBreached,
  seedDueClocks,
  seedSlaWorkspace,
  startClockProcess,
  waitForBreaches,
} from '../support/sla-fixtures.js';

/**
 * SIGKILL and restart (issue 6): a real `tandem serve --role clock` process
 * on a real database sweeps a stream of clocks falling due, is killed with
 * SIGKILL half-way, and started again; every breach, those noticed before the
 * kill and those that fell due while it was down, is in the outbox exactly
 * once per recipient, at its due time, and every clock is breached.
 *
 * PGlite: the test and the server cannot have the data directory open at the
 * same time (one process's database), so the test seeds it, lets the server
 * run, and reads it only after the kill; the killed server's lock is stale
 * (its pid is gone) and the next process takes it over. PostgreSQL: the test
 * watches the counts while the server runs and kills it once some, not all,
 * breaches are in.
 */
const SECOND = 1000;

describe.each(databaseTargets)('SLA clocks across SIGKILL on $name', (target) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-sla-crash-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('fires every pending breach exactly once after a restart', async () => {
    let db: Db;
    let env: Record<string, string>;
    let reopen: () => Promise<Db>;
    if (target.name === 'postgres') {
      db = await target.open();
      env = { DATABASE_URL: await databaseUrlOf(db) };
      reopen = async () => db;
    } else {
      const pgdata = path.join(dataDir, 'pgdata');
      db = await openPglite(pgdata);
      env = { TANDEM_DATA_DIR: dataDir };
      reopen = () => openPglite(pgdata);
    }
    const ws = await seedSlaWorkspace(db);
    // A stream of breaches over 50 s, starting once a server has had time to
    // start (tsx compiles the CLI first: 10–30 s on a busy machine).
    const count = target.name === 'postgres' ? 2000 : 1200;
    const first = Date.now() + 20 * SECOND;
    const span = 50 * SECOND;
    await seedDueClocks(db, ws, dueStream(count, first, span));
    if (target.name === 'pglite') await db.close();

    const until = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

    let server = await startClockProcess(env);
    if (target.name === 'postgres') {
      // Killed once a good part of the breaches are in, while the stream goes on.
      await waitForBreaches(db, ws, count * 0.3, 90 * SECOND, 100);
    } else {
      await until(Math.max(first + span / 2, Date.now() + 2 * SECOND));
    }
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    expect(server.errors()).toBe('');

    // Half-way: some breaches in, some still to come (and some falling due while it is down).
    db = await reopen();
    const atKill = await clockOutcome(db, ws);
    expect(atKill.breached).toBeGreaterThan(0);
    expect(atKill.breached).toBeLessThan(count);
    expect(atKill.duplicates).toBe(0);
    if (target.name === 'pglite') await db.close();

    server = await startClockProcess(env);
    // Past the last due time, with time for the backlog of the seconds it was down.
    await until(Math.max(first + span, killedAt, Date.now()) + 5 * SECOND);
    if (target.name === 'postgres') await waitForBreaches(db, ws, count, 60 * SECOND);
    const stopped = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await stopped;
    expect(server.errors()).toBe('');

    db = await reopen();
    try {
      expect(await clockOutcome(db, ws)).toEqual(everyClockBreached(count));
      // Nothing left for a sweep: no clock still in the due index.
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sla_clocks WHERE next_due_at IS NOT NULL',
      );
      expect(rows[0]!.n).toBe(0);
    } finally {
      await db.close();
    }
  }, 300_000);
});
