import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, defaultCalendar } from '../business-time/calendar.js';
import type { ClockState } from './clocks.js';
import { defaultContract, type SalesClauseKey } from './contract.js';
import { buildScorecard, percentile, type ScorecardLead, type ScorecardRep } from './scorecard.js';

const H = 3_600_000;
const berlin = 'Europe/Berlin';
const newYork = 'America/New_York';
const at = (local: string, zone = berlin): Date => DateTime.fromISO(local, { zone }).toJSDate();

type States = [ClockState, ClockState, ClockState, ClockState];
const clocks = (states: States) =>
  (['accept_within', 'first_attempt_within', 'attempt_cadence', 'outcome_recorded'] as const).map(
    (clause: SalesClauseKey, i) => ({ clause, state: states[i]! }),
  );

function lead(
  leadId: string,
  fields: Partial<ScorecardLead> & Pick<ScorecardLead, 'ownerId' | 'handedAt'>,
  states: States,
): ScorecardLead {
  return {
    leadId,
    marketerId: null,
    acceptedAt: null,
    rejectedAt: null,
    attemptsAt: [],
    outcome: null,
    ...fields,
    clocks: clocks(states),
  };
}

// A week in May 2026 a person can follow: Ana works in Berlin, Ben in New York
// (both Mon–Fri 09:00–17:00), Cleo left before the month began.
const reps: ScorecardRep[] = [
  { id: 'ben', teamId: 'north', active: true, calendar: defaultCalendar(newYork) },
  { id: 'ana', teamId: 'north', active: true, calendar: defaultCalendar(berlin) },
  { id: 'cleo', teamId: 'south', active: false, calendar: defaultCalendar(berlin) },
];

const leads: ScorecardLead[] = [
  lead(
    'L1',
    {
      ownerId: 'ana',
      marketerId: 'mia',
      handedAt: at('2026-05-11T09:00'),
      acceptedAt: at('2026-05-11T09:30'),
      // The earliest attempt counts, whatever order the rows list them in.
      attemptsAt: [at('2026-05-11T12:00'), at('2026-05-11T10:00')],
      outcome: 'sql',
    },
    ['met', 'met', 'cancelled', 'met'],
  ),
  lead(
    'L2',
    {
      ownerId: 'ana',
      marketerId: 'mia',
      handedAt: at('2026-05-11T09:00'),
      acceptedAt: at('2026-05-11T10:00'),
      // All of Monday (8 h) and Tuesday 09–10: 9 business hours.
      attemptsAt: [at('2026-05-12T10:00')],
    },
    ['met', 'breached', 'running', 'warned'],
  ),
  lead(
    'L3',
    {
      ownerId: 'ana',
      marketerId: 'max',
      handedAt: at('2026-05-15T16:00'),
      rejectedAt: at('2026-05-18T09:30'),
      outcome: 'recycled',
    },
    ['met', 'cancelled', 'cancelled', 'met'],
  ),
  lead(
    'L4',
    {
      ownerId: 'ben',
      marketerId: 'max',
      handedAt: at('2026-05-11T09:00', newYork),
      acceptedAt: at('2026-05-11T09:10', newYork),
      attemptsAt: [at('2026-05-11T12:00', newYork)],
    },
    ['met', 'met', 'met', 'running'],
  ),
  lead(
    'L5',
    {
      ownerId: 'ben',
      handedAt: at('2026-05-11T09:00', newYork),
      // After hours in New York: the business day ended at 17:00, 8 h in.
      attemptsAt: [at('2026-05-11T17:30', newYork)],
    },
    ['breached', 'breached', 'paused', 'running'],
  ),
];

