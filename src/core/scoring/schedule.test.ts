import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFit, type ScoreSummary, summarize } from './evaluate.js';
import { dayMs, type ScoringModel } from './model.js';
import { fromUnits } from './points.js';
import { nextScoreChange, totalCrossingTime } from './schedule.js';
import { buildScoreState, engagementAt } from './state.js';
import { arbContact, arbEvents, arbModel, base, contact, event, model } from './test-support.js';

const hotLead = model({
  halfLifeDays: 10,
  fit: [
    {
      id: 'vp',
      label: 'VP',
      points: 10,
      predicate: { op: 'contains', field: 'title', value: 'VP' },
    },
  ],
  engagement: [{ id: 'demo', label: 'Demo', points: 80, eventType: 'form_submitted' }],
  bands: { warm: 30, hot: 60 },
  qualification: { mql: { minTotal: 70 } },
});

const changed = (a: ScoreSummary, b: ScoreSummary) => ({
  band: a.band !== b.band,
  mql: a.qualifies.mql !== b.qualifies.mql,
  pql: a.qualifies.pql !== b.qualifies.pql,
  cql: a.qualifies.cql !== b.qualifies.cql,
});

describe('totalCrossingTime', () => {
  it('is t0 + h·log2(S0 / (threshold − fit))', () => {
    const state = buildScoreState(hotLead, [event('form_submitted', base)]);
    // 10 + 80·2^(−t/10d) = 30  ⇔  t = 10d·log2(4) = 20 days.
    expect(totalCrossingTime(hotLead, 10, state, 30)).toBeCloseTo(base + 20 * dayMs, 3);
    expect(totalCrossingTime(hotLead, 10, state, 5)).toBeNull();
    expect(totalCrossingTime(hotLead, 10, state, 100)).toBeNull();
  });

  it('is exact for any history: the total there equals the threshold to 1e-9, above it just before', () => {
    fc.assert(
      fc.property(
        arbModel.filter((m) => m.halfLifeDays >= 7),
        arbContact,
        arbEvents({ maxLength: 30 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (m, who, events, fraction) => {
          const state = buildScoreState(m, events);
          const fit = fromUnits(evaluateFit(m, who).units);
          const e0 = engagementAt(m, state, state.t0 ?? base);
          if (state.t0 === null || Math.abs(e0) < 1e-6) return;
          const threshold = fit + e0 * fraction;
          const t = totalCrossingTime(m, fit, state, threshold)!;
          const total = (at: number) => fit + engagementAt(m, state, at);
          expect(Math.abs(total(t) - threshold)).toBeLessThanOrEqual(1e-9);
          // On the starting side just before, across just after (falling or rising). Compared
          // on engagement, as bands are: a millisecond of decay can be below the resolution
          // of fit + engagement.
          const side = Math.sign(e0);
          const level = threshold - fit;
          expect(side * (engagementAt(m, state, t - 1) - level)).toBeGreaterThan(0);
          expect(side * (engagementAt(m, state, t + 1) - level)).toBeLessThan(0);
        },
      ),
    );
  });
});

describe('nextScoreChange', () => {
  it('schedules the band drops and the MQL lapse of a decaying lead', () => {
    const state = buildScoreState(hotLead, [event('form_submitted', base)]);
    const fit = evaluateFit(hotLead, contact({ title: 'VP Sales' }));
    const first = nextScoreChange(hotLead, fit, state, new Date(base))!;
    // 10 + 80·2^(−t/10d) = 70 at t = 10d·log2(80/60).
    const mqlLapse = base + 10 * dayMs * Math.log2(80 / 60);
    expect(first.reasons).toEqual(['mql']);
    expect(first.at.getTime()).toBe(Math.floor(mqlLapse) + 1);
    const second = nextScoreChange(hotLead, fit, state, first.at)!;
    expect(second.reasons).toEqual(['band']);
    expect(second.at.getTime()).toBe(Math.floor(base + 10 * dayMs * Math.log2(80 / 50)) + 1);
    const third = nextScoreChange(hotLead, fit, state, second.at)!;
    expect(third.at.getTime()).toBe(Math.floor(base + 20 * dayMs) + 1);
    expect(nextScoreChange(hotLead, fit, state, third.at)).toBeNull();
  });

  it('schedules a negative engagement rising back through a band', () => {
    const m: ScoringModel = {
      ...hotLead,
      fit: [{ ...hotLead.fit[0]!, points: 40 }],
      negative: [
        { on: 'engagement', id: 'unsub', label: 'Unsub', points: -20, eventType: 'unsubscribed' },
      ],
    };
    const state = buildScoreState(m, [event('unsubscribed', base)]);
    const fit = evaluateFit(m, contact({ title: 'VP Sales' }));
    const now = new Date(base);
    expect(summarize(m, fit, state, now).band).toBe('cold');
    const next = nextScoreChange(m, fit, state, now)!;
    // 40 − 20·2^(−t/10d) = 30 at t = 10 days; at the threshold it is warm.
    expect(next.at.getTime()).toBe(base + 10 * dayMs);
    expect(summarize(m, fit, state, next.at).band).toBe('warm');
    expect(summarize(m, fit, state, new Date(next.at.getTime() - 1)).band).toBe('cold');
  });

  it('schedules a PQL lapse when the oldest occurrence it needs leaves the window', () => {
    const m = model({
      qualification: {
        mql: { minTotal: 1000 },
        pql: { conditions: [{ eventTypes: ['feature_used'], minOccurrences: 2, withinDays: 7 }] },
      },
    });
    const state = buildScoreState(m, [
      event('feature_used', base),
      event('feature_used', base + dayMs),
      event('feature_used', base + 2 * dayMs),
    ]);
    const fit = evaluateFit(m, contact());
    const next = nextScoreChange(m, fit, state, new Date(base + 2 * dayMs))!;
    expect(next).toEqual({ at: new Date(base + 8 * dayMs + 1), reasons: ['pql'] });
  });

  it('finds the first change for any model and history, and nothing changes before it', () => {
    fc.assert(
      fc.property(
        arbModel,
        arbContact,
        arbEvents({ maxLength: 30 }),
        fc.integer({ min: 0, max: 60 * dayMs }),
        (m, who, events, after) => {
          const state = buildScoreState(m, events);
          const fit = evaluateFit(m, who);
          const now = new Date(base + 40 * dayMs + after);
          const before = summarize(m, fit, state, now);
          const next = nextScoreChange(m, fit, state, now);
          // Far, but short of the ~1075 half-lives after which doubles underflow to 0.
          const far = summarize(
            m,
            fit,
            state,
            new Date(now.getTime() + 200 * m.halfLifeDays * dayMs),
          );
          if (!next) {
            // Nothing scheduled: nothing ever changes by decay alone.
            expect(Object.values(changed(before, far)).some(Boolean)).toBe(false);
            return;
          }
          expect(next.at.getTime()).toBeGreaterThan(now.getTime());
          const justBefore = summarize(m, fit, state, new Date(next.at.getTime() - 2));
          if (next.at.getTime() - 2 > now.getTime())
            expect(Object.values(changed(before, justBefore)).some(Boolean)).toBe(false);
          // Rounding in the logarithm may put the change a millisecond late, never early or lost.
          const at = summarize(m, fit, state, next.at);
          const after1 = summarize(m, fit, state, new Date(next.at.getTime() + 1));
          for (const reason of next.reasons)
            expect(changed(before, at)[reason] || changed(before, after1)[reason]).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is empty for a contact without engagement or activity', () => {
    const state = buildScoreState(hotLead, []);
    expect(
      nextScoreChange(hotLead, evaluateFit(hotLead, contact()), state, new Date(base)),
    ).toBeNull();
  });
});
