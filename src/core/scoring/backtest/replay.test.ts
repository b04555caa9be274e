import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateFit } from '../evaluate.js';
import { dayMs, type ScoringContact, type ScoringEvent, type ScoringModel } from '../model.js';
import { arbContact, arbEvents, arbModel, base, contact, event, model } from '../test-support.js';
import { replayContact, routeOf } from './replay.js';

/**
 * The first qualifying instant found the slow way: evaluate() from scratch at
 * the contact's first instant and at every event. Between two events only
 * decay moves the score, and that can make a contact qualify only by a
 * negative engagement fading (an MQL level crossed upwards, after which it
 * holds until the next event), so if it qualifies anywhere in an interval it
 * does at the interval's last millisecond.
 */
function firstQualification(
  m: ScoringModel,
  who: ScoringContact,
  events: readonly ScoringEvent[],
  knownFrom: number,
  end: number,
): { at: number } | { after: number; atLatest: number } | null {
  const past = events.filter((e) => e.occurredAt.getTime() < end);
  const instants = [
    ...new Set([
      knownFrom,
      ...past.map((e) => e.occurredAt.getTime()).filter((t) => t > knownFrom),
    ]),
  ].sort((a, b) => a - b);
  const qualifies = (t: number) => routeOf(evaluate(m, who, past, new Date(t)).qualifies) !== null;
  for (const [k, at] of instants.entries()) {
    if (at >= end) break;
    if (qualifies(at)) return { at };
    const last = Math.min(instants[k + 1] ?? end, end) - 1;
    if (last > at && qualifies(last)) return { after: at, atLatest: last };
  }
  return null;
}

const arbCase = fc.record({
  m: arbModel,
  who: arbContact,
  events: arbEvents({ maxLength: 30 }),
  created: fc.integer({ min: -5 * dayMs, max: 45 * dayMs }),
  decision: fc.integer({ min: -5 * dayMs, max: 50 * dayMs }),
  end: fc.integer({ min: 0, max: 50 * dayMs }),
});

