import type { ChildProcess } from 'node:child_process';
import type { BusinessCalendar } from '../../src/core/business-time/calendar.js';
import { startClocks } from '../../src/core/sla/clocks.js';
import { defaultContract } from '../../src/core/sla/contract.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { setMemberCalendar } from '../../src/store/member-calendars.js';
import { insertMember, insertTeam } from '../../src/store/members.js';
import { insertClocks } from '../../src/store/sla-clocks.js';
import { startCli, waitForLine } from './run-cli.js';

/** Every hour of every day: a due time is then the window after the start, whatever the day. */
export const alwaysOpen: BusinessCalendar = {
  timeZone: 'UTC',
  weeklyHours: ([1, 2, 3, 4, 5, 6, 7] as const).map((day) => ({
    day,
    start: '00:00',
    end: '00:00',
  })),
  holidays: [],
};

export interface SlaWorkspace {
  reps: string[];
  manager: string;
}

/** A migrated workspace with one sales team: `reps` reps working round the clock and their manager. */
export async function seedSlaWorkspace(db: Db, reps = 3): Promise<SlaWorkspace> {
  await prepareWorkspace(db);
  const teamId = await insertTeam(db, { name: 'Clocks', side: 'sales' });
  const member = (role: 'sales_rep' | 'sales_manager', n: number) =>
    insertMember(db, {
      email: `${role}-${n}@clocks.test`,
      name: `${role} ${n}`,
      role,
      teamId,
      timeZone: 'UTC',
      passwordHash: null,
    });
  const ids: string[] = [];
  for (let i = 0; i < reps; i++) {
    const id = await member('sales_rep', i);
    await setMemberCalendar(db, id, alwaysOpen);
    ids.push(id);
  }
  return { reps: ids, manager: await member('sales_manager', 0) };
}

/**
 * One lead per due time, in MQL and owned by the reps in turn, each with a
 * running accept_within clock (4 business hours) started so that it falls
 * due at that time; its warning (75%) is an hour earlier. Returns clock ids.
 */
export async function seedDueClocks(
  db: Db,
  ws: SlaWorkspace,
  dueTimes: readonly Date[],
): Promise<string[]> {
  const { rows } = await db.query<{ id: string; n: number }>(
    `INSERT INTO contacts (lifecycle_stage, owner_id, email)
     SELECT 'mql', ($1::uuid[])[1 + (n % cardinality($1::uuid[]))], 'lead-' || n || '-' || md5(random()::text) || '@clocks.test'
     FROM generate_series(0, $2::int - 1) AS n RETURNING id, (split_part(email, '-', 2))::int AS n`,
    [ws.reps, dueTimes.length],
  );
  const contract = defaultContract();
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => {
      const due = dueTimes[r.n]!;
      const [clock] = startClocks(contract, {
        leadEnteredAt: new Date(due.getTime() - 4 * 3_600_000),
        calendar: alwaysOpen,
        clauses: ['accept_within'],
      });
      return {
        contactId: r.id,
        handoffSeq: 1,
        ownerId: ws.reps[r.n % ws.reps.length]!,
        contractVersion: 1,
        clock: clock!,
        nextDueAt: clock!.warnAt,
      };
    });
    ids.push(...(await insertClocks(db, chunk)));
  }
  return ids;
}

export interface ClockOutcome {
  clocks: number;
  breached: number;
  open: number;
  /** Breach notifications per (clock, recipient) beyond the first: must be 0. */
  duplicates: number;
  /** Breached clocks without a breach notification to their owner / to the manager. */
  ownerMissing: number;
  managerMissing: number;
  /** Breach notifications whose instant is not the clock's due time. */
  wrongInstant: number;
}

/** What the outbox and the clocks say about the seeded clocks' breaches, counted in SQL. */
export async function clockOutcome(db: Db, ws: SlaWorkspace): Promise<ClockOutcome> {
  const { rows } = await db.query<ClockOutcome>(
    `WITH b AS (
       SELECT payload->>'clockId' AS clock_id, member_id, count(*) AS n,
              bool_and((payload->>'at')::timestamptz = (payload->>'dueAt')::timestamptz) AS at_due
       FROM notifications WHERE type = 'sla.breached' GROUP BY 1, 2)
     SELECT
       (SELECT count(*) FROM sla_clocks)::int AS clocks,
       (SELECT count(*) FROM sla_clocks WHERE state = 'breached')::int AS breached,
       (SELECT count(*) FROM sla_clocks WHERE state IN ('running', 'warned', 'paused'))::int AS open,
       (SELECT coalesce(sum(n - 1), 0) FROM b)::int AS duplicates,
       (SELECT count(*) FROM sla_clocks c WHERE c.state = 'breached' AND NOT EXISTS (
          SELECT 1 FROM b WHERE b.clock_id = c.id::text AND b.member_id = c.owner_id))::int AS "ownerMissing",
       (SELECT count(*) FROM sla_clocks c WHERE c.state = 'breached' AND NOT EXISTS (
          SELECT 1 FROM b WHERE b.clock_id = c.id::text AND b.member_id = $1))::int AS "managerMissing",
       (SELECT count(*) FROM b WHERE NOT at_due)::int AS "wrongInstant"`,
    [ws.manager],
  );
  return rows[0]!;
}

/** `count` due times spread evenly over `spanMs` from `first`: a steady stream of breaches. */
export function dueStream(count: number, first: number, spanMs: number): Date[] {
  return Array.from(
    { length: count },
    (_, i) => new Date(first + Math.floor((i * spanMs) / count)),
  );
}

/** What `clockOutcome` says once each of `count` seeded clocks has breached, each told once, at its due time. */
export function everyClockBreached(count: number): ClockOutcome {
  return {
    clocks: count,
    breached: count,
    open: 0,
    duplicates: 0,
    ownerMissing: 0,
    managerMissing: 0,
    wrongInstant: 0,
  };
}

/** Polls until at least `breached` of the seeded clocks have breached, or `withinMs` has passed. */
export async function waitForBreaches(
  db: Db,
  ws: SlaWorkspace,
  breached: number,
  withinMs: number,
  pollMs = 200,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  while ((await clockOutcome(db, ws)).breached < breached && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, pollMs));
}

/** The URL of the PostgreSQL database `db` is open on (a test target's own), for a child process. */
export async function databaseUrlOf(db: Db): Promise<string> {
  const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
  const url = new URL(process.env.TANDEM_TEST_DATABASE_URL!);
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}

export interface ClockProcess {
  child: ChildProcess;
  /** What it wrote to stderr so far, but for the pipelining notice. */
  errors(): string;
}

/**
 * A real `tandem serve --role clock` process, once it says it is running.
 * `spawned` hears of the child first, so a caller can kill one that never starts.
 */
export async function startClockProcess(
  env: Record<string, string>,
  spawned: (child: ChildProcess) => void = () => {},
): Promise<ClockProcess> {
  const child = startCli(['serve', '--role', 'clock'], env);
  spawned(child);
  let errors = '';
  child.stderr!.on('data', (d) => (errors += d));
  await waitForLine(child, /Tandem clock is running/, 90_000);
  return { child, errors: () => errors.trim() };
}
