import { describe, expect, it } from 'vitest';
import { buildEncoding, encodeRow, type FeatureEncoding } from './encode.js';
import { contactOf, syntheticRows } from './test-support.js';
import type { TrainingRow } from './training.js';

const rows = syntheticRows(1000);
const fields = [
  'properties.source',
  'properties.minutes',
  'properties.newsletter',
  'events.page_viewed',
];

function feature(encoded: FeatureEncoding[], field: string): FeatureEncoding {
  return encoded.find((f) => f.field === field)!;
}

describe('feature encoding', () => {
  const { features, width, dropped } = buildEncoding(rows, fields);

  it('makes one level of each spelling, named as most contacts write it', () => {
    const source = feature(features, 'properties.source');
    expect(source.kind).toBe('categorical');
    if (source.kind !== 'categorical') return;
    expect(source.levels.map((l) => [l.key, l.value]).sort()).toEqual([
      ['cold list', 'Cold list'],
      ['google', 'Google'],
      ['partner', 'Partner'],
      ['webinar', 'Webinar'],
    ]);
    // Every contact has a source among the levels: no "other" or "missing" column.
    expect(source.columns.map((c) => c.term)).toEqual(['level', 'level', 'level', 'level']);
  });

  it('logs skewed counts and durations, and gives missing values a column of their own', () => {
    const minutes = feature(features, 'properties.minutes');
    expect(minutes).toMatchObject({ kind: 'numeric', transform: 'log1p', integer: true });
    expect(minutes.columns.map((c) => c.term)).toEqual(['value', 'missing']);
    expect(feature(features, 'properties.newsletter')).toMatchObject({ kind: 'boolean' });
    expect(feature(features, 'events.page_viewed')).toMatchObject({ kind: 'count' });
    expect(dropped).toEqual([]);
  });

  it('standardises every column over the training rows (mean 0, sd 1)', () => {
    const x = new Float64Array(rows.length * width);
    rows.forEach((r, i) => {
      encodeRow(features, r, x, i * width);
    });
    for (let j = 0; j < width; j++) {
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < rows.length; i++) {
        sum += x[i * width + j]!;
        sq += x[i * width + j]! ** 2;
      }
      expect(sum / rows.length).toBeCloseTo(0, 9);
      expect(sq / rows.length).toBeCloseTo(1, 9);
    }
  });

  it('orders levels by frequency, folds rare ones into "other" and drops a field that hardly varies', () => {
    const sparse: TrainingRow[] = rows.map((r, i) => ({
      ...r,
      contact: contactOf({
        plan: i % 100 === 0 ? `rare-${i}` : i % 2 === 0 ? 'basic' : 'pro',
        flag: i === 3,
      }),
    }));
    const encoded = buildEncoding(sparse, ['properties.plan', 'properties.flag']);
    const plan = feature(encoded.features, 'properties.plan');
    expect(plan.kind === 'categorical' && plan.levels.map((l) => l.key)).toEqual(['pro', 'basic']);
    expect(plan.columns.map((c) => c.term)).toEqual(['level', 'level', 'other']);
    expect(encoded.dropped).toEqual([
      {
        field: 'properties.flag',
        reason: 'no_variation',
        why: 'the same for nearly every contact',
      },
    ]);
  });
});