describe('replayContact', () => {
  it('finds the first instant evaluate() says the contact qualifies, its route and band then', () => {
    fc.assert(
      fc.property(arbCase, ({ m, who, events, created, decision, end }) => {
        const endAt = base + end;
        const knownFrom = Math.min(base + created, ...events.map((e) => e.occurredAt.getTime()));
        fc.pre(knownFrom < endAt);
        const r = replayContact({
          model: m,
          fit: evaluateFit(m, who),
          events,
          knownFrom,
          decisionAt: Math.min(base + decision, endAt),
          end: endAt,
        });
        const expected = firstQualification(m, who, events, knownFrom, endAt);
        const past = events.filter((e) => e.occurredAt.getTime() < endAt);
        if (expected === null) {
          expect(r.qualifiedAt).toBeNull();
          expect(r.route).toBeNull();
          expect(r.band).toBe(evaluate(m, who, past, new Date(endAt)).band);
        } else if ('at' in expected) {
          expect(r.qualifiedAt).toBe(expected.at);
        } else {
          // Fading into qualification between events: the first millisecond that qualifies.
          expect(r.qualifiedAt).toBeGreaterThan(expected.after);
          expect(r.qualifiedAt).toBeLessThanOrEqual(expected.atLatest);
          const before = evaluate(m, who, past, new Date(r.qualifiedAt! - 1));
          expect(routeOf(before.qualifies)).toBeNull();
        }
        if (r.qualifiedAt !== null) {
          const then = evaluate(m, who, past, new Date(r.qualifiedAt));
          expect(r.route).toBe(routeOf(then.qualifies));
          expect(r.band).toBe(then.band);
        }
        const decided = evaluate(m, who, past, new Date(Math.min(base + decision, endAt)));
        expect(Math.abs(r.decisionScore - decided.total)).toBeLessThanOrEqual(0.0001 + 1e-9);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with evaluate() where penalties fade into a qualification between events', () => {
    // Fit above the MQL line and penalties below it: most qualifications happen by decay.
    const arbFading = fc.record({
      fit: fc.integer({ min: 10, max: 100 }),
      penalty: fc.integer({ min: 1, max: 40 }),
      gap: fc.integer({ min: 1, max: 99 }).map((p) => p / 100),
      halfLifeDays: fc.integer({ min: 1, max: 20 }),
      times: fc.array(
        fc.record({ at: fc.integer({ min: 0, max: 40 * dayMs }), bad: fc.boolean() }),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(arbFading, ({ fit, penalty, gap, halfLifeDays, times }) => {
        const m = model({
          halfLifeDays,
          fit: [fitByColour(fit)],
          engagement: [{ id: 'view', label: 'View', points: 3, eventType: 'page_viewed' }],
          negative: [
            {
              id: 'unsub',
              label: 'Unsubscribed',
              points: -penalty,
              eventType: 'unsubscribed',
              on: 'engagement',
            },
          ],
          qualification: { mql: { minTotal: Math.round(fit - gap * penalty) } },
        });
        const who = contact({ properties: { colour: 'red' } });
        // Penalised from the first instant, so fit alone does not qualify it at once.
        const events = [
          event('unsubscribed', base),
          ...times.map((t) => event(t.bad ? 'unsubscribed' : 'page_viewed', base + t.at)),
        ];
        const end = base + 45 * dayMs;
        const knownFrom = base;
        const r = replayContact({
          model: m,
          fit: evaluateFit(m, who),
          events,
          knownFrom,
          decisionAt: end,
          end,
        });
        const expected = firstQualification(m, who, events, knownFrom, end);
        if (expected === null) expect(r.qualifiedAt).toBeNull();
        else if ('at' in expected) expect(r.qualifiedAt).toBe(expected.at);
        else {
          expect(r.qualifiedAt).toBeGreaterThan(expected.after);
          expect(r.qualifiedAt).toBeLessThanOrEqual(expected.atLatest);
          expect(routeOf(evaluate(m, who, events, new Date(r.qualifiedAt!)).qualifies)).toBe('mql');
          expect(
            routeOf(evaluate(m, who, events, new Date(r.qualifiedAt! - 1)).qualifies),
          ).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  const fitByColour = (points: number) => ({
    id: 'red',
    label: 'Red',
    points,
    predicate: { op: 'equals' as const, field: 'properties.colour', value: 'red' },
  });

  it('qualifies on fit alone from the first instant known, before any event', () => {
    const m = model({ fit: [fitByColour(60)] });
    const r = replayContact({
      model: m,
      fit: evaluateFit(m, contact({ properties: { colour: 'red' } })),
      events: [event('page_viewed', base + 3 * dayMs)],
      knownFrom: base,
      decisionAt: base + dayMs,
      end: base + 10 * dayMs,
    });
    expect(r).toEqual({ qualifiedAt: base, route: 'mql', band: 'hot', decisionScore: 60 });
  });

  it('catches a qualification that decay alone causes, at its computed instant', () => {
    // Fit 60 with an MQL at 50: an unsubscribe (−20) holds the total at 40 until the
    // penalty has halved, one half-life (10 days) later.
    const m = model({
      fit: [fitByColour(60)],
      negative: [
        {
          id: 'unsub',
          label: 'Unsubscribed',
          points: -20,
          eventType: 'unsubscribed',
          on: 'engagement',
        },
      ],
      bands: { warm: 20, hot: 70 },
    });
    const who = contact({ properties: { colour: 'red' } });
    const r = replayContact({
      model: m,
      fit: evaluateFit(m, who),
      events: [event('unsubscribed', base)],
      knownFrom: base,
      decisionAt: base + 20 * dayMs,
      end: base + 30 * dayMs,
    });
    expect(r.route).toBe('mql');
    expect(r.band).toBe('warm');
    expect(Math.abs(r.qualifiedAt! - (base + 10 * dayMs))).toBeLessThanOrEqual(1);
    expect(r.decisionScore).toBe(55);
  });

  it('reads the decision score before later events, and ignores events from the end on', () => {
    const m = model({
      engagement: [{ id: 'demo', label: 'Demo', points: 30, eventType: 'demo_requested' }],
    });
    const events = [
      event('demo_requested', base + 2 * dayMs),
      event('demo_requested', base),
      event('demo_requested', base + 5 * dayMs),
    ];
    const r = replayContact({
      model: m,
      fit: evaluateFit(m, contact()),
      events,
      knownFrom: base,
      decisionAt: base + dayMs,
      end: base + 5 * dayMs,
    });
    expect(r.decisionScore).toBe(Number((30 * 2 ** -0.1).toFixed(4)));
    // 30 at day 0, then 30·2^-0.2 + 30 at day 2: MQL (50) at the second event.
    expect(r.qualifiedAt).toBe(base + 2 * dayMs);
    expect(r.band).toBe('hot');
  });
});
