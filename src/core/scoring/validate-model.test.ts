import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { defaultScoringModel } from './default-model.js';
import { arbModel, model } from './test-support.js';
import { describeProblem, parseScoringModel, validateScoringModel } from './validate-model.js';

/** The problems of a document, as "path message" lines. */
function problemsOf(doc: unknown): string[] {
  const result = validateScoringModel(doc);
  return result.ok ? [] : result.problems.map(describeProblem);
}

/** The default model with one part replaced. */
function withPart(key: string, value: unknown): Record<string, unknown> {
  return { ...structuredClone(defaultScoringModel), [key]: value };
}

const fitRule = (predicate: unknown, extra: Record<string, unknown> = {}) =>
  withPart('fit', [{ id: 'r', label: 'R', points: 5, predicate, ...extra }]);

describe('validateScoringModel', () => {
  it('accepts the default model, and hands back a copy', () => {
    const result = validateScoringModel(defaultScoringModel);
    expect(result).toEqual({ ok: true, model: defaultScoringModel });
    if (result.ok) expect(result.model).not.toBe(defaultScoringModel);
  });

  it('accepts every generated model the scoring tests use', () => {
    fc.assert(
      fc.property(arbModel, (m) => {
        expect(problemsOf(m)).toEqual([]);
      }),
    );
  });

  it('survives a JSON round trip of the default model', () => {
    expect(problemsOf(JSON.parse(JSON.stringify(defaultScoringModel)))).toEqual([]);
  });

  it('refuses what is not an object', () => {
    for (const doc of [null, 42, 'model', []])
      expect(problemsOf(doc)).toEqual(['the document must be an object']);
  });

  it('names missing and unknown top-level fields', () => {
    expect(
      problemsOf({ halfLifeDays: 30, fit: [], engagement: [], negative: [], extra: 1 }),
    ).toEqual(['extra is not a known field', 'bands is required', 'qualification is required']);
  });

  it('reports every problem at once, each with its path', () => {
    const doc = structuredClone(defaultScoringModel) as unknown as Record<string, unknown[]>;
    (doc.fit![2] as Record<string, unknown>).predicate = {
      op: 'range',
      field: 'account.employees',
      min: 'fifty',
    };
    (doc.engagement![0] as Record<string, unknown>).point = 3;
    (doc.negative![0] as Record<string, unknown>).points = 100;
    expect(problemsOf(doc)).toEqual([
      'fit/2/predicate/min must be a number',
      'engagement/0/point is not a known field',
      'negative/0/points must be less than 0',
    ]);
  });

  it('checks the half-life', () => {
    expect(problemsOf({ ...defaultScoringModel, halfLifeDays: 0.5 })).toEqual([
      'halfLifeDays must be at least 1',
    ]);
    expect(problemsOf({ ...defaultScoringModel, halfLifeDays: '30' })).toEqual([
      'halfLifeDays must be a number',
    ]);
  });

  it('wants rule ids unique across all three lists', () => {
    const doc = withPart('negative', [
      {
        on: 'fit',
        id: 'pricing-page',
        label: 'x',
        points: -1,
        predicate: { op: 'exists', field: 'title' },
      },
    ]);
    expect(problemsOf(doc)).toEqual([
      'negative/0/id must be unique ("pricing-page" is also engagement/0)',
    ]);
    expect(problemsOf(fitRule({ op: 'exists', field: 'title' }, { id: 'Bad Id' }))).toEqual([
      "fit/0/id must be 1–64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit",
    ]);
  });

  it('keeps points signed by list, bounded, with at most 4 decimals', () => {
    const exists = { op: 'exists', field: 'title' };
    expect(problemsOf(fitRule(exists, { points: -5 }))).toEqual([
      'fit/0/points must be greater than 0 (rules that take points away go in negative)',
    ]);
    expect(problemsOf(fitRule(exists, { points: 0.00001 }))).toEqual([
      'fit/0/points must have at most 4 decimal places',
    ]);
    expect(problemsOf(fitRule(exists, { points: 5000 }))).toEqual([
      'fit/0/points must be at most 1000',
    ]);
    expect(problemsOf(fitRule(exists, { points: 12.3456 }))).toEqual([]);
  });

  it('checks predicates: operators, fields and values', () => {
    expect(problemsOf(fitRule({ op: 'like', field: 'title' }))).toEqual([
      'fit/0/predicate/op must be one of equals, in, contains, range, exists, regex, persona, all, any, not',
    ]);
    expect(
      problemsOf(fitRule({ op: 'equals', field: 'account.employees', value: 'many' })),
    ).toEqual(['fit/0/predicate/value must be a number']);
    expect(problemsOf(fitRule({ op: 'equals', field: 'company', value: 'x' }))[0]).toMatch(
      /^fit\/0\/predicate\/field is not a known field; use one of email, emailDomain, title/,
    );
    expect(problemsOf(fitRule({ op: 'in', field: 'title', values: [] }))).toEqual([
      'fit/0/predicate/values must have at least 1 entry',
    ]);
    expect(problemsOf(fitRule({ op: 'in', field: 'title', values: ['a', { b: 1 }] }))).toEqual([
      'fit/0/predicate/values/1 must be a string, number or boolean',
    ]);
    expect(problemsOf(fitRule({ op: 'range', field: 'account.employees' }))).toEqual([
      'fit/0/predicate/min or max is required',
    ]);
    expect(
      problemsOf(fitRule({ op: 'range', field: 'account.employees', min: 10, max: 5 })),
    ).toEqual(['fit/0/predicate/max must be at least min (10)']);
    expect(problemsOf(fitRule({ op: 'contains', field: 'title', value: '' }))).toEqual([
      'fit/0/predicate/value must not be empty',
    ]);
    expect(problemsOf(fitRule({ op: 'exists', field: 'title', caseSensitive: 'yes' }))).toEqual([
      'fit/0/predicate/caseSensitive is not a known field',
    ]);
    expect(
      problemsOf(fitRule({ op: 'equals', field: 'title', value: 'x', caseSensitive: 1 })),
    ).toEqual(['fit/0/predicate/caseSensitive must be true or false']);
    expect(problemsOf(fitRule({ op: 'exists' }))).toEqual(['fit/0/predicate/field is required']);
  });

  it('checks nested predicates with their paths, and bounds the nesting', () => {
    expect(
      problemsOf(
        fitRule({
          op: 'all',
          predicates: [
            { op: 'exists', field: 'title' },
            {
              op: 'not',
              predicate: { op: 'equals', field: 'account.annualRevenue', value: 'big' },
            },
          ],
        }),
      ),
    ).toEqual(['fit/0/predicate/predicates/1/predicate/value must be a number']);
    let deep: unknown = { op: 'exists', field: 'title' };
    for (let i = 0; i < 5; i++) deep = { op: 'not', predicate: deep };
    expect(problemsOf(fitRule(deep))).toEqual([
      'fit/0/predicate/predicate/predicate/predicate/op nests too deep (at most 4 levels)',
    ]);
  });

  it('refuses regular expressions that cannot compile or can backtrack for ever', () => {
    expect(problemsOf(fitRule({ op: 'regex', field: 'title', pattern: '(vp' }))[0]).toMatch(
      /^fit\/0\/predicate\/pattern is not a valid regular expression/,
    );
    expect(problemsOf(fitRule({ op: 'regex', field: 'title', pattern: '^(a+)+$' }))[0]).toMatch(
      /^fit\/0\/predicate\/pattern must not repeat a group that contains a quantifier/,
    );
    expect(problemsOf(fitRule({ op: 'regex', field: 'title', pattern: 'x'.repeat(201) }))).toEqual([
      'fit/0/predicate/pattern must be at most 200 characters long',
    ]);
  });

  it('keeps persona predicates to contacts and event filters to event fields', () => {
    const rule = (filters: unknown) =>
      withPart('engagement', [
        { id: 'v', label: 'V', points: 1, eventType: 'page_viewed', filters },
      ]);
    expect(problemsOf(rule([{ op: 'persona', personas: ['cmo'] }]))).toEqual([
      'engagement/0/filters/0/op persona applies to contacts, not events',
    ]);
    expect(problemsOf(rule([{ op: 'exists', field: 'title' }]))).toEqual([
      'engagement/0/filters/0/field is not a known field; use one of name, properties.<path>',
    ]);
    expect(
      problemsOf(rule([{ op: 'equals', field: 'properties.path', value: '/pricing' }])),
    ).toEqual([]);
    expect(problemsOf(rule({ op: 'exists', field: 'name' }))).toEqual([
      'engagement/0/filters must be a list',
    ]);
  });

  it('checks engagement rules: event type and cap', () => {
    const rule = (extra: Record<string, unknown>) =>
      withPart('engagement', [
        { id: 'v', label: 'V', points: 10, eventType: 'page_viewed', ...extra },
      ]);
    expect(problemsOf(rule({ eventType: 'Page Viewed' }))).toEqual([
      'engagement/0/eventType must be a snake_case event type such as page_viewed',
    ]);
    expect(problemsOf(rule({ cap: { points: 5, days: 7 } }))).toEqual([
      "engagement/0/cap/points must be at least the rule's 10 points (it is a magnitude)",
    ]);
    expect(problemsOf(rule({ cap: { points: 501, days: 7 } }))).toEqual([
      "engagement/0/cap/points must be at most 50 times the rule's points",
    ]);
    expect(problemsOf(rule({ cap: { points: 30, days: 1.5 } }))).toEqual([
      'engagement/0/cap/days must be a whole number',
    ]);
    expect(problemsOf(rule({ cap: { points: 30 } }))).toEqual([
      'engagement/0/cap/days is required',
    ]);
    expect(problemsOf(rule({ cap: { points: 30, days: 7 } }))).toEqual([]);
  });

  it('wants a negative rule to say what it is on', () => {
    expect(problemsOf(withPart('negative', [{ id: 'x', label: 'X', points: -1 }]))).toEqual([
      'negative/0/on must be fit or engagement',
    ]);
  });

  it('checks bands and qualification criteria', () => {
    expect(problemsOf(withPart('bands', { warm: 50, hot: 50 }))).toEqual([
      'bands/hot must be greater than warm (50)',
    ]);
    expect(problemsOf(withPart('qualification', { mql: {} }))).toEqual([
      'qualification/mql/minTotal is required',
    ]);
    expect(
      problemsOf(
        withPart('qualification', {
          mql: { minTotal: 90 },
          pql: { conditions: [{ eventTypes: ['FeatureUsed'], minOccurrences: 0, withinDays: 0 }] },
          cql: { conditions: [] },
        }),
      ),
    ).toEqual([
      'qualification/pql/conditions/0/eventTypes/0 must be a snake_case event type such as page_viewed',
      'qualification/pql/conditions/0/minOccurrences must be at least 1',
      'qualification/pql/conditions/0/withinDays must be greater than 0',
      'qualification/cql/conditions must have at least 1 entry',
    ]);
    expect(problemsOf(withPart('qualification', { mql: { minTotal: 90 } }))).toEqual([]);
  });
});

describe('parseScoringModel', () => {
  it('returns a valid model', () => {
    expect(parseScoringModel(model())).toEqual(model());
  });

  it('throws validation_failed with one field error per problem', () => {
    try {
      parseScoringModel({ ...defaultScoringModel, halfLifeDays: -1, bands: { warm: 9, hot: 1 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect(e.code).toBe('validation_failed');
      expect(e.message).toBe(
        'The scoring model has 2 problems: halfLifeDays must be at least 1; bands/hot must be greater than warm (9)',
      );
      expect(e.fields).toEqual([
        { field: 'halfLifeDays', message: 'must be at least 1' },
        { field: 'bands/hot', message: 'must be greater than warm (9)' },
      ]);
    }
  });

  it('names the document itself as "model"', () => {
    expect(() => parseScoringModel('nope')).toThrow(AppError);
    try {
      parseScoringModel('nope');
    } catch (error) {
      expect((error as AppError).fields).toEqual([
        { field: 'model', message: 'must be an object' },
      ]);
    }
  });
});
