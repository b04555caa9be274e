import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lateEventHorizonMs } from './caps.js';
import { evaluate, evaluateFit, summarize } from './evaluate.js';
import { droppedWindowsHit, fillDroppedWindows } from './late-windows.js';
import { dayMs, type ScoringEvent, type ScoringModel } from './model.js';
import {
  applyEvent,
  buildScoreState,
  emptyScoreState,
  ruleValuesAt,
  type ScoreState,
} from './state.js';
import {
  arbContact,
  arbEvents,
  arbModel,
  base,
  cappedViewsModel,
  closeTo,
  colours,
  contact,
  event,
  eventTypes,
  model,
} from './test-support.js';
import { validateScoringModel } from './validate-model.js';

/** Applies events as they arrive; when asked to, rescores from what has arrived so far, as the service would. */
function ingest(m: ScoringModel, arrival: readonly ScoringEvent[]) {
  let state = emptyScoreState(m);
  let rescores = 0;
  const seen: ScoringEvent[] = [];
  for (const e of arrival) {
    seen.push(e);
    const outcome = applyEvent(m, state, e);
    if (outcome.kind === 'applied') state = outcome.state;
    else {
      rescores++;
      state = buildScoreState(m, seen);
    }
  }
  return { state, rescores };
}

/**
 * Applies events in arriving batches as score-contacts.ts does: each batch in
 * time order, late events placed in let-go cap windows read from what was
 * stored before the batch (late-windows.ts). Never needs a rescore.
 */
function ingestReadingWindows(m: ScoringModel, arrival: readonly ScoringEvent[], sizes: number[]) {
  let state = emptyScoreState(m);
  const stored: ScoringEvent[] = [];
  let reads = 0;
  for (let i = 0, b = 0; i < arrival.length; b++) {
    const batch = arrival.slice(i, i + (sizes[b % sizes.length] ?? 1));
    i += batch.length;
    const hit = droppedWindowsHit(m, state, batch);
    reads += hit.reads.length;
    // The batch is stored before it is scored, as ingest COPYs before it scores.
    stored.push(...batch);
    fillDroppedWindows(m, hit.windows, hit.reads, stored, new Set(batch.map((e) => e.id)));
    const ordered = batch.slice().sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    for (const e of ordered) {
      const outcome = applyEvent(m, state, e, hit.windows);
      if (outcome.kind === 'rescore') throw new Error(`rescore asked for ${outcome.ruleId}`);
      state = outcome.state;
    }
  }
  return { state, reads };
}

/** An arrival order where each event may come up to `lag` positions late. */
const arbArrival = (lag: number) =>
  arbEvents({ maxLength: 40, days: 60 }).chain((events) =>
    fc
      .array(fc.integer({ min: 0, max: lag }), {
        minLength: events.length,
        maxLength: events.length,
      })
      .map((delays) => {
        const sorted = events
          .slice()
          .sort(
            (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1),
          );
        const arrival = sorted
          .map((e, i) => ({ e, key: i + delays[i]! }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.e);
        return { events, arrival };
      }),
  );

/**
 * Dense history sent in time order, then some of it held back and sent weeks
 * late: late events that land in let-go windows where caps bind.
 */
const arbHeldBack = fc
  .array(
    fc.record({
      type: fc.constantFrom(...eventTypes),
      colour: fc.constantFrom(...colours),
      at: fc.integer({ min: 0, max: 42 * dayMs }),
      held: fc.boolean(),
    }),
    { minLength: 20, maxLength: 80 },
  )
  .map((drafts) => {
    const events = drafts.map((d, i) => ({
      id: `ev-${String(i).padStart(3, '0')}`,
      type: d.type,
      name: null,
      properties: { colour: d.colour },
      occurredAt: new Date(base + d.at),
    }));
    const onTime = events
      .filter((_, i) => !drafts[i]!.held)
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1));
    return { events, arrival: [...onTime, ...events.filter((_, i) => drafts[i]!.held)] };
  });

const nearAThreshold = (m: ScoringModel, total: number) =>
  [m.bands.warm, m.bands.hot, m.qualification.mql.minTotal].some((t) => closeTo(t, total, 1e-6));

