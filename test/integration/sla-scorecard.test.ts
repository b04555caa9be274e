import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberActor } from '../../src/core/roles.js';
import { getSlaScorecard } from '../../src/services/sla/get-sla-scorecard.js';
import type { PeriodScorecard } from '../../src/services/sla/read-period-scorecard.js';
import { databaseTargets } from '../support/databases.js';
import { buildSlaMonth } from '../support/sla-month.js';
import { type Caller, startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;

/**
 * DESIGN.md §6: a report's figures can be recomputed from the stored rows. On a
 * hand-built November (test/support/sla-month.ts) this test states every
 * figure of the scorecard as worked out by hand (business hours counted on the
 * default 09:00–17:00 Berlin calendar), recounts the clocks per owner and
 * clause with its own SQL, and checks the API serves the same with names.
 */
describe.each(databaseTargets)('monthly SLA scorecard on $name', (target) => {
  let t: TestApp;
  let marketer2: string;
  let card: PeriodScorecard;
  let manager: Caller;

  beforeAll(async () => {
    t = await startTestApp(target);
    ({ marketer2 } = await buildSlaMonth(t.db, t.members));
    manager = await t.signIn('manager');
    card = await getSlaScorecard({
      db: t.db,
      actor: memberActor({ id: t.members.rep, role: 'sales_rep', teamId: null, name: 'Rep' }),
      month: '2026-11',
      now: new Date('2026-12-05T12:00:00Z'),
    });
  });
  afterAll(async () => t?.close());

  it("counts marketing's side: every lead handed in the month, unowned and uncredited ones too", () => {
    expect(card.month.from.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(card.month.to.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(card.contractVersion).toBe(1);
    // A, B, C, D, E, F twice, H; G was October's. Two active reps × 5.
    expect(card.scorecard.marketing).toMatchObject({
      delivered: 8,
      quota: 10,
      quotaMet: false,
      accepted: 4,
      rejected: 2,
      acceptanceRate: 4 / 6,
      acceptedShareMet: false,
    });
    expect(card.unassigned).toBe(1);
    expect(card.uncredited).toBe(1);
    const marketers = Object.fromEntries(
      card.scorecard.marketing.marketers.map((m) => [m.marketerId, m]),
    );
    expect(marketers[t.members.marketer]).toMatchObject({
      delivered: 5,
      accepted: 3,
      rejected: 1,
      acceptanceRate: 0.75,
    });
    expect(marketers[marketer2]).toMatchObject({ delivered: 2, accepted: 0, rejected: 1 });
  });

  it("counts each rep's side by hand: decisions, business time to first attempt, clauses, outcomes", () => {
    const reps = Object.fromEntries(card.scorecard.reps.map((r) => [r.repId, r]));
    const rep = reps[t.members.rep]!;
    expect(rep).toMatchObject({
      delivered: 4,
      quota: 5,
      accepted: 2,
      rejected: 2,
      acceptanceRate: 0.5,
    });
    // A 2 h, B 1 h Tuesday + 0.5 h Wednesday, F 1 h, F again 7 h Thursday + 0 h before 09:00 Friday.
    expect(rep.firstAttempt).toEqual({ leads: 4, medianMs: 1.5 * HOUR, p90Ms: 7 * HOUR });
    expect(rep.withinSla).toMatchObject({
      met: 12,
      breached: 0,
      open: 2,
      cancelled: 2,
      withinShare: 1,
    });
    expect(rep.cadenceCompliance).toBe(1);
    expect(rep.outcomesRecorded).toEqual({ recorded: 3, share: 0.75 });

    const other = reps[t.members.otherRep]!;
    expect(other).toMatchObject({ delivered: 2, quota: 5, accepted: 1, rejected: 0 });
    // C: Wednesday 2 h, Thursday 8 h, Friday 8 h, the weekend nothing, Monday 2 h.
    expect(other.firstAttempt).toEqual({ leads: 1, medianMs: 20 * HOUR, p90Ms: 20 * HOUR });
    expect(other.withinSla).toMatchObject({ met: 1, breached: 5, open: 2, withinShare: 1 / 6 });
    expect(other.cadenceCompliance).toBe(0);
    expect(other.outcomesRecorded).toEqual({ recorded: 0, share: 0 });

    // A manager who owns a lead is scored on it, without a quota.
    const manager = reps[t.members.manager]!;
    expect(manager).toMatchObject({ active: false, quota: 0, delivered: 1, accepted: 1 });
    expect(manager.firstAttempt.medianMs).toBe(HOUR);

    expect(card.scorecard.teams).toHaveLength(1);
    expect(card.scorecard.teams[0]).toMatchObject({
      activeReps: 2,
      quota: 10,
      delivered: 7,
      accepted: 4,
      rejected: 2,
    });
  });

  it('recounts every clock of the month’s handoffs per owner and clause with its own SQL', async () => {
    const { rows } = await t.db.query<{
      owner_id: string;
      clause: string;
      state: string;
      n: number;
    }>(
      `SELECT coalesce(c.owner_id, s.owner_id) AS owner_id, s.clause, s.state, count(*)::int AS n
       FROM stage_transitions t
       JOIN sla_clocks s ON s.contact_id = t.contact_id AND s.handoff_seq = t.seq
       JOIN contacts c ON c.id = t.contact_id
       WHERE t.to_stage IN ('mql', 'pql', 'cql')
         AND t.occurred_at >= '2026-11-01T00:00:00Z' AND t.occurred_at < '2026-12-01T00:00:00Z'
       GROUP BY 1, 2, 3`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const rep of card.scorecard.reps)
      for (const [clause, tally] of Object.entries(rep.clauses)) {
        const count = (states: string[]) =>
          rows
            .filter(
              (r) => r.owner_id === rep.repId && r.clause === clause && states.includes(r.state),
            )
            .reduce((n, r) => n + r.n, 0);
        expect({ clause, ...tally }).toMatchObject({
          clause,
          met: count(['met']),
          breached: count(['breached']),
          open: count(['running', 'warned', 'paused']),
          cancelled: count(['cancelled']),
        });
      }
    const handed = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stage_transitions
       WHERE to_stage IN ('mql', 'pql', 'cql')
         AND occurred_at >= '2026-11-01T00:00:00Z' AND occurred_at < '2026-12-01T00:00:00Z'`,
    );
    expect(card.scorecard.marketing.delivered).toBe(handed.rows[0]!.n);
  });

  it('ranks by the smoothed share and crowns a rep and a marketer', () => {
    const { leaderboard, awards } = card.scorecard;
    expect(leaderboard.reps.map((s) => [s.id, s.successes, s.trials])).toEqual([
      [t.members.rep, 12, 12],
      [t.members.manager, 2, 2],
      [t.members.otherRep, 1, 6],
    ]);
    expect(awards.rep).toMatchObject({ id: t.members.rep, score: 13 / 14 });
    expect(awards.marketer).toMatchObject({ id: t.members.marketer, score: 4 / 6 });
  });

  it('serves the same month over HTTP with names, and the last whole month by default', async () => {
    const res = await t.request(manager, {
      method: 'GET',
      url: '/api/v1/sla/scorecards?month=2026-11',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      month: '2026-11',
      marketing: { delivered: 8, unassigned: 1, uncredited: 1, quota: 10 },
      awards: { rep: { id: t.members.rep, name: 'Rep' }, marketer: { name: 'Marketer' } },
    });
    expect(body.reps.map((r: { name: string; teamName: string }) => [r.name, r.teamName])).toEqual(
      expect.arrayContaining([
        ['Rep', 'Inbound'],
        ['OtherRep', 'Inbound'],
        ['Manager', 'Inbound'],
      ]),
    );
    expect(body.marketers.map((m: { name: string }) => m.name).sort()).toEqual([
      'Marketer',
      'Marketer Two',
    ]);
    expect(body.teams).toEqual([expect.objectContaining({ name: 'Inbound', delivered: 7 })]);
    const october = await t.request(manager, {
      method: 'GET',
      url: '/api/v1/sla/scorecards?month=2026-10',
    });
    expect(october.json().marketing.delivered).toBe(1);
    const byDefault = await getSlaScorecard({
      db: t.db,
      actor: memberActor({ id: t.members.rep, role: 'sales_rep', teamId: null, name: 'Rep' }),
      now: new Date('2026-12-01T00:00:00Z'),
    });
    expect(byDefault.month.key).toBe('2026-11');
  });
});
