import type { Db } from '../../src/store/db.js';
import { setMemberCalendar } from '../../src/store/member-calendars.js';
import { insertMember, insertTeam } from '../../src/store/members.js';

/**
 * The SLA benchmark's workspace, written set-based (generate_series), the
 * shape the real job meets: open clocks of the four clauses on leads owned
 * by a team's reps, warned or running, due far ahead; then, just before the
 * measured window, a stream of clocks whose due times (breaches) and warning
 * times fall evenly through it. Instants are ISO strings in the clock
 * document, as store/sla-clocks.ts writes them.
 */

const clauses = ['accept_within', 'first_attempt_within', 'attempt_cadence', 'outcome_recorded'];
const HOUR_MS = 3_600_000;

export interface SlaBenchWorkspace {
  reps: string[];
  manager: string;
  contacts: number;
}

/** Round the clock, so a clock's window is plain hours (the sweep never reads calendars). */
const alwaysOpen = {
  timeZone: 'UTC',
  weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '00:00' })),
  holidays: [],
};

export async function seedSlaTeam(
  db: Db,
  reps: number,
): Promise<Omit<SlaBenchWorkspace, 'contacts'>> {
  const teamId = await insertTeam(db, { name: 'Bench', side: 'sales' });
  const member = (role: 'sales_rep' | 'sales_manager', n: number) =>
    insertMember(db, {
      email: `${role}-${n}@bench.test`,
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

const iso = (expr: string) =>
  `to_char((${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The clock document and row for clock n, given SQL expressions for its warning and due instants. */
function clockSelect(opts: {
  handoff: number;
  warned: string;
  warnAt: string;
  dueAt: string;
}): string {
  // $1 is the clause list in both statements.
  return `SELECT c.id, ${opts.handoff}, ($1::text[])[1 + (g.n % 4)], c.owner_id, 1,
      CASE WHEN ${opts.warned} THEN 'warned' ELSE 'running' END,
      jsonb_build_object(
        'clause', ($1::text[])[1 + (g.n % 4)],
        'startedAt', ${iso(`${opts.dueAt} - interval '4 hours'`)},
        'dueAt', ${iso(opts.dueAt)},
        'warnAt', ${iso(opts.warnAt)},
        'state', CASE WHEN ${opts.warned} THEN 'warned' ELSE 'running' END,
        'warnedAt', CASE WHEN ${opts.warned} THEN ${iso(opts.warnAt)} END,
        'pausedAt', NULL, 'remainingMs', NULL, 'warnRemainingMs', NULL,
        'attemptsRequired', CASE g.n % 4 WHEN 1 THEN 1 WHEN 2 THEN 4 ELSE 0 END,
        'attemptsCounted', 0, 'settledAt', NULL,
        'escalation', jsonb_build_object('notifyManagerOnBreach', true, 'reassignOnBreach', false)),
      CASE WHEN ${opts.warned} THEN ${opts.dueAt} ELSE ${opts.warnAt} END`;
}

/**
 * `clocks` open clocks (4 per lead, so clocks/4 leads in MQL), due between
 * `from` plus a day and 30 days later, a third of them already warned:
 * nothing of theirs falls due during the run, but every sweep works beside them.
 */
export async function seedOpenClocks(
  db: Db,
  team: Omit<SlaBenchWorkspace, 'contacts'>,
  clocks: number,
  from: Date,
  chunk = 250_000,
): Promise<SlaBenchWorkspace> {
  const contacts = Math.ceil(clocks / 4);
  for (let start = 0; start < contacts; start += chunk)
    await db.query(
      `INSERT INTO contacts (lifecycle_stage, owner_id, first_name)
       SELECT 'mql', ($1::uuid[])[1 + (n % cardinality($1::uuid[]))], 'bench-' || n
       FROM generate_series($2::int, $3::int - 1) AS n`,
      [team.reps, start, Math.min(contacts, start + chunk)],
    );
  for (let start = 0; start < clocks; start += chunk) {
    const end = Math.min(clocks, start + chunk);
    // Due times scattered by a multiplicative hash over 29 days, warnings an hour before.
    const due = `$2::timestamptz + interval '1 day' + ((g.n::bigint * 2654435761) % 2505600000) * interval '1 millisecond'`;
    await db.query(
      `INSERT INTO sla_clocks (contact_id, handoff_seq, clause, owner_id, contract_version, state, clock, next_due_at)
       ${clockSelect({ handoff: 1, warned: 'g.n % 3 = 0', warnAt: `${due} - interval '1 hour'`, dueAt: due })}
       FROM generate_series($3::int, $4::int - 1) AS g(n)
       JOIN (SELECT id, owner_id, row_number() OVER (ORDER BY id) - 1 AS k FROM contacts) c ON c.k = g.n / 4`,
      [clauses, from, start, end],
    );
  }
  return { ...team, contacts };
}

/**
 * The measured stream: `count` warned clocks due evenly through
 * [windowStart, windowStart + windowMs) and `count` running ones whose
 * warnings fall the same way (handoff 2 of the same leads). Returns how many were written.
 */
export async function seedStream(
  db: Db,
  count: number,
  windowStart: Date,
  windowMs: number,
): Promise<number> {
  const at = `$3::timestamptz + ((g.n / 2) * $4::float8 / $2::int) * interval '1 millisecond'`;
  const { rowCount } = await db.query(
    `INSERT INTO sla_clocks (contact_id, handoff_seq, clause, owner_id, contract_version, state, clock, next_due_at)
     ${clockSelect({
       handoff: 2,
       warned: 'g.n % 2 = 0',
       warnAt: `CASE WHEN g.n % 2 = 0 THEN ${at} - interval '1 hour' ELSE ${at} END`,
       dueAt: `CASE WHEN g.n % 2 = 0 THEN ${at} ELSE ${at} + interval '${HOUR_MS / 1000} seconds' END`,
     })}
     FROM generate_series(0, 2 * $2::int - 1) AS g(n)
     JOIN (SELECT id, owner_id, row_number() OVER (ORDER BY id) - 1 AS k FROM contacts) c ON c.k = g.n / 4`,
    [clauses, count, windowStart, windowMs],
  );
  return rowCount;
}
