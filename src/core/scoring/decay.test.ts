import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossingTime, decayedValue, decayFactor, halfLifeMs } from './decay.js';
import { dayMs, type ScoringModel } from './model.js';
import { applyEvent, buildScoreState, emptyScoreState, engagementAt } from './state.js';
import { arbEvents, base, closeTo, event, model } from './test-support.js';

const uncapped = (halfLifeDays: number, points: Record<string, number>): ScoringModel =>
  model({
    halfLifeDays,
    engagement: Object.entries(points).map(([eventType, p]) => ({
      id: eventType.replaceAll('_', '-'),
      label: eventType,
      points: p,
      eventType,
    })),
  });

const arbHalfLife = fc.double({ min: 1, max: 365, noNaN: true });
const arbPoints = {
  page_viewed: fc.integer({ min: 1, max: 50 }),
  form_submitted: fc.integer({ min: 1, max: 500 }).map((u) => u / 10),
  feature_used: fc.integer({ min: 1, max: 30 }),
  chat_started: fc.integer({ min: 1, max: 200 }),
};

describe('decay', () => {
  it('halves a value every half-life, and not at all over no time', () => {
    const h = halfLifeMs(30);
    expect(decayFactor(0, h)).toBe(1);
    expect(decayFactor(h, h)).toBe(0.5);
    expect(decayFactor(3 * h, h)).toBe(0.125);
    expect(decayedValue(80, 1000, 1000 + 2 * h, h)).toBe(20);
    expect(decayedValue(0, 0, 1e12, h)).toBe(0);
  });

  it('kept as S and t0, matches the closed form Σ p·2^(−(t−tᵢ)/h) to 1e-9', () => {
    fc.assert(
      fc.property(
        arbHalfLife,
        fc.record(arbPoints),
        arbEvents({ maxLength: 60, days: 120 }),
        fc.integer({ min: 0, max: 200 }),
        (h, points, events, laterDays) => {
          const m = uncapped(h, points);
          const state = buildScoreState(m, events);
          const newest = Math.max(base, ...events.map((e) => e.occurredAt.getTime()));
          const now = newest + laterDays * dayMs;
          let closed = 0;
          for (const e of events)
            closed +=
              points[e.type as keyof typeof points] *
              2 ** (-(now - e.occurredAt.getTime()) / (h * dayMs));
          expect(Math.abs(engagementAt(m, state, now) - closed)).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  it('does not depend on the order events arrive in (uncapped rules never need a rescore)', () => {
    fc.assert(
      fc.property(
        arbHalfLife,
        fc.record(arbPoints),
        arbEvents({ maxLength: 50, days: 200 }).chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        (h, points, [events, arrival]) => {
          const m = uncapped(h, points);
          let state = emptyScoreState(m);
          for (const e of arrival) {
            const outcome = applyEvent(m, state, e);
            if (outcome.kind !== 'applied') throw new Error('uncapped rules never rescore');
            state = outcome.state;
          }
          const now = base + 250 * dayMs;
          const inOrder = engagementAt(m, buildScoreState(m, events), now);
          expect(closeTo(engagementAt(m, state, now), inOrder)).toBe(true);
        },
      ),
    );
  });

  it('adds a late event already decayed to t0: S′ = S(t0) + p·2^(−(t0−t)/h)', () => {
    const m = uncapped(10, { page_viewed: 40 });
    const first = applyEvent(m, emptyScoreState(m), event('page_viewed', base + 20 * dayMs));
    if (first.kind !== 'applied') throw new Error('applied');
    const late = applyEvent(m, first.state, event('page_viewed', base));
    if (late.kind !== 'applied') throw new Error('applied');
    expect(late.state.t0).toBe(base + 20 * dayMs);
    expect(late.state.rules['page-viewed']!.value).toBeCloseTo(40 + 40 * 0.25, 12);
  });

  it('reads a state at t0 when asked about an earlier time: a score never grows by itself', () => {
    const m = uncapped(10, { page_viewed: 40 });
    const state = buildScoreState(m, [event('page_viewed', base + dayMs)]);
    expect(engagementAt(m, state, base)).toBe(40);
    expect(engagementAt(m, emptyScoreState(m), base)).toBe(0);
  });
});

describe('crossingTime', () => {
  it('falls to a positive threshold at t0 + h·log2(S0/threshold)', () => {
    const h = halfLifeMs(30);
    expect(crossingTime(100, 0, 50, h)).toBe(h);
    expect(crossingTime(100, 0, 25, h)).toBe(2 * h);
    expect(crossingTime(100, 7, 100, h)).toBe(7);
  });

  it('lets a negative score rise to a negative threshold', () => {
    const h = halfLifeMs(30);
    expect(crossingTime(-100, 0, -50, h)).toBe(h);
  });

  it('never crosses a threshold on the far side, at 0, or of the other sign', () => {
    const h = halfLifeMs(30);
    expect(crossingTime(100, 0, 150, h)).toBeNull();
    expect(crossingTime(100, 0, 0, h)).toBeNull();
    expect(crossingTime(100, 0, -10, h)).toBeNull();
    expect(crossingTime(-100, 0, 10, h)).toBeNull();
    expect(crossingTime(-100, 0, -150, h)).toBeNull();
    expect(crossingTime(0, 0, 10, h)).toBeNull();
  });

  it('is exact: the value at the computed time equals the threshold to 1e-9, and is above it before', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 7, max: 365, noNaN: true }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.double({ min: 0.0001, max: 1, noNaN: true }),
        fc.integer({ min: base, max: base + 3650 * dayMs }),
        fc.boolean(),
        (days, magnitude, fraction, t0, negative) => {
          const h = halfLifeMs(days);
          const s0 = negative ? -magnitude : magnitude;
          const threshold = s0 * fraction;
          const t = crossingTime(s0, t0, threshold, h);
          expect(t).not.toBeNull();
          const at = (time: number) => decayedValue(s0, t0, time, h);
          expect(Math.abs(at(t!) - threshold)).toBeLessThanOrEqual(1e-9);
          if (t! - 1 >= t0) {
            // Still on the starting side a millisecond before, across a millisecond after.
            expect(Math.abs(at(t! - 1))).toBeGreaterThan(Math.abs(threshold));
            expect(Math.abs(at(t! + 1))).toBeLessThan(Math.abs(threshold));
          }
        },
      ),
    );
  });
});