describe('incremental scoring', () => {
  it.each([
    [
      'rebuilding on a let-go window',
      (m: ScoringModel, arrival: readonly ScoringEvent[]) => ingest(m, arrival).state,
    ],
    [
      'reading let-go windows, in batches',
      (m: ScoringModel, arrival: readonly ScoringEvent[], sizes: number[]) =>
        ingestReadingWindows(m, arrival, sizes).state,
    ],
  ])('after any arrival order equals evaluating from scratch (to 1e-9), %s', (_, run) => {
    fc.assert(
      fc.property(
        arbModel,
        arbContact,
        fc.oneof(arbArrival(3), arbArrival(40), arbHeldBack),
        fc.integer({ min: 0, max: 90 * dayMs }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }),
        (m, who, { events, arrival }, after, sizes) => {
          expect(validateScoringModel(m).ok).toBe(true);
          const state = run(m, arrival, sizes);
          const now = new Date(base + 60 * dayMs + after);
          const scratch = evaluate(m, who, events, now);
          const fit = evaluateFit(m, who);
          const live = summarize(m, fit, state, now);
          expect(closeTo(live.raw.engagement, scratch.raw.engagement)).toBe(true);
          expect(live.raw.fit).toBe(scratch.raw.fit);
          const values = ruleValuesAt(m, state, now.getTime());
          for (const c of scratch.contributions.filter((x) => x.part === 'engagement')) {
            expect(Math.abs((values.get(c.ruleId) ?? 0) - c.points)).toBeLessThanOrEqual(1e-4);
          }
          expect(live.qualifies.pql).toBe(scratch.qualifies.pql);
          expect(live.qualifies.cql).toBe(scratch.qualifies.cql);
          if (!nearAThreshold(m, scratch.raw.total)) {
            expect(live.band).toBe(scratch.band);
            expect(live.qualifies.mql).toBe(scratch.qualifies.mql);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('needs a rescore only for a capped rule and an event older than the horizon', () => {
    fc.assert(
      fc.property(arbModel, arbArrival(40), (m, { arrival }) => {
        let state = emptyScoreState(m);
        const seen: ScoringEvent[] = [];
        for (const e of arrival) {
          seen.push(e);
          const outcome = applyEvent(m, state, e);
          if (outcome.kind === 'rescore') {
            const rule = [...m.engagement, ...m.negative].find((r) => r.id === outcome.ruleId);
            expect(rule && 'cap' in rule && rule.cap).toBeTruthy();
            expect(state.t0! - e.occurredAt.getTime()).toBeGreaterThan(lateEventHorizonMs);
            state = buildScoreState(m, seen);
          } else state = outcome.state;
        }
      }),
    );
  });

  it('places a late event in a let-go window from that window alone, taking from later awards', () => {
    const m = cappedViewsModel({ halfLifeDays: 10_000 });
    const week1 = [base + dayMs, base + 2 * dayMs, base + 3 * dayMs].map((at) =>
      event('page_viewed', at),
    );
    const weeks5 = event('page_viewed', base + 30 * dayMs);
    const late = event('page_viewed', base + 12 * 3_600_000);
    const { state, reads } = ingestReadingWindows(m, [...week1, weeks5, late], [4, 1]);
    expect(reads).toBe(1);
    const scratch = buildScoreState(m, [...week1, weeks5, late]);
    // The late view earns 5 and the second of week 1 loses its 5: still 10 that week, 15 in all.
    expect(ruleValuesAt(m, state, base + 30 * dayMs).get('views')).toBeCloseTo(15, 1);
    expect(ruleValuesAt(m, scratch, base + 30 * dayMs).get('views')).toBeCloseTo(15, 1);
  });

  it('never needs a rescore when events arrive within the horizon', () => {
    fc.assert(
      fc.property(arbModel, arbArrival(3), (m, { arrival }) => {
        const newest = { at: Number.NEGATIVE_INFINITY };
        const inHorizon = arrival.filter((e) => {
          const at = e.occurredAt.getTime();
          newest.at = Math.max(newest.at, at);
          return newest.at - at < lateEventHorizonMs;
        });
        expect(ingest(m, inHorizon).rescores).toBe(0);
      }),
    );
  });

  it('builds the same state from scratch as event by event in time order', () => {
    fc.assert(
      fc.property(arbModel, arbEvents(), (m, events) => {
        const sorted = events
          .slice()
          .sort(
            (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1),
          );
        expect(ingest(m, sorted)).toEqual({ state: buildScoreState(m, events), rescores: 0 });
      }),
    );
  });

  it('leaves the state it was given untouched, and returns it as is for an event no rule wants', () => {
    const m = cappedViewsModel();
    const state = buildScoreState(m, [event('page_viewed', base), event('page_viewed', base + 1)]);
    const frozen = structuredClone(state);
    deepFreeze(state);
    const outcome = applyEvent(m, state, event('page_viewed', base - 1));
    expect(outcome.kind).toBe('applied');
    expect(state).toEqual(frozen);
    const ignored = applyEvent(m, state, event('email_opened', base + 5));
    expect(ignored).toEqual({ kind: 'applied', state, matchedRules: [] });
    if (ignored.kind === 'applied') expect(ignored.state).toBe(state);
  });

  it('survives a JSON round trip, as it is stored', () => {
    fc.assert(
      fc.property(arbModel, arbEvents(), (m, events) => {
        const state = buildScoreState(m, events);
        const stored = JSON.parse(JSON.stringify(state)) as ScoreState;
        expect(stored).toEqual(state);
        const next = event('page_viewed', base + 41 * dayMs, { colour: 'red' });
        expect(applyEvent(m, stored, next)).toEqual(applyEvent(m, state, next));
      }),
    );
  });

  it('reports which rules an event matched', () => {
    const m = model({
      engagement: [
        { id: 'any-view', label: 'Any page', points: 1, eventType: 'page_viewed' },
        {
          id: 'pricing',
          label: 'Pricing',
          points: 10,
          eventType: 'page_viewed',
          filters: [{ op: 'equals', field: 'properties.path', value: '/pricing' }],
        },
      ],
    });
    const outcome = applyEvent(
      m,
      emptyScoreState(m),
      event('page_viewed', base, { path: '/pricing' }),
    );
    expect(outcome.kind === 'applied' && outcome.matchedRules).toEqual(['any-view', 'pricing']);
    const x = evaluate(
      m,
      contact(),
      [event('page_viewed', base, { path: '/blog' })],
      new Date(base),
    );
    expect(x.contributions.map((c) => c.ruleId)).toEqual(['any-view']);
  });
});

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}
