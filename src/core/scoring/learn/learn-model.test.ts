import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import type { ScoringEvent } from '../model.js';
import { validateScoringModel } from '../validate-model.js';
import { linearPredictor, predictProbability } from './fit-report.js';
import { inHoldout } from './holdout.js';
import { type LearnOptions, learnScoringModel } from './learn-model.js';
import { sigmoid } from './logistic.js';
import { ruleModelScore } from './rule-model.js';
import { syntheticRows } from './test-support.js';
import type { TrainingRow } from './training.js';

const now = new Date('2026-11-23T12:00:00Z');
const options = (over: Partial<LearnOptions> = {}): LearnOptions => ({
  outcome: { spec: 'properties.converted', description: 'converted' },
  outcomeField: null,
  owners: new Map([['properties.sales_rating', 'sales']]),
  include: [],
  exclude: [],
  halfLifeDays: 30,
  now,
  ...over,
});
const rows = syntheticRows(3000);
const learned = learnScoringModel(rows, options());
const { report, model } = learned;

function weight(field: string, level?: string): number {
  const f = report.features.find((x) => x.field === field)!;
  const c = level === undefined ? f.columns[0]! : f.columns.find((x) => x.level === level)!;
  return c.weight!;
}

/** The row's events, all at `now`: no decay, one cap window, so the evaluator sees the counts as fitted. */
function eventsAtNow(row: TrainingRow): ScoringEvent[] {
  return Object.entries(row.eventCounts).flatMap(([type, n]) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${row.contactId}-${type}-${i}`,
      type,
      name: null,
      properties: {},
      occurredAt: now,
    })),
  );
}

describe('learning a scoring model', () => {
  it('recovers the signs the data were drawn with, and ranks the holdout well', () => {
    expect(weight('properties.source', 'webinar')).toBeGreaterThan(
      weight('properties.source', 'partner'),
    );
    expect(weight('properties.source', 'partner')).toBeGreaterThan(
      weight('properties.source', 'cold list'),
    );
    expect(weight('properties.minutes')).toBeGreaterThan(0);
    expect(weight('events.page_viewed')).toBeGreaterThan(0);
    expect(weight('events.unsubscribed')).toBeLessThan(0);
    expect(report.auc.logistic.holdout).toBeGreaterThan(0.75);
    expect(report.auc.ruleModel.holdout).toBeGreaterThan(report.auc.logistic.holdout - 0.02);
    expect(report.rows).toMatchObject({
      total: 3000,
      training: report.rows.total - report.rows.holdout,
    });
    expect(Math.abs(report.rows.holdout / 3000 - 0.25)).toBeLessThan(0.03);
  });

  it('writes a valid rule model whose points follow the weights', () => {
    expect(validateScoringModel(model).ok).toBe(true);
    const pointsOf = (id: string) =>
      [...model.fit, ...model.negative].find((r) => r.id === id)?.points ?? 0;
    expect(pointsOf('properties.source.webinar')).toBeGreaterThan(
      pointsOf('properties.source.partner'),
    );
    expect(pointsOf('properties.source.cold-list')).toBeLessThan(0);
    expect(model.engagement).toEqual([
      expect.objectContaining({
        eventType: 'page_viewed',
        cap: expect.objectContaining({ days: 365 }),
      }),
    ]);
    expect(model.negative.filter((r) => r.on === 'engagement')).toEqual([
      expect.objectContaining({ eventType: 'unsubscribed' }),
    ]);
    expect(model.bands.warm).toBeLessThan(model.bands.hot);
    expect(model.qualification.mql.minTotal).toBe(model.bands.hot);
    // No field that was left out appears in a rule.
    const text = JSON.stringify(model);
    for (const e of report.excluded) expect(text).not.toContain(`"${e.field}"`);
  });

  it('scores each contact as the evaluator does when its events happen at the moment of scoring', () => {
    for (const row of rows.slice(0, 300))
      expect(ruleModelScore(model, row)).toBeCloseTo(
        evaluate(model, row.contact, eventsAtNow(row), now).total,
        9,
      );
  });

  it('keeps the exact regression: probabilities from the stored report, adding up to the positives', () => {
    const stored = JSON.parse(JSON.stringify(report));
    let sum = 0;
    let positives = 0;
    for (const row of rows) {
      const p = predictProbability(stored, row.contact, row.eventCounts);
      expect(p).toBe(sigmoid(linearPredictor(report, row.contact, row.eventCounts)));
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
      if (inHoldout(row.contactId, report.holdoutShare)) continue;
      sum += p;
      if (row.positive) positives++;
    }
    // The intercept is not penalised, so over the training rows the probabilities add up to the positives.
    expect(positives).toBe(report.rows.trainingPositives);
    expect(sum).toBeCloseTo(positives, 4);
  });

  it('is deterministic: the same rows give the same model and report', () => {
    expect(JSON.stringify(learnScoringModel(rows, options()))).toBe(JSON.stringify(learned));
  });

  it('learns what sales wrote when asked to, which is why it is left out by default', () => {
    const leaky = learnScoringModel(rows, options({ include: ['sales_rating'] }));
    expect(report.excluded).toContainEqual(
      expect.objectContaining({ field: 'properties.sales_rating', reason: 'sales' }),
    );
    expect(leaky.report.auc.logistic.holdout).toBeGreaterThan(report.auc.logistic.holdout + 0.05);
  });

  it('writes a valid model even when a field all but gives the answer away', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const giveaway = syntheticRows(600, seed).map((r) => ({
        ...r,
        contact: { ...r.contact, properties: { ...r.contact.properties, converted: r.positive } },
      }));
      const result = learnScoringModel(giveaway, options());
      expect(validateScoringModel(result.model).ok).toBe(true);
      expect(result.report.auc.ruleModel.holdout).toBeGreaterThan(0.99);
    }
  });

  it('refuses too few positives or negatives, and a holdout share outside (0, 1)', () => {
    const few = rows.map((r, i) => ({ ...r, positive: i < 12 }));
    expect(() => learnScoringModel(few, options())).toThrow(
      /too few positives to learn from: 12 of 3000 contacts reached the outcome/,
    );
    const none = rows.map((r) => ({ ...r, positive: true }));
    expect(() => learnScoringModel(none, options())).toThrow(/too few negatives/);
    expect(() => learnScoringModel(rows, options({ holdout: 1 }))).toThrow(
      '--holdout must be between 0 and 1 (it is 1)',
    );
  });
});
