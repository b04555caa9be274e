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
import { type RollupRows, readRollups, recomputeRollups } from '../support/rollup-recompute.js';
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
/** Per rollup table, the keys whose stored measures differ from the recomputation (missing rows included). */
function rowsOff(stored: RollupRows, recomputed: RollupRows): Record<string, string[]> {
  const off: Record<string, string[]> = {};
  for (const [table, want] of Object.entries(recomputed)) {
    const have = stored[table] ?? new Map<string, number[]>();
    const keys = [...new Set([...want.keys(), ...have.keys()])].filter(
      (k) => JSON.stringify(have.get(k)) !== JSON.stringify(want.get(k)),
    );
    if (keys.length > 0)
      off[table] = keys
        .slice(0, 5)
        .map((k) => `${k}: ${JSON.stringify(have.get(k))} ≠ ${JSON.stringify(want.get(k))}`);
  }
  return off;
}

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

  it(
    'keeps every invariant',
    async () => {
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
      // Whether every process is still up and logged no error, before they stop
      // cleanly and leave the database still for the checks.
      const processes = servers.map((s) => ({ exitCode: s.child.exitCode, errors: s.errors() }));
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
          busyAnswersRetried: cluster.busy,
        }),
      );

      // Every invariant in one object, so a failure shows all that broke at once.
      const fairness = await fairnessChecks(db, members);
      const recomputed = await recomputeRollups(db);
      const verdict = {
        settled: left,
        processes,
        faults: cluster.faults,
        events: await eventChecks(db, ledger),
        owners: await ownerChecks(db, members),
        fairness: { outOfTurn: fairness.outOfTurn, spreadAtMostOne: fairness.spread <= 1 },
        notifications: await notificationChecks(db, receiver),
        actions: await actionChecks(db, ledger),
        rollupRowsOff: rowsOff(await readRollups(db), recomputed.rows),
        // The run did what it set out to: every rep routed to, races, breaches, resends.
        exercised: {
          everyRepRouted: fairness.perRep.every((n) => n > 0),
          racesRun: ledger.races.length > 0,
          breaches: figures.breaches! > 0,
          resent: ledger.duplicates > 0,
        },
      };
      expect(verdict).toEqual({
        settled: { shortClocksOpen: 0, notFannedOut: 0, deliveriesPending: 0, reportDirty: 0 },
        processes: roles.map(() => ({ exitCode: null, errors: '' })),
        faults: [],
        events: {
          missing: 0,
          duplicated: 0,
          storedUnacknowledged: 0,
          storedAnswersMinusRows: 0,
          rejected: 0,
        },
        owners: {
          handedWithoutOwner: 0,
          ownerNotTeamRep: 0,
          assignedTwice: 0,
          assignedElsewhere: 0,
          clocksOfAnotherOwner: 0,
          handoffsWithoutClocks: 0,
        },
        fairness: { outOfTurn: 0, spreadAtMostOne: true },
        notifications: {
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
        },
        actions: {
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
        },
        rollupRowsOff: {},
        exercised: { everyRepRouted: true, racesRun: true, breaches: true, resent: true },
      });
    },
    // Set-up and the checks take up to ~4.5 min on a loaded machine, beside the load itself.
    (boundedSeconds(30) + 270) * 1000,
  );
});
