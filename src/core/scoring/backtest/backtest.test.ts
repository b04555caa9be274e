import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFit } from '../evaluate.js';
import { dayMs, type ScoringModel } from '../model.js';
import { arbContact, arbEvents, arbModel, base, contact, event, model } from '../test-support.js';
import { type BacktestContact, type BacktestFigures, startBacktest } from './backtest.js';
import { contactOutcome, reached } from './outcomes.js';
import { monthKey, monthOf, resolvePeriod } from './period.js';
import { replayContact } from './replay.js';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const transition = (toStage: string, iso: string) => ({ toStage, occurredAt: at(iso) });

const candidate = model({
  halfLifeDays: 10,
  fit: [
    {
      id: 'red',
      label: 'Red',
      points: 30,
      predicate: { op: 'equals', field: 'properties.colour', value: 'red' },
    },
  ],
  engagement: [{ id: 'demo', label: 'Demo', points: 30, eventType: 'demo_requested' }],
  bands: { warm: 20, hot: 50 },
  qualification: { mql: { minTotal: 50 } },
});
const strict: ScoringModel = { ...candidate, qualification: { mql: { minTotal: 100 } } };

function run(
  contacts: readonly BacktestContact[],
  models = [{ key: 'candidate', model: candidate }],
) {
  const backtest = startBacktest({
    period: resolvePeriod({
      from: '2026-09',
      to: '2026-10',
      now: at('2026-11-15'),
      earliest: null,
    }),
    quota: { perRep: 5, reps: 3 },
    outcome: 'sql',
    models,
  });
  for (const c of contacts) backtest.add(c);
  return backtest.figures();
}

const red = { properties: { colour: 'red' } };
const history: BacktestContact[] = [
  {
    // Red (30) and a demo (30): an MQL on September 10; sales took it to SQL.
    id: 'a',
    createdAt: at('2026-08-20'),
    profile: contact(red),
    events: [{ ...event('demo_requested', 0), occurredAt: at('2026-09-10') }],
    transitions: [
      transition('lead', '2026-08-20'),
      transition('mql', '2026-09-11'),
      transition('sal', '2026-09-12'),
      transition('sql', '2026-09-20'),
    ],
  },
  {
    // Two demos a day apart: an MQL on October 6; never handed over.
    id: 'b',
    createdAt: at('2026-09-01'),
    profile: contact(),
    events: [
      { ...event('demo_requested', 0), occurredAt: at('2026-10-05') },
      { ...event('demo_requested', 0), occurredAt: at('2026-10-06') },
    ],
    transitions: [transition('lead', '2026-09-01')],
  },
  {
    // Qualified and handed over in July: before the period, out of its cohort.
    id: 'c',
    createdAt: at('2026-07-01'),
    profile: contact(red),
    events: [{ ...event('demo_requested', 0), occurredAt: at('2026-07-15') }],
    transitions: [transition('mql', '2026-07-16'), transition('customer', '2026-08-30')],
  },
  {
    // Handed over in October without a score; accepted, then recycled.
    id: 'd',
    createdAt: at('2026-10-20'),
    profile: contact(),
    events: [],
    transitions: [
      transition('mql', '2026-10-25'),
      transition('sal', '2026-10-26'),
      transition('recycled', '2026-10-30'),
    ],
  },
  {
    // Created after the period: not known to it at all.
    id: 'e',
    createdAt: at('2026-11-02'),
    profile: contact(red),
    events: [],
    transitions: [transition('mql', '2026-11-03')],
  },
];

