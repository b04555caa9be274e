import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findReasonCode } from '../../src/core/definitions.js';
import { memberActor } from '../../src/core/roles.js';
import { validateRouting } from '../../src/core/routing/routing-rules.js';
import { type AwaySpan, followAway } from '../../src/core/sla/away.js';
import { type ClockEvent, onEvent, type SlaClock, startClocks } from '../../src/core/sla/clocks.js';
import { type SalesClauseKey, salesClauseKeys } from '../../src/core/sla/contract.js';
import { clockEventOfMove } from '../../src/core/sla/lead-events.js';
import { seedDemo } from '../../src/services/demo/seed-demo.js';
import { loadActiveDefinitions } from '../../src/services/lifecycle/active-definitions.js';
import { loadActiveContract } from '../../src/services/sla/active-contract.js';
import { getSlaScorecard } from '../../src/services/sla/get-sla-scorecard.js';
import { listBreaches } from '../../src/services/sla/list-breaches.js';
import { listInbox } from '../../src/services/sla/list-inbox.js';
import { loadMemberCalendars } from '../../src/services/sla/load-member-calendars.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { loadAwayPeriods } from '../../src/store/member-calendars.js';
import { databaseTargets } from '../support/databases.js';

// A Wednesday afternoon: October is the last whole month, November runs so far.
const asOf = new Date('2026-11-18T15:00:00Z');
const october = new Date('2026-10-01T00:00:00Z');
const november = new Date('2026-11-01T00:00:00Z');

interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'sales_manager' | 'sales_rep' | 'marketing';
  team_id: string | null;
}