describe('the monthly scorecard', () => {
  const card = buildScorecard({
    contract: defaultContract(),
    reps,
    marketerIds: ['zoe', 'mia'],
    leads,
  });

  it("adds up Ana's month", () => {
    const ana = card.reps.find((r) => r.repId === 'ana')!;
    expect(ana).toMatchObject({
      delivered: 3,
      quota: 5,
      accepted: 2,
      rejected: 1,
      acceptanceRate: 2 / 3,
      firstAttempt: { leads: 2, medianMs: 1 * H, p90Ms: 9 * H },
      cadenceCompliance: null,
      outcomesRecorded: { recorded: 2, share: 2 / 3 },
    });
    expect(ana.clauses.first_attempt_within).toEqual({
      met: 1,
      breached: 1,
      open: 0,
      cancelled: 1,
      withinShare: 0.5,
    });
    expect(ana.clauses.attempt_cadence).toEqual({
      met: 0,
      breached: 0,
      open: 1,
      cancelled: 2,
      withinShare: null,
    });
    expect(ana.withinSla).toEqual({
      met: 6,
      breached: 1,
      open: 2,
      cancelled: 3,
      withinShare: 6 / 7,
    });
  });

  it("measures Ben's times in New York business hours", () => {
    const ben = card.reps.find((r) => r.repId === 'ben')!;
    expect(ben).toMatchObject({
      delivered: 2,
      accepted: 1,
      rejected: 0,
      acceptanceRate: 1,
      firstAttempt: { leads: 2, medianMs: 3 * H, p90Ms: 8 * H },
      cadenceCompliance: 1,
      outcomesRecorded: { recorded: 0, share: 0 },
    });
    expect(ben.clauses.accept_within.withinShare).toBe(0.5);
    expect(ben.withinSla).toMatchObject({ met: 3, breached: 2, withinShare: 0.6 });
  });

  it('gives an inactive rep no quota, and lists reps and teams by id', () => {
    expect(card.reps.map((r) => r.repId)).toEqual(['ana', 'ben', 'cleo']);
    expect(card.reps[2]).toMatchObject({
      delivered: 0,
      quota: 0,
      acceptanceRate: null,
      firstAttempt: { leads: 0, medianMs: null, p90Ms: null },
      outcomesRecorded: { recorded: 0, share: null },
    });
    expect(card.teams.map((t) => [t.teamId, t.activeReps, t.delivered, t.quota])).toEqual([
      ['north', 2, 5, 10],
      ['south', 0, 0, 0],
    ]);
  });

  it("pools the team's leads: times 1, 3, 8, 9 h give a median of 3 h and a p90 of 9 h", () => {
    const north = card.teams[0]!;
    expect(north.firstAttempt).toEqual({ leads: 4, medianMs: 3 * H, p90Ms: 9 * H });
    expect(north.acceptanceRate).toBe(0.75);
    expect(north.withinSla.withinShare).toBe(0.75);
  });

  it('holds marketing to the quota and the accepted share', () => {
    const { marketers, ...totals } = card.marketing;
    expect(totals).toEqual({
      delivered: 5,
      quota: 10,
      quotaMet: false,
      accepted: 3,
      rejected: 1,
      acceptanceRate: 0.75,
      acceptedShareMet: true,
    });
    expect(marketers).toEqual([
      { marketerId: 'max', delivered: 2, accepted: 1, rejected: 1, acceptanceRate: 0.5 },
      { marketerId: 'mia', delivered: 2, accepted: 2, rejected: 0, acceptanceRate: 1 },
      { marketerId: 'zoe', delivered: 0, accepted: 0, rejected: 0, acceptanceRate: null },
    ]);
  });

  it('ranks by (successes + 1) ÷ (trials + 2) and crowns the best with a trial', () => {
    const board = (list: { id: string; successes: number; trials: number }[]) =>
      list.map((s) => [s.id, s.successes, s.trials]);
    // Ana 7/9, Ben 4/7, Cleo 1/2.
    expect(board(card.leaderboard.reps)).toEqual([
      ['ana', 6, 7],
      ['ben', 3, 5],
      ['cleo', 0, 0],
    ]);
    expect(card.awards.rep).toMatchObject({ id: 'ana', score: 7 / 9 });
    // Mia 3/4; Max and Zoe both 1/2, and Max has the evidence.
    expect(board(card.leaderboard.marketers)).toEqual([
      ['mia', 2, 2],
      ['max', 1, 2],
      ['zoe', 0, 0],
    ]);
    expect(card.awards.marketer?.id).toBe('mia');
  });

  it('breaks ties by more trials, then by the smaller id, and crowns nobody without a trial', () => {
    const team = ['d', 'c', 'b', 'a'].map(
      (id): ScorecardRep => ({ id, teamId: 't', active: true, calendar: defaultCalendar(berlin) }),
    );
    const handedAt = at('2026-05-11T09:00');
    const settled = (ownerId: string, met: number, breached: number) =>
      Array.from({ length: met + breached }, (_, i) =>
        lead(`${ownerId}${i}`, { ownerId, handedAt }, [
          i < met ? 'met' : 'breached',
          'cancelled',
          'cancelled',
          'cancelled',
        ]),
      );
    // 'b' and 'c': 1 of 1 = 2/3; 'a' and 'd': 3 of 4 = 4/6 = 2/3 too, on more trials.
    const result = buildScorecard({
      contract: defaultContract(),
      reps: team,
      leads: [
        ...settled('c', 1, 0),
        ...settled('b', 1, 0),
        ...settled('d', 3, 1),
        ...settled('a', 3, 1),
      ],
    });
    expect(result.leaderboard.reps.map((s) => s.id)).toEqual(['a', 'd', 'b', 'c']);
    expect(result.awards.rep?.id).toBe('a');
    expect(result.awards.marketer).toBeNull();
    const empty = buildScorecard({ contract: defaultContract(), reps: team, leads: [] });
    expect(empty.awards).toEqual({ rep: null, marketer: null });
  });

  it('has no quota without the mqls_per_rep clause, and refuses a lead of an unknown rep', () => {
    const contract = defaultContract();
    delete contract.marketing.mqls_per_rep;
    delete contract.marketing.accepted_share;
    const result = buildScorecard({ contract, reps, leads });
    expect(result.marketing).toMatchObject({ quota: null, quotaMet: null, acceptedShareMet: null });
    expect(result.teams[0]!.quota).toBeNull();
    const stray = { ...leads[0]!, ownerId: 'eve' };
    expect(() => buildScorecard({ contract, reps, leads: [stray] })).toThrow(
      'lead L1 is owned by eve, who is not among the reps',
    );
  });
});

