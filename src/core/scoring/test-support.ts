import fc from 'fast-check';
import type {
  ActivityCondition,
  EngagementRule,
  FitRule,
  NegativeRule,
  RouteCriteria,
  ScoringContact,
  ScoringEvent,
  ScoringModel,
} from './model.js';
import { dayMs } from './model.js';

/*
 * Generators shared by the scoring tests (imported by *.test.ts only). Models
 * are drawn from a small vocabulary of event types and property values so that
 * rules, filters and caps actually meet the generated events.
 */

export const eventTypes = ['page_viewed', 'form_submitted', 'feature_used', 'chat_started'];
export const colours = ['red', 'green', 'blue'];
/** 2026-01-05, a Monday: weekly cap windows start here. */
export const base = Date.UTC(2026, 0, 5);

/** 0.0001 … 100 points with up to 4 decimals, or a whole number. */
export const arbPoints = fc.oneof(
  fc.integer({ min: 1, max: 100 }),
  fc.integer({ min: 1, max: 1_000_000 }).map((u) => u / 10_000),
);

const arbFitRule = (id: string): fc.Arbitrary<FitRule> =>
  fc.record({
    id: fc.constant(id),
    label: fc.constant(`fit ${id}`),
    points: arbPoints,
    predicate: fc.oneof(
      fc.constantFrom(...colours).map((value) => ({
        op: 'equals' as const,
        field: 'properties.colour',
        value,
      })),
      fc.record({
        op: fc.constant('range' as const),
        field: fc.constant('account.employees'),
        min: fc.integer({ min: 0, max: 500 }),
      }),
    ),
  });

const arbCap = (points: number) =>
  fc
    .record({ multiple: fc.integer({ min: 1, max: 6 }), extra: fc.integer({ min: 0, max: 9999 }) })
    .chain(({ multiple, extra }) =>
      fc.record({
        points: fc.constant(
          Math.min(50 * points, Math.round(points * multiple * 10_000 + extra) / 10_000),
        ),
        days: fc.constantFrom(1, 2, 7),
      }),
    );

const arbEngagementRule = (id: string): fc.Arbitrary<EngagementRule> =>
  fc
    .record({
      eventType: fc.constantFrom(...eventTypes),
      colour: fc.option(fc.constantFrom(...colours), { nil: undefined }),
      points: arbPoints,
      capped: fc.boolean(),
    })
    .chain(({ eventType, colour, points, capped }) =>
      (capped ? arbCap(points) : fc.constant(undefined)).map((cap) => ({
        id,
        label: `engagement ${id}`,
        points,
        eventType,
        ...(colour
          ? { filters: [{ op: 'equals' as const, field: 'properties.colour', value: colour }] }
          : {}),
        ...(cap ? { cap } : {}),
      })),
    );

const arbNegativeRule = (id: string): fc.Arbitrary<NegativeRule> =>
  fc.oneof(
    arbFitRule(id).map((r) => ({ ...r, on: 'fit' as const, points: -r.points })),
    arbEngagementRule(id).map((r) => ({ ...r, on: 'engagement' as const, points: -r.points })),
  );

const arbCondition: fc.Arbitrary<ActivityCondition> = fc.record({
  eventTypes: fc.subarray(eventTypes, { minLength: 1 }),
  minOccurrences: fc.integer({ min: 1, max: 4 }),
  withinDays: fc.integer({ min: 1, max: 20 }),
});

const arbRoute: fc.Arbitrary<RouteCriteria | undefined> = fc.option(
  fc.record(
    {
      conditions: fc.array(arbCondition, { minLength: 1, maxLength: 2 }),
      minFit: fc.integer({ min: 0, max: 50 }),
    },
    { requiredKeys: ['conditions'] },
  ),
  { nil: undefined },
);

function list<T>(make: (id: string) => fc.Arbitrary<T>, prefix: string, max: number) {
  return fc
    .integer({ min: 0, max })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => make(`${prefix}${i}`))));
}

