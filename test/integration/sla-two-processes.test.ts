import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
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
 * Two clock processes on one PostgreSQL (issue 6): a few hundred clocks fall
 * due over some seconds while two real `tandem serve --role clock` processes
 * sweep the same table; no breach is missed, none is notified twice, and each
 * is noticed within 5 s of its due time (the breach row's created_at, the
 * sweep transaction's start, against the clock's due time). PGlite is one
 * process's database, so this runs on PostgreSQL only.
 */
const SECOND = 1000;
const postgres = databaseTargets.find((t) => t.name === 'postgres');

describe.skipIf(!postgres)('SLA clocks with two clock processes on one PostgreSQL', () => {
  const children: ChildProcess[] = [];
  let db: Db | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await db?.close();
  });

  it('notifies every breach once, within 5 s of its due time', async () => {
    db = await postgres!.open();
    const env = { DATABASE_URL: await databaseUrlOf(db) };
    const ws = await seedSlaWorkspace(db);

    const servers = await Promise.all(
      [0, 1].map(() => startClockProcess(env, (child) => children.push(child))),
    );

    // Both are up: 400 clocks due over the next 3–13 s, warned at once (their
    // warnings are an hour before), so the two race for warnings and breaches alike.
    const count = 400;
    const first = Date.now() + 3 * SECOND;
    const span = 10 * SECOND;
    await seedDueClocks(db, ws, dueStream(count, first, span));

    await new Promise((r) => setTimeout(r, first + span + 5 * SECOND - Date.now()));
    await waitForBreaches(db, ws, count, 30 * SECOND);

    expect(await clockOutcome(db, ws)).toEqual(everyClockBreached(count));
    const { rows: lag } = await db.query<{
      n: number;
      early: number;
      late: number;
      max_ms: number;
      warnings: number;
    }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE n.created_at < (n.payload->>'dueAt')::timestamptz)::int AS early,
              count(*) FILTER (WHERE n.created_at > (n.payload->>'dueAt')::timestamptz + interval '5 seconds')::int AS late,
              max(extract(epoch FROM n.created_at - (n.payload->>'dueAt')::timestamptz) * 1000)::float AS max_ms,
              (SELECT count(*) FROM notifications w WHERE w.type = 'sla.warning' AND w.member_id IS NOT NULL)::int AS warnings
       FROM notifications n JOIN sla_clocks c ON c.id::text = n.payload->>'clockId'
       WHERE n.type = 'sla.breached' AND n.member_id = c.owner_id`,
    );
    // Every owner heard of every breach, none before its due time and none more than 5 s after.
    expect(lag[0]).toMatchObject({ n: count, early: 0, late: 0 });
    expect(lag[0]!.max_ms).toBeLessThanOrEqual(5000);
    // Each clock was warned once (its warning was already due when it was seeded).
    expect(lag[0]!.warnings).toBe(count);
    // Both processes are still up, and neither reported a failure.
    expect(children.map((c) => c.exitCode)).toEqual([null, null]);
    expect(servers.map((s) => s.errors())).toEqual(['', '']);
  }, 240_000);
});
