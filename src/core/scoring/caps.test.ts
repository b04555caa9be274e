import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  awardsFromScratch,
  type CapAward,
  capWindowIndex,
  lateEventHorizonMs,
  placeInWindow,
} from './caps.js';
import { evaluate } from './evaluate.js';
import { dayMs, type EngagementRule, type ScoringModel } from './model.js';
import { toUnits } from './points.js';
import { compareOccurrences } from './rules.js';
import { applyEvent, buildScoreState, emptyScoreState, type ScoreState } from './state.js';
import { base, contact, event, model } from './test-support.js';

const capped = (cap: EngagementRule['cap'], points = 10): ScoringModel =>
  model({
    halfLifeDays: 30,
    engagement: [{ id: 'pricing', label: 'Pricing', points, eventType: 'page_viewed', cap }],
  });

function apply(m: ScoringModel, state: ScoreState, e: ReturnType<typeof event>): ScoreState {
  const outcome = applyEvent(m, state, e);
  if (outcome.kind !== 'applied') throw new Error(`rescore for ${outcome.ruleId}`);
  return outcome.state;
}

describe('cap windows', () => {
  it('run Monday 00:00 UTC to Monday for 7 days, and are UTC days for 1', () => {
    const monday = Date.UTC(2026, 10, 23);
    expect(capWindowIndex(monday, 7)).toBe(capWindowIndex(monday + 7 * dayMs - 1, 7));
    expect(capWindowIndex(monday - 1, 7)).toBe(capWindowIndex(monday, 7) - 1);
    expect(capWindowIndex(monday + 7 * dayMs, 7)).toBe(capWindowIndex(monday, 7) + 1);
    expect(capWindowIndex(Date.UTC(2026, 10, 25, 23, 59), 1)).toBe(
      capWindowIndex(Date.UTC(2026, 10, 25), 1),
    );
  });

  it('award in occurrence order: full points, then the remainder, then nothing; a new window starts afresh', () => {
    const m = capped({ points: 25, days: 7 });
    const events = [0, 1, 2, 3].map((d) => event('page_viewed', base + d * dayMs));
    const nextWeek = event('page_viewed', base + 7 * dayMs);
    const x = evaluate(m, contact(), [...events, nextWeek], new Date(base + 7 * dayMs));
    const c = x.contributions[0]!;
    expect(c.occurrences).toBe(5);
    // The fourth event earned nothing; the third earned 5.
    expect(c.events).toEqual([nextWeek.id, events[2]!.id, events[1]!.id, events[0]!.id]);
    const expected = [10, 10, 5].reduce((s, p, d) => s + p * 2 ** (-(7 - d) / 30), 10);
    expect(x.raw.engagement).toBeCloseTo(expected, 12);
  });

  it('let a late event take its place in the order, and the later ones lose what it earns', () => {
    const m = capped({ points: 25, days: 7 });
    const [a, b, c] = [1, 2, 3].map((d) => event('page_viewed', base + d * dayMs)) as [
      ReturnType<typeof event>,
      ReturnType<typeof event>,
      ReturnType<typeof event>,
    ];
    let state = emptyScoreState(m);
    for (const e of [b, c, a]) state = apply(m, state, e);
    const awards = state.rules.pricing!.windows![0]!.awards;
    expect(awards.map((w) => [w.eventId, w.units])).toEqual([
      [a.id, toUnits(10)],
      [b.id, toUnits(10)],
      [c.id, toUnits(5)],
    ]);
    const inOrder = buildScoreState(m, [a, b, c]);
    expect(state.rules.pricing!.value).toBeCloseTo(inOrder.rules.pricing!.value, 12);
  });

  it('place occurrences the same way in any arrival order as awarding them from scratch', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 25 }),
        fc.infiniteStream(fc.nat()),
        (per, extra, times, picks) => {
          const capUnits = per + extra;
          const occurrences = times.map((t, i) => ({ at: t % 7, eventId: `e${i}` }));
          const arrival = occurrences.slice();
          const it = picks[Symbol.iterator]();
          for (let i = arrival.length - 1; i > 0; i--) {
            const j = it.next().value % (i + 1);
            [arrival[i], arrival[j]] = [arrival[j]!, arrival[i]!];
          }
          let awards: CapAward[] = [];
          let total = 0;
          for (const o of arrival) {
            const placed = placeInWindow(awards, o, per, capUnits);
            awards = placed.awards;
            total += placed.changes.reduce((s, c) => s + c.units, 0);
            expect(awards.length).toBeLessThanOrEqual(Math.ceil(capUnits / per));
          }
          const sorted = occurrences.slice().sort(compareOccurrences);
          const scratch = awardsFromScratch(sorted, per, { units: capUnits, days: 7 });
          const earned = sorted.flatMap((o, i) =>
            scratch[i]! > 0 ? [{ ...o, units: scratch[i]! }] : [],
          );
          expect(awards).toEqual(earned);
          expect(total).toBe(Math.min(capUnits, per * occurrences.length));
        },
      ),
    );
  });

  it('give the same score from any arrival order within the horizon as from scratch', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }).map((u) => u / 10),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(1, 2, 7),
        fc.array(fc.integer({ min: 0, max: 10 * 24 }), { maxLength: 40 }),
        fc.infiniteStream(fc.nat()),
        (points, multiple, days, hours, picks) => {
          const m = capped({ points: points * multiple, days }, points);
          const events = hours.map((h) => event('page_viewed', base + h * 3_600_000));
          const arrival = events.slice();
          const it = picks[Symbol.iterator]();
          for (let i = arrival.length - 1; i > 0; i--) {
            const j = it.next().value % (i + 1);
            [arrival[i], arrival[j]] = [arrival[j]!, arrival[i]!];
          }
          let state = emptyScoreState(m);
          for (const e of arrival) state = apply(m, state, e);
          const now = base + 11 * dayMs;
          const scratch = evaluate(m, contact(), events, new Date(now));
          const live = state.rules.pricing?.value ?? 0;
          const t0 = state.t0 ?? now;
          expect(
            Math.abs(live * 2 ** (-(now - t0) / (30 * dayMs)) - scratch.raw.engagement),
          ).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });

  it('ask for a rescore when a late event falls in a window the state has let go of', () => {
    const m = capped({ points: 20, days: 1 });
    let state = emptyScoreState(m);
    state = apply(m, state, event('page_viewed', base));
    state = apply(m, state, event('page_viewed', base + 30 * dayMs));
    expect(state.rules.pricing!.windows!.map((w) => w.index)).toEqual([
      capWindowIndex(base + 30 * dayMs, 1),
    ]);
    // Same day as the first event, long gone from the state: its award is unknowable.
    const late = applyEvent(m, state, event('page_viewed', base + 3_600_000));
    expect(late).toEqual({ kind: 'rescore', ruleId: 'pricing' });
    // Inside the horizon it is placed exactly.
    const recent = event('page_viewed', base + 30 * dayMs - lateEventHorizonMs + dayMs);
    expect(applyEvent(m, state, recent).kind).toBe('applied');
    // Before anything the rule has seen, its window is known to be empty.
    const older = applyEvent(m, state, event('page_viewed', base - 5 * dayMs));
    expect(older.kind).toBe('applied');
    if (older.kind === 'applied')
      expect(older.state.rules.pricing!.earliestAt).toBe(base - 5 * dayMs);
  });

  it('hold the cap exactly in units, whatever the points', () => {
    const m = capped({ points: 1, days: 7 }, 0.3);
    const events = Array.from({ length: 5 }, (_, i) => event('page_viewed', base + i));
    const state = buildScoreState(m, events);
    const units = state.rules.pricing!.windows![0]!.awards.map((a) => a.units);
    expect(units).toEqual([3000, 3000, 3000, 1000]);
  });

  it('apply to negative rules by magnitude', () => {
    const m = model({
      halfLifeDays: 30,
      negative: [
        {
          on: 'engagement',
          id: 'careers',
          label: 'Careers',
          points: -10,
          eventType: 'page_viewed',
          cap: { points: 15, days: 7 },
        },
      ],
    });
    const events = [0, 1, 2].map((i) => event('page_viewed', base + i));
    const x = evaluate(m, contact(), events, new Date(base + 2));
    expect(x.engagement).toBe(-15);
    expect(buildScoreState(m, events).rules.careers!.value).toBeCloseTo(-15, 6);
  });
});
