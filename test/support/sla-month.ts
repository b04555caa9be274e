import type { Db } from '../../src/store/db.js';

/**
 * A small month of SLA history written straight into the tables (November
 * 2026, UTC; the reps work the default Monday–Friday 09:00–17:00 in
 * Europe/Berlin, which is 08:00–16:00 UTC in November), so a test can know
 * every figure of its scorecard by hand:
 *
 * | lead | handed (UTC)   | marketer | owner   | what became of it                         |
 * | A    | Mon 2 09:00 mql | m1      | rep     | accepted 10:00, 4 attempts, sql on the 10th |
 * | B    | Tue 3 15:00 mql | m2      | rep     | attempt Wed 08:30, rejected not_ready 09:00 |
 * | C    | Wed 4 14:00 pql | m1      | otherRep| undecided, attempt Mon 9 10:00              |
 * | D    | Fri 20 10:00 mql| none    | otherRep| accepted 11:00, no attempt                  |
 * | E    | Wed 25 10:00 mql| m2      | nobody  | waiting to be claimed                       |
 * | F1   | Thu 12 09:00 mql| m1      | rep     | attempt 10:00, rejected no_budget 12:00     |
 * | F2   | Thu 26 09:00 mql| (same contact as F1) | accepted 10:00, attempt Fri 27 08:00 |
 * | H    | Mon 16 09:00 mql| m1      | manager | accepted 09:30, attempt 10:00               |
 * | G    | Fri Oct 30      | m1      | rep     | October: not November's                     |
 */
export interface SlaMonthPeople {
  rep: string;
  otherRep: string;
  manager: string;
  marketer: string;
  /** A second marketing member, created here. */
  marketer2?: string;
}

type ClockStates = [string, string, string, string];

interface LeadSpec {
  marketer: string | null;
  owner: string | null;
  stage: string;
  /** [from, to, reason code, ISO instant]; a route stage target starts a handoff. */
  moves: [string | null, string, string | null, string][];
  attempts: string[];
  /** Per handoff, in order: accept, first attempt, cadence, outcome. */
  clocks: ClockStates[];
}

const clauses = ['accept_within', 'first_attempt_within', 'attempt_cadence', 'outcome_recorded'];
const routes = new Set(['mql', 'pql', 'cql']);