describe.each(databaseTargets)('demo SLA history on $name', (target) => {
  let db: Db;
  let members: MemberRow[];
  const member = (local: string) => members.find((m) => m.email.startsWith(`${local}@`))!;
  const actor = (local: string) => {
    const m = member(local);
    return memberActor({ id: m.id, role: m.role, teamId: m.team_id, name: m.name });
  };

  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    await seedDemo({ db, seed: 1, asOf });
    members = (
      await db.query<MemberRow>('SELECT id, email, name, role, team_id FROM members ORDER BY email')
    ).rows;
  }, 240_000);
  afterAll(async () => {
    await db?.close();
  });

  it('scores both sides of the last whole month with figures worth an award', async () => {
    const {
      month,
      scorecard: s,
      unassigned,
      uncredited,
    } = await getSlaScorecard({
      db,
      actor: actor('admin'),
      now: asOf,
    });
    expect(month.key).toBe('2026-10');
    expect(unassigned).toBe(0);
    expect(uncredited).toBe(0);

    // Sales: every rep settled clocks; most also missed some, and one rep plainly trails.
    const reps = s.reps.filter((r) => r.delivered > 0);
    expect(reps).toHaveLength(8);
    for (const r of reps) expect(r.withinSla.met).toBeGreaterThan(10);
    expect(reps.filter((r) => r.withinSla.breached > 0).length).toBeGreaterThanOrEqual(5);
    const marcus = s.leaderboard.reps.find((x) => x.id === member('marcus.johnson').id)!;
    expect(s.awards.rep).not.toBeNull();
    expect(s.awards.rep!.id).not.toBe(marcus.id);
    expect(s.awards.rep!.score - marcus.score).toBeGreaterThan(0.15);
    expect(s.leaderboard.reps.at(-1)!.id).toBe(marcus.id);
    for (const clause of salesClauseKeys)
      expect(s.teams.some((t) => t.clauses[clause].met > 0)).toBe(true);

    // Teams: the demo contract's quota of thirty a rep, and the first attempts timed.
    const sales = s.teams.filter((t) => t.teamId !== null);
    expect(sales).toHaveLength(2);
    for (const t of sales) {
      expect(t.activeReps).toBe(4);
      expect(t.quota).toBe(120);
      expect(t.delivered).toBeGreaterThan(t.quota! / 2);
      expect(t.firstAttempt.medianMs).toBeGreaterThan(0);
    }

    // Marketing: about its quota, most accepted, each marketer credited, one awarded.
    expect(s.marketing.quota).toBe(240);
    expect(s.marketing.delivered).toBeGreaterThan(s.marketing.quota! * 0.75);
    expect(s.marketing.quotaMet).toBe(s.marketing.delivered >= 240);
    expect(s.marketing.rejected).toBeGreaterThan(10);
    expect(s.marketing.acceptanceRate).toBeGreaterThan(0.6);
    expect(s.marketing.acceptanceRate).toBeLessThan(0.95);
    const marketers = s.marketing.marketers.filter((m) => m.delivered > 0);
    expect(marketers).toHaveLength(3);
    expect(s.awards.marketer).not.toBeNull();
    expect(members.find((m) => m.id === s.awards.marketer!.id)!.role).toBe('marketing');
  });

  it('stores every clock as the core recomputes it from the stored history', async () => {
    const contract = (await loadActiveContract(db))!.contract;
    const definitions = await loadActiveDefinitions(db);
    const stage = (key: string | null) => definitions.stages.find((x) => x.key === key) ?? null;
    const clocks = await db.query<{
      contact_id: string;
      handoff_seq: string;
      clause: SalesClauseKey;
      owner_id: string;
      state: string;
      clock: Record<string, unknown>;
      next_due_at: Date | null;
    }>(
      'SELECT contact_id, handoff_seq, clause, owner_id, state, clock, next_due_at FROM sla_clocks',
    );
    const transitions = await db.query<{
      contact_id: string;
      seq: string;
      from_stage: string | null;
      to_stage: string;
      reason_code: string | null;
      occurred_at: Date;
    }>(
      `SELECT contact_id, seq, from_stage, to_stage, reason_code, occurred_at FROM stage_transitions
       WHERE contact_id IN (SELECT contact_id FROM sla_clocks) ORDER BY seq`,
    );
    const attempts = await db.query<{ contact_id: string; received_at: Date }>(
      `SELECT contact_id, received_at FROM events WHERE type = 'sales_attempt'
       AND contact_id IN (SELECT contact_id FROM sla_clocks)`,
    );
    const owners = [...new Set(clocks.rows.map((c) => c.owner_id))];
    const calendarOf = await loadMemberCalendars(db, owners);
    const away = await loadAwayPeriods(db, owners, new Date(0));

    const eventsOf = new Map<string, ClockEvent[]>();
    const add = (contactId: string, e: ClockEvent) =>
      eventsOf.set(contactId, [...(eventsOf.get(contactId) ?? []), e]);
    for (const t of transitions.rows) {
      const code = t.reason_code ? findReasonCode(definitions, t.reason_code) : undefined;
      const type = clockEventOfMove({
        from: stage(t.from_stage),
        to: stage(t.to_stage)!,
        reasonKind: code?.kind ?? null,
      });
      if (type) add(t.contact_id, { type, at: t.occurred_at });
    }
    // An attempt counts when it was recorded.
    for (const a of attempts.rows) add(a.contact_id, { type: 'attempt_logged', at: a.received_at });
    const handedAt = new Map(
      transitions.rows.map((t) => [`${t.contact_id}:${t.seq}`, t.occurred_at]),
    );

    const states = new Map<string, number>();
    for (const row of clocks.rows) {
      const calendar = calendarOf(row.owner_id);
      const periods: AwaySpan[] = away.get(row.owner_id) ?? [];
      const start = handedAt.get(`${row.contact_id}:${row.handoff_seq}`)!;
      let clock: SlaClock = startClocks(contract, { leadEnteredAt: start, calendar }).find(
        (c) => c.clause === row.clause,
      )!;
      const events = (eventsOf.get(row.contact_id) ?? [])
        .filter((e) => e.at >= start && e.at < asOf)
        .sort((a, b) => a.at.getTime() - b.at.getTime());
      for (const e of events) {
        clock = followAway(clock, periods, e.at, calendar).clock;
        clock = onEvent(clock, e, calendar).clock;
      }
      clock = followAway(clock, periods, asOf, calendar).clock;
      expect(row.clock).toEqual(JSON.parse(JSON.stringify(clock)));
      expect(row.state).toBe(clock.state);
      states.set(clock.state, (states.get(clock.state) ?? 0) + 1);
    }
    for (const s of ['met', 'breached', 'running', 'warned', 'cancelled'])
      expect(states.get(s) ?? 0, s).toBeGreaterThan(0);
  });

  it('holds the routing, hours, leave and credit that produced them, with this month’s outbox only', async () => {
    const routing = await db.query<{ document: unknown; created_by: string }>(
      'SELECT document, created_by FROM routing_versions WHERE active',
    );
    expect(routing.rows).toHaveLength(1);
    const teams = await db.query<{ id: string }>('SELECT id FROM teams');
    expect(
      validateRouting(routing.rows[0]!.document, { teamIds: new Set(teams.rows.map((t) => t.id)) })
        .ok,
    ).toBe(true);
    expect(routing.rows[0]!.created_by).toBe(member('priya.raman').id);

    const calendars = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM members WHERE role = 'sales_rep' AND business_calendar IS NOT NULL",
    );
    expect(calendars.rows[0]!.n).toBeGreaterThanOrEqual(4);
    const leave = await db.query<{ member_id: string; starts_at: Date; ends_at: Date }>(
      'SELECT member_id, starts_at, ends_at FROM member_away_periods',
    );
    expect(leave.rows).toEqual([expect.objectContaining({ member_id: member('mia.hoffmann').id })]);
    expect(leave.rows[0]!.starts_at.getTime()).toBeGreaterThanOrEqual(october.getTime());
    expect(leave.rows[0]!.ends_at.getTime() - leave.rows[0]!.starts_at.getTime()).toBe(
      7 * 86_400_000,
    );

    const credit = await db.query<{ uncredited: number; marketers: number }>(
      `SELECT count(*) FILTER (WHERE marketer_id IS NULL)::int AS uncredited,
              count(DISTINCT marketer_id)::int AS marketers FROM contacts`,
    );
    expect(credit.rows[0]).toEqual({ uncredited: 0, marketers: 3 });

    const contracts = await db.query<{
      version: number;
      status: string;
      activated_at: Date;
      per_rep: number;
      signatures: number;
    }>(
      `SELECT c.version, c.status, c.activated_at, (c.document->'marketing'->'mqls_per_rep'->>'perMonth')::int AS per_rep,
              (SELECT count(*)::int FROM sla_contract_signatures s WHERE s.contract_id = c.id) AS signatures
       FROM sla_contracts c ORDER BY c.version`,
    );
    expect(contracts.rows.map((c) => [c.version, c.status, c.per_rep, c.signatures])).toEqual([
      [1, 'superseded', 5, 0],
      [2, 'active', 30, 2],
    ]);
    expect(contracts.rows[1]!.activated_at.getTime()).toBeLessThanOrEqual(october.getTime());
    const versions = await db.query<{ v: number }>(
      'SELECT DISTINCT contract_version AS v FROM sla_clocks',
    );
    expect(versions.rows).toEqual([{ v: 2 }]);

    const outbox = await db.query<{
      type: string;
      member_id: string | null;
      created_at: Date;
      delivered_at: Date | null;
      clock_state: string | null;
    }>(
      `SELECT n.type, n.member_id, n.created_at, n.delivered_at, s.state AS clock_state
       FROM notifications n LEFT JOIN sla_clocks s ON s.id::text = n.payload->>'clockId'`,
    );
    const types = new Set(outbox.rows.map((n) => n.type));
    expect(types).toEqual(new Set(['lead.assigned', 'sla.warning', 'sla.breached']));
    expect(outbox.rows.length).toBeLessThan(2000);
    for (const n of outbox.rows) {
      expect(n.created_at.getTime()).toBeGreaterThanOrEqual(november.getTime());
      expect(n.created_at.getTime()).toBeLessThanOrEqual(asOf.getTime());
      // Seeded as already fanned out: the demo sends nothing anywhere.
      expect(n.delivered_at).toEqual(n.created_at);
      if (n.type === 'sla.breached') expect(n.clock_state).toBe('breached');
    }
    expect(outbox.rows.some((n) => n.type === 'sla.breached' && n.member_id === null)).toBe(true);
    // Assignments as routing announces them: the handoff brief, to the owner and the workspace.
    const assigned = await db.query<{
      member_id: string | null;
      created_at: Date;
      assigned_at: string;
      has_brief: boolean;
    }>(
      `SELECT member_id, created_at, payload->>'assignedAt' AS assigned_at,
              (payload->'brief') IS NOT NULL AS has_brief
       FROM notifications WHERE type = 'lead.assigned'`,
    );
    expect(assigned.rows.filter((n) => n.member_id === null).length).toBeGreaterThan(10);
    expect(assigned.rows.filter((n) => n.member_id !== null).length).toBe(
      assigned.rows.filter((n) => n.member_id === null).length,
    );
    for (const n of assigned.rows) {
      expect(n.has_brief).toBe(true);
      expect(new Date(n.assigned_at)).toEqual(n.created_at);
    }
  });

  it('gives reps an inbox with live countdowns and managers breaches to chase', async () => {
    let counting = 0;
    for (const local of ['amara.okafor', 'daniel.kim', 'lukas.schneider', 'marcus.johnson']) {
      const inbox = await listInbox({ db, actor: actor(local), now: asOf });
      expect(inbox.items.length, local).toBeGreaterThan(0);
      counting += inbox.items
        .flatMap((i) => i.clocks)
        .filter(
          (c) =>
            (c.state === 'running' || c.state === 'warned') &&
            c.remainingBusinessMs > 0 &&
            c.remainingBusinessMs < 8 * 3_600_000,
        ).length;
    }
    expect(counting).toBeGreaterThan(0);
    const breaches = await listBreaches({ db, actor: actor('priya.raman') });
    expect(breaches.length).toBeGreaterThan(0);
  });
});
