import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { databaseTargets } from '../support/databases.js';
import {
  actionChecks,
  backlog,
  eventChecks,
  fairnessChecks,
  notificationChecks,
  ownerChecks,
  workspaceFigures,
} from '../support/mixed-load-checks.js';
import {
  Ledger,
  type LoadContext,
  random,
  reportReader,
  repWorker,
  trackingClient,
} from '../support/mixed-load-drivers.js';
import {
  Cluster,
  configureWorkspace,
  type Receiver,
  type ServerProcess,
  seedMixedMembers,
  signIn,
  startReceiver,
  startServer,
  stopServer,
} from '../support/mixed-load-workspace.js';
import { asEntries, readRollups, recomputeRollups } from '../support/rollup-recompute.js';
import { databaseUrlOf } from '../support/sla-fixtures.js';
import { boundedSeconds } from '../support/soak.js';

/**
 * Issue 8, item 2: three real `tandem serve` processes on one PostgreSQL under
 * mixed load for a bounded time — tracking clients (new people, fresh
 * activity, resent and racing batches), reps working their inboxes (accept,
 * reject with a reason, attempts, qualify, opportunity, won, lost; identical
 * moves racing on two processes) and report readers — then, once the clocks
 * have settled: no acknowledged event lost or stored twice, one owner per
 * lead, round robin's exact rotation, no notification twice, every
 * acknowledged action recorded once and every race lost with a 409, no 5xx
 * anywhere, and the report rollups equal to a recomputation from the raw rows.
 *
 * Roles: two `all` and one `web`. All three serve HTTP, so every request can
 * land anywhere; two run the clock, so the SLA sweep, the notification
 * fan-out and delivery and the rollup fold race each other as on a real
 * deployment of several full nodes; the web one is the common front-end-only
 * node. PGlite is one process's database, so this runs on PostgreSQL only.
 */
const postgres = databaseTargets.find((t) => t.name === 'postgres');
const SECOND = 1000;

describe.skipIf(!postgres)('mixed load on three server processes over one PostgreSQL', () => {
  const children: ChildProcess[] = [];
  let db: Db | undefined;
  let receiver: Receiver | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await receiver?.close();
    await db?.close();
  });

  it('keeps every invariant', async () => {
    db = await postgres!.open();
    const members = await seedMixedMembers(db);
    const env = { DATABASE_URL: await databaseUrlOf(db), TANDEM_DB_POOL_SIZE: '6' };
    const roles = ['all', 'all', 'web'] as const;
    const servers: ServerProcess[] = await Promise.all(
      roles.map((role) => startServer(role, env, (child) => children.push(child))),
    );
    const cluster = new Cluster(servers.map((s) => s.url));
    receiver = await startReceiver();
    const urls = cluster.urls;
    const as = (p: number, id: string) => signIn(urls, p % urls.length, members.emails[id]!, id);
    const callers = {
      admin: await as(0, members.admin),
      marketer: await as(1, members.marketer),
      manager: await as(2, members.manager),
    };
    const reps = await Promise.all(members.reps.map((id, i) => as(i, id)));
    const key = await configureWorkspace(cluster, members, callers, receiver.url);

    const seconds = boundedSeconds(30);
    const seed = Number(process.env.TANDEM_MIXED_SEED ?? Date.now() % 1_000_000);
    const ledger = new Ledger();
    const until = Date.now() + seconds * SECOND;
    const ctx = (n: number): LoadContext => ({
      cluster,
      ledger,
      running: () => Date.now() < until,
      rand: random(seed * 100 + n),
    });
    await Promise.all([
      ...[0, 1, 2, 3].map((n) => trackingClient(ctx(n), key, n)),
      ...reps.map((rep, n) => repWorker(ctx(10 + n), rep, callers.manager)),
      reportReader(ctx(20), callers.marketer, false),
      reportReader(ctx(21), callers.manager, true),
    ]);

    // Settle: the short SLA clocks (36 s) all met or breached, the outbox fanned
    // out and delivered, the rollups folded — by the clock processes themselves.
    const settleBy = Date.now() + 90 * SECOND;
    let left = await backlog(db);
    while (Object.values(left).some((n) => n > 0) && Date.now() < settleBy) {
      await new Promise((r) => setTimeout(r, 500));
      left = await backlog(db);
    }
    expect(left).toEqual({
      shortClocksOpen: 0,
      notFannedOut: 0,
      deliveriesPending: 0,
      reportDirty: 0,
    });
    // Every process is still up and logged no error; then they stop cleanly, leaving the database still.
    expect(servers.map((s) => s.child.exitCode)).toEqual([null, null, null]);
    expect(servers.map((s) => s.errors())).toEqual(['', '', '']);
    await Promise.all(servers.map(stopServer));

    const figures = await workspaceFigures(db);
    console.log(
      JSON.stringify({
        seed,
        seconds,
        roles,
        events: {
          acknowledged: ledger.acknowledged.size,
          batches: ledger.batches,
          resent: ledger.retries,
          duplicatesAnswered: ledger.duplicates,
        },
        ...figures,
        actions: {
          moves: ledger.moves.size,
          attempts: ledger.attempts.size,
          refused: ledger.refused.size,
          races: ledger.races.length,
        },
        reads: ledger.reads,
        webhooksReceived: receiver.received.size,
        requests: cluster.summary(),
      }),
    );

    expect(cluster.faults).toEqual([]);
    expect(await eventChecks(db, ledger)).toEqual({
      missing: 0,
      duplicated: 0,
      storedUnacknowledged: 0,
      storedAnswersMinusRows: 0,
      rejected: 0,
    });
    expect(await ownerChecks(db, members)).toEqual({
      handedWithoutOwner: 0,
      ownerNotTeamRep: 0,
      assignedTwice: 0,
      assignedElsewhere: 0,
      clocksOfAnotherOwner: 0,
      handoffsWithoutClocks: 0,
    });
    const fairness = await fairnessChecks(db, members);
    expect({ outOfTurn: fairness.outOfTurn, spreadAtMostOne: fairness.spread <= 1 }).toEqual({
      outOfTurn: 0,
      spreadAtMostOne: true,
    });
    expect(await notificationChecks(db, receiver)).toEqual({
      assignedTwicePerHandoff: 0,
      handoffsNotToldOnce: 0,
      stageChangesNotOnce: 0,
      slaTwicePerClock: 0,
      breachesUntold: 0,
      workspaceRowsNotFannedOut: 0,
      deliveriesNotSucceeded: 0,
      deliveriesTwice: 0,
      receivedTwice: 0,
      receivedNotDelivered: 0,
      deliveredNotReceived: 0,
    });
    expect(await actionChecks(db, ledger)).toEqual({
      movesMissing: 0,
      movesMisrecorded: 0,
      movesTwice: 0,
      movesUnacknowledged: 0,
      attemptsMissing: 0,
      attemptsTwice: 0,
      attemptsUnacknowledged: 0,
      refusedButStored: 0,
      racesNotOneWinnerOneRefusal: [],
      unexpectedAnswers: [],
    });
    const { rows } = await recomputeRollups(db);
    expect(asEntries(await readRollups(db))).toEqual(asEntries(rows));

    // The run did what it set out to: leads routed to every rep, each kind of action, races, breaches.
    expect({
      everyRepRouted: fairness.perRep.every((n) => n > 0),
      racesRun: ledger.races.length > 0,
      breaches: figures.breaches! > 0,
      resent: ledger.duplicates > 0,
    }).toEqual({ everyRepRouted: true, racesRun: true, breaches: true, resent: true });
  }, 300_000);
});