export async function buildSlaMonth(
  db: Db,
  people: SlaMonthPeople,
): Promise<{ marketer2: string; contacts: Record<string, string> }> {
  const marketer2 =
    people.marketer2 ??
    (
      await db.query<{ id: string }>(
        `INSERT INTO members (email, name, role, time_zone)
         VALUES ('marketer2@example.test', 'Marketer Two', 'marketing', 'Europe/Berlin') RETURNING id`,
      )
    ).rows[0]!.id;
  const { rep, otherRep, manager, marketer: m1 } = people;
  const m2 = marketer2;
  const specs: Record<string, LeadSpec> = {
    A: {
      marketer: m1,
      owner: rep,
      stage: 'sql',
      moves: [
        [null, 'lead', null, '2026-10-20T09:00:00Z'],
        ['lead', 'mql', null, '2026-11-02T09:00:00Z'],
        ['mql', 'sal', null, '2026-11-02T10:00:00Z'],
        ['sal', 'sql', null, '2026-11-10T09:00:00Z'],
      ],
      attempts: [
        '2026-11-02T11:00:00Z',
        '2026-11-03T08:30:00Z',
        '2026-11-04T08:30:00Z',
        '2026-11-05T08:30:00Z',
      ],
      clocks: [['met', 'met', 'met', 'met']],
    },
    B: {
      marketer: m2,
      owner: rep,
      stage: 'recycled',
      moves: [
        [null, 'lead', null, '2026-10-21T09:00:00Z'],
        ['lead', 'mql', null, '2026-11-03T15:00:00Z'],
        ['mql', 'recycled', 'not_ready', '2026-11-04T09:00:00Z'],
      ],
      attempts: ['2026-11-04T08:30:00Z'],
      clocks: [['met', 'met', 'cancelled', 'met']],
    },
    C: {
      marketer: m1,
      owner: otherRep,
      stage: 'pql',
      moves: [
        [null, 'lead', null, '2026-10-22T09:00:00Z'],
        ['lead', 'pql', null, '2026-11-04T14:00:00Z'],
      ],
      attempts: ['2026-11-09T10:00:00Z'],
      clocks: [['breached', 'breached', 'running', 'breached']],
    },
    D: {
      marketer: null,
      owner: otherRep,
      stage: 'sal',
      moves: [
        [null, 'lead', null, '2026-10-23T09:00:00Z'],
        ['lead', 'mql', null, '2026-11-20T10:00:00Z'],
        ['mql', 'sal', null, '2026-11-20T11:00:00Z'],
      ],
      attempts: [],
      clocks: [['met', 'breached', 'breached', 'running']],
    },
    E: {
      marketer: m2,
      owner: null,
      stage: 'mql',
      moves: [
        [null, 'lead', null, '2026-10-24T09:00:00Z'],
        ['lead', 'mql', null, '2026-11-25T10:00:00Z'],
      ],
      attempts: [],
      clocks: [],
    },
    F: {
      marketer: m1,
      owner: rep,
      stage: 'sal',
      moves: [
        [null, 'lead', null, '2026-10-25T09:00:00Z'],
        ['lead', 'mql', null, '2026-11-12T09:00:00Z'],
        ['mql', 'recycled', 'no_budget', '2026-11-12T12:00:00Z'],
        ['recycled', 'mql', null, '2026-11-26T09:00:00Z'],
        ['mql', 'sal', null, '2026-11-26T10:00:00Z'],
      ],
      attempts: ['2026-11-12T10:00:00Z', '2026-11-27T08:00:00Z'],
      clocks: [
        ['met', 'met', 'cancelled', 'met'],
        ['met', 'met', 'running', 'running'],
      ],
    },
    H: {
      marketer: m1,
      owner: manager,
      stage: 'sal',
      moves: [
        [null, 'lead', null, '2026-10-26T09:00:00Z'],
        ['lead', 'mql', null, '2026-11-16T09:00:00Z'],
        ['mql', 'sal', null, '2026-11-16T09:30:00Z'],
      ],
      attempts: ['2026-11-16T10:00:00Z'],
      clocks: [['met', 'met', 'running', 'running']],
    },
    G: {
      marketer: m1,
      owner: rep,
      stage: 'mql',
      moves: [
        [null, 'lead', null, '2026-10-01T09:00:00Z'],
        ['lead', 'mql', null, '2026-10-30T09:00:00Z'],
      ],
      attempts: [],
      clocks: [['breached', 'breached', 'breached', 'breached']],
    },
  };

  const contacts: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contacts (email, owner_id, marketer_id, lifecycle_stage)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [`${name.toLowerCase()}@month.test`, spec.owner, spec.marketer, spec.stage],
    );
    const id = rows[0]!.id;
    contacts[name] = id;
    const handoffs: number[] = [];
    for (const [from, to, reasonCode, at] of spec.moves) {
      const { rows: t } = await db.query<{ seq: number }>(
        `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, reason, reason_code, occurred_at)
         VALUES ($1, $2, $3, 'system', 'test', $4, $5) RETURNING seq`,
        [id, from, to, reasonCode, at],
      );
      if (routes.has(to)) handoffs.push(Number(t[0]!.seq));
    }
    for (const [i, at] of spec.attempts.entries())
      await db.query(
        `INSERT INTO events (contact_id, type, name, source, message_id, occurred_at)
         VALUES ($1, 'sales_attempt', 'call: connected', 'tandem', $2, $3)`,
        [id, `attempt:${name}:${i}`, at],
      );
    for (const [h, states] of spec.clocks.entries())
      for (const [c, state] of states.entries())
        await db.query(
          `INSERT INTO sla_clocks (contact_id, handoff_seq, clause, owner_id, contract_version, state, clock)
           VALUES ($1, $2, $3, $4, 1, $5, '{}'::jsonb)`,
          [id, handoffs[h], clauses[c], spec.owner, state],
        );
  }
  return { marketer2, contacts };
}