describe('startBacktest', () => {
  it('counts qualifications by month, rates by band and ranks the cohort, by hand', () => {
    const f = run(history, [
      { key: 'candidate', model: candidate },
      { key: 'strict', model: strict },
    ]);
    expect(f.period).toEqual({
      from: '2026-09',
      to: '2026-10',
      start: '2026-09-01T00:00:00.000Z',
      end: '2026-11-01T00:00:00.000Z',
      evaluatedAt: '2026-11-01T00:00:00.000Z',
      months: ['2026-09', '2026-10'],
    });
    expect(f.quota).toEqual({ perRep: 5, reps: 3, perMonth: 15 });
    expect([f.contacts, f.cohort]).toEqual([4, 3]);
    expect(f.handoffs).toEqual([
      { month: '2026-09', count: 1 },
      { month: '2026-10', count: 1 },
    ]);

    const [c, s] = f.models;
    expect(c!.months).toEqual([
      { month: '2026-09', qualified: 1, mql: 1, pql: 0, cql: 0, accepted: 1, sql: 1, won: 0 },
      { month: '2026-10', qualified: 1, mql: 1, pql: 0, cql: 0, accepted: 0, sql: 0, won: 0 },
    ]);
    expect([c!.qualified, c!.qualifiedBefore]).toEqual([2, 1]);
    expect(c!.bands).toEqual([
      {
        band: 'hot',
        contacts: 2,
        qualified: 2,
        accepted: 1,
        sql: 1,
        won: 0,
        acceptanceRate: 0.5,
        sqlRate: 0.5,
        winRate: 0,
      },
      {
        band: 'warm',
        contacts: 0,
        qualified: 0,
        accepted: 0,
        sql: 0,
        won: 0,
        acceptanceRate: null,
        sqlRate: null,
        winRate: null,
      },
      {
        band: 'cold',
        contacts: 1,
        qualified: 0,
        accepted: 1,
        sql: 0,
        won: 0,
        acceptanceRate: 1,
        sqlRate: 0,
        winRate: 0,
      },
    ]);
    expect(c!.qualifiedCohort).toMatchObject({ contacts: 2, accepted: 1, sql: 1, won: 0 });
    expect(c!.notQualifiedCohort).toMatchObject({ contacts: 1, accepted: 1, sql: 0, won: 0 });
    // A, the one SQL, scored 30 + 30·2^-0.1 at its handoff; B and D scored less at theirs.
    expect(c!.ranking).toMatchObject({ positives: 1, negatives: 2, auc: 1 });

    // Nobody reaches 100: each contact is banded where it stands at the period's end.
    expect(s!.months.map((m) => m.qualified)).toEqual([0, 0]);
    expect([s!.qualified, s!.qualifiedBefore]).toEqual([0, 0]);
    expect(s!.bands.map((b) => [b.band, b.contacts, b.accepted, b.sql])).toEqual([
      ['hot', 0, 0, 0],
      ['warm', 1, 1, 1],
      ['cold', 2, 1, 0],
    ]);
    expect(s!.ranking.auc).toBe(1);
  });

  const arbHistory = fc.array(
    fc.record({
      profile: arbContact,
      events: arbEvents({ maxLength: 12, days: 120 }),
      created: fc.integer({ min: -30, max: 130 }),
      stages: fc.array(
        fc.record({
          stage: fc.constantFrom('lead', 'mql', 'pql', 'cql', 'sal', 'sql', 'customer', 'recycled'),
          day: fc.integer({ min: 0, max: 150 }),
        }),
        { maxLength: 4 },
      ),
    }),
    { maxLength: 25 },
  );

  function toContacts(
    drafts: typeof arbHistory extends fc.Arbitrary<infer T> ? T : never,
  ): BacktestContact[] {
    return drafts.map((d, i) => ({
      id: `c${i}`,
      createdAt: new Date(base + d.created * dayMs),
      profile: d.profile,
      // Unique event ids across contacts, as stored events have.
      events: d.events.map((e) => ({ ...e, id: `c${i}-${e.id}` })),
      transitions: d.stages.map((s) => ({
        toStage: s.stage,
        occurredAt: new Date(base + s.day * dayMs),
      })),
    }));
  }

  it('adds up: months to qualified contacts, bands and ranking to the cohort, in any order', () => {
    // base is 2026-01-05; the period covers February to April.
    const period = resolvePeriod({
      from: '2026-02',
      to: '2026-04',
      now: new Date(base + 400 * dayMs),
      earliest: null,
    });
    fc.assert(
      fc.property(arbModel, arbHistory, (m, drafts) => {
        const contacts = toContacts(drafts);
        const feed = (list: readonly BacktestContact[]): BacktestFigures => {
          const b = startBacktest({
            period,
            quota: { perRep: 5, reps: 2 },
            outcome: 'sql',
            models: [{ key: 'm', model: m }],
          });
          for (const c of list) b.add(c);
          expect(b.added).toBe(list.length);
          return b.figures();
        };
        const f = feed(contacts);
        expect(feed([...contacts].reverse())).toEqual(f);

        // The oracle: each contact replayed on its own, counted here.
        const months = new Map<string, number>();
        let cohort = 0;
        let handed = 0;
        for (const c of contacts) {
          const outcome = contactOutcome(c.transitions);
          const h = outcome.handedOffAt;
          if (h !== null && h >= period.start && h < period.evaluatedAt) handed++;
          const knownFrom = Math.min(
            c.createdAt.getTime(),
            ...c.events.map((e) => e.occurredAt.getTime()),
          );
          if (knownFrom >= period.evaluatedAt) continue;
          const decisionAt = h !== null && h < period.evaluatedAt ? h : period.evaluatedAt;
          if (decisionAt >= period.start) cohort++;
          const r = replayContact({
            model: m,
            fit: evaluateFit(m, c.profile),
            events: c.events,
            knownFrom,
            decisionAt,
            end: period.evaluatedAt,
          });
          if (r.qualifiedAt !== null && r.qualifiedAt >= period.start) {
            const key = monthKey(monthOf(r.qualifiedAt));
            months.set(key, (months.get(key) ?? 0) + 1);
          }
        }
        const [x] = f.models;
        expect(
          Object.fromEntries(
            x!.months.filter((mo) => mo.qualified > 0).map((mo) => [mo.month, mo.qualified]),
          ),
        ).toEqual(Object.fromEntries(months));
        for (const mo of x!.months) expect(mo.mql + mo.pql + mo.cql).toBe(mo.qualified);
        expect(f.cohort).toBe(cohort);
        expect(f.handoffs.reduce((sum, h) => sum + h.count, 0)).toBe(handed);
        expect(x!.bands.reduce((sum, b) => sum + b.contacts, 0)).toBe(cohort);
        expect(x!.qualifiedCohort.contacts + x!.notQualifiedCohort.contacts).toBe(cohort);
        expect(x!.bands.reduce((sum, b) => sum + b.qualified, 0)).toBe(x!.qualifiedCohort.contacts);
        expect(x!.ranking.positives + x!.ranking.negatives).toBe(cohort);
        const sqls = x!.bands.reduce((sum, b) => sum + b.sql, 0);
        expect(x!.ranking.positives).toBe(sqls);
        for (const b of x!.bands) {
          expect(b.won).toBeLessThanOrEqual(b.sql);
          expect(b.sql).toBeLessThanOrEqual(b.accepted);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads outcomes from any transition at or past the stage, never from exits', () => {
    const straightToSql = contactOutcome([
      transition('lead', '2026-01-01'),
      transition('sql', '2026-02-01'),
    ]);
    expect(straightToSql).toEqual({
      handedOffAt: at('2026-02-01').getTime(),
      accepted: true,
      sql: true,
      won: false,
    });
    const recycled = contactOutcome([
      transition('pql', '2026-03-01'),
      transition('recycled', '2026-03-02'),
      transition('cql', '2026-02-01'),
    ]);
    expect(recycled).toEqual({
      handedOffAt: at('2026-02-01').getTime(),
      accepted: false,
      sql: false,
      won: false,
    });
    expect(reached(contactOutcome([transition('customer', '2026-01-01')]), 'customer')).toBe(true);
  });
});