describe('percentiles, property-based', () => {
  /** The smallest value at least ⌈n·p⌉ of the values are at or below, found by counting. */
  const byCounting = (values: readonly number[], percent: number): number | null => {
    if (values.length === 0) return null;
    const need = Math.max(1, Math.ceil((percent * values.length) / 100));
    const candidates = values.filter((v) => values.filter((w) => w <= v).length >= need);
    return Math.min(...candidates);
  };

  it('agree with counting for every percent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 100 }),
        (values, percent) => {
          const sorted = [...values].sort((a, b) => a - b);
          expect(percentile(sorted, percent)).toBe(byCounting(values, percent));
        },
      ),
    );
    // The floating-point trap the whole-number percent avoids: 0.9 × 70 > 63.
    expect(percentile([...Array(70).keys()], 90)).toBe(62);
  });

  // Around the clock in UTC, business time is plain elapsed time.
  const always: BusinessCalendar = {
    timeZone: 'UTC',
    weeklyHours: ([1, 2, 3, 4, 5, 6, 7] as const).map((day) => ({
      day,
      start: '00:00',
      end: '24:00',
    })),
    holidays: [],
  };

  it("give the scorecard's median and p90 of a straightforward sort", () => {
    const start = Date.UTC(2026, 4, 1);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            handed: fc.integer({ min: 0, max: 20 * 24 * 60 }),
            attempts: fc.array(fc.integer({ min: 0, max: 5 * 24 * 60 }), { maxLength: 3 }),
          }),
          { maxLength: 40 },
        ),
        (rows) => {
          const scoredLeads = rows.map(({ handed, attempts }, i) =>
            lead(
              `L${i}`,
              {
                ownerId: 'r',
                handedAt: new Date(start + handed * 60_000),
                attemptsAt: attempts.map((m) => new Date(start + (handed + m) * 60_000)),
              },
              ['running', 'running', 'running', 'running'],
            ),
          );
          const card = buildScorecard({
            contract: defaultContract(),
            reps: [{ id: 'r', teamId: null, active: true, calendar: always }],
            leads: scoredLeads,
          });
          const times = rows
            .filter((r) => r.attempts.length > 0)
            .map((r) => Math.min(...r.attempts) * 60_000)
            .sort((a, b) => a - b);
          const n = times.length;
          expect(card.reps[0]!.firstAttempt).toEqual({
            leads: n,
            medianMs: n === 0 ? null : times[Math.floor((n - 1) / 2)],
            p90Ms: n === 0 ? null : times[Math.ceil((9 * n) / 10) - 1],
          });
          expect(card.teams[0]!.firstAttempt).toEqual(card.reps[0]!.firstAttempt);
        },
      ),
      { numRuns: 150 },
    );
  });
});