export const arbModel: fc.Arbitrary<ScoringModel> = fc
  .record({
    halfLifeDays: fc.double({ min: 1, max: 365, noNaN: true }),
    fit: list(arbFitRule, 'f', 3),
    engagement: list(arbEngagementRule, 'e', 5),
    negative: list(arbNegativeRule, 'n', 2),
    warm: fc.integer({ min: -20, max: 150 }),
    gap: fc.integer({ min: 1, max: 150 }),
    minTotal: fc.integer({ min: -20, max: 250 }),
    minFit: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    pql: arbRoute,
    cql: arbRoute,
  })
  .map((m) => ({
    halfLifeDays: m.halfLifeDays,
    fit: m.fit,
    engagement: m.engagement,
    negative: m.negative,
    bands: { warm: m.warm, hot: m.warm + m.gap },
    qualification: {
      mql: { minTotal: m.minTotal, ...(m.minFit === undefined ? {} : { minFit: m.minFit }) },
      ...(m.pql ? { pql: m.pql } : {}),
      ...(m.cql ? { cql: m.cql } : {}),
    },
  }));

/** Events with unique ids over `days` days from `base`, at whole milliseconds like Dates. */
export function arbEvents(
  options: { maxLength?: number; days?: number } = {},
): fc.Arbitrary<ScoringEvent[]> {
  const span = (options.days ?? 40) * dayMs;
  return fc
    .array(
      fc.record({
        type: fc.constantFrom(...eventTypes),
        colour: fc.constantFrom(...colours),
        // Coarse times too, so that ties (same millisecond) happen and must break by id.
        at: fc.oneof(
          fc.integer({ min: 0, max: span }),
          fc.integer({ min: 0, max: 40 }).map((h) => h * 3_600_000),
        ),
      }),
      { maxLength: options.maxLength ?? 40 },
    )
    .map((drafts) =>
      drafts.map((d, i) => ({
        id: `ev-${String(i).padStart(3, '0')}`,
        type: d.type,
        name: null,
        properties: { colour: d.colour },
        occurredAt: new Date(base + d.at),
      })),
    );
}

export const arbContact: fc.Arbitrary<ScoringContact> = fc
  .record({ colour: fc.constantFrom(...colours), employees: fc.integer({ min: 1, max: 1000 }) })
  .map(({ colour, employees }) => contact({ properties: { colour }, employees }));

export function contact(
  partial: Partial<ScoringContact> & { employees?: number; industry?: string } = {},
): ScoringContact {
  const { employees, industry, ...rest } = partial;
  return {
    email: 'ada@lovelace.example',
    title: 'VP Marketing',
    properties: {},
    personaKey: null,
    account: {
      domain: 'lovelace.example',
      industry: industry ?? 'SaaS',
      employees: employees ?? 120,
      annualRevenue: 12_000_000,
      country: 'GB',
      properties: { segment: 'mid-market' },
    },
    ...rest,
  };
}

let seq = 0;
export function event(
  type: string,
  at: number,
  properties: Record<string, unknown> = {},
): ScoringEvent {
  seq++;
  return {
    id: `e${String(seq).padStart(6, '0')}`,
    type,
    name: null,
    properties,
    occurredAt: new Date(at),
  };
}

/** A minimal valid model to vary in examples. */
export function model(partial: Partial<ScoringModel> = {}): ScoringModel {
  return {
    halfLifeDays: 10,
    fit: [],
    engagement: [],
    negative: [],
    bands: { warm: 20, hot: 50 },
    qualification: { mql: { minTotal: 50 } },
    ...partial,
  };
}

export function closeTo(a: number, b: number, tolerance = 1e-9): boolean {
  return Math.abs(a - b) <= tolerance;
}

/** One engagement rule: page views, 5 points each, at most 10 a week. */
export function cappedViewsModel(partial: Partial<ScoringModel> = {}): ScoringModel {
  return model({
    engagement: [
      {
        id: 'views',
        label: 'Views',
        points: 5,
        eventType: 'page_viewed',
        cap: { points: 10, days: 7 },
      },
    ],
    ...partial,
  });
}
