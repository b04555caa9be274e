import { fieldLabel, fieldValue, isMissing } from './field-values.js';
import type { FieldExclusion } from './select-fields.js';
import { eventFieldPrefix, type TrainingRow } from './training.js';

/**
 * How a field becomes columns of the regression, learned from the training
 * rows only (the holdout must not shape its own test):
 *
 * - numeric: one value column (log1p when the values are non-negative and
 *   right-skewed, as counts and durations are) with missing values set to the
 *   mean, plus a "missing" column; quantile cut points for the rule model.
 * - boolean: "true" and "missing" columns (false is the baseline).
 * - categorical: a column per frequent level (any case and spacing is one
 *   level, as the `equals` predicate sees it), "other" and "missing".
 * - count (`events.<type>`): log1p of the number of events.
 *
 * Every column is standardised (mean 0, sd 1), so one L2 penalty treats all
 * alike; an indicator seen on fewer than `minCount` contacts is dropped, since
 * its weight would be noise.
 */

export type ColumnTerm = 'value' | 'missing' | 'true' | 'level' | 'other';

export interface ColumnSpec {
  term: ColumnTerm;
  /** The level's key (trimmed, lower case) for term `level`. */
  level?: string;
  mean: number;
  sd: number;
  /** The fitted coefficient on the standardised column (set in the fit report). */
  weight?: number;
}

interface Base {
  field: string;
  label: string;
  columns: ColumnSpec[];
}

export type FeatureEncoding =
  | (Base & {
      kind: 'numeric';
      transform: 'log1p' | 'identity';
      /** Every value seen was a whole number: rule bins are inclusive integer ranges. */
      integer: boolean;
      /** The transformed value a missing one counts as (the training mean). */
      impute: number;
      /** Bin boundaries for the rule model: bin k holds cuts[k-1] ≤ x < cuts[k]. */
      cuts: number[];
    })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'categorical'; levels: { key: string; value: string; count: number }[] })
  | (Base & { kind: 'count' });

export interface EncodingOptions {
  /** At most this many levels of a categorical field get their own column. */
  maxLevels?: number;
  /** Rule bins per numeric field (at most). */
  maxBins?: number;
}

/** Share of present values that must read as numbers for a field to count as numeric. */
const numericShare = 0.95;

export function numericValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function booleanValue(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return null;
}

export function levelKey(value: unknown): string {
  return String(value).trim().toLowerCase();
}

/** At least 10 contacts, and 0.2% of them in large sets. */
export function minIndicatorCount(rows: number): number {
  return Math.max(10, Math.ceil(rows * 0.002));
}

function skewness(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const v of values) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 === 0 ? 0 : m3 / m2 ** 1.5;
}

function quantileCuts(values: readonly number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const cuts = new Set<number>();
  for (let k = 1; k < bins; k++) {
    const q = sorted[Math.floor((k * sorted.length) / bins)]!;
    if (q > sorted[0]!) cuts.add(q);
  }
  return [...cuts].sort((a, b) => a - b);
}

/** The raw (unstandardised) values of a feature's columns for one field value. */
export function columnValues(feature: FeatureEncoding, value: unknown): number[] {
  const missing = isMissing(value);
  switch (feature.kind) {
    case 'count': {
      const n = numericValue(value) ?? 0;
      return feature.columns.map(() => Math.log1p(Math.max(0, n)));
    }
    case 'numeric': {
      const n = missing ? null : numericValue(value);
      const t = n === null ? feature.impute : transform(feature.transform, n);
      return feature.columns.map((c) => (c.term === 'value' ? t : n === null ? 1 : 0));
    }
    case 'boolean': {
      const b = missing ? null : booleanValue(value);
      return feature.columns.map((c) =>
        c.term === 'true' ? (b === true ? 1 : 0) : b === null ? 1 : 0,
      );
    }
    case 'categorical': {
      const key = missing ? null : levelKey(value);
      const known = key !== null && feature.levels.some((l) => l.key === key);
      return feature.columns.map((c) => {
        if (c.term === 'missing') return key === null ? 1 : 0;
        if (c.term === 'other') return key !== null && !known ? 1 : 0;
        return key === c.level ? 1 : 0;
      });
    }
  }
}

export function transform(kind: 'log1p' | 'identity', x: number): number {
  return kind === 'log1p' ? Math.log1p(x) : x;
}

type Draft = (FeatureEncoding extends infer F
  ? F extends FeatureEncoding
    ? Omit<F, 'columns'>
    : never
  : never) & { columns: { term: ColumnTerm; level?: string }[] };

function draftNumeric(
  field: string,
  present: number[],
  maxBins: number,
  anyMissing: boolean,
): Draft {
  const min = Math.min(...present);
  const log = min >= 0 && skewness(present) > 1;
  const kind = log ? 'log1p' : 'identity';
  const impute = present.reduce((a, x) => a + transform(kind, x), 0) / present.length;
  return {
    field,
    label: fieldLabel(field),
    kind: 'numeric',
    transform: kind,
    integer: present.every(Number.isInteger),
    impute,
    cuts: quantileCuts(present, maxBins),
    columns: [{ term: 'value' }, ...(anyMissing ? [{ term: 'missing' as const }] : [])],
  };
}

function draftCategorical(
  field: string,
  present: unknown[],
  maxLevels: number,
  minCount: number,
): Draft {
  const counts = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const v of present) {
    const key = levelKey(v);
    const entry = counts.get(key) ?? { count: 0, spellings: new Map() };
    entry.count++;
    const spelling = String(v).trim();
    entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
    counts.set(key, entry);
  }
  const byCount = <T>(a: [string, { count: number } & T], b: [string, { count: number } & T]) =>
    b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const levels = [...counts.entries()]
    .filter(([, e]) => e.count >= minCount)
    .sort(byCount)
    .slice(0, maxLevels)
    .map(([key, e]) => ({
      key,
      // The spelling most contacts use, for rule labels (matching ignores case anyway).
      value: [...e.spellings.entries()]
        .map(([s, count]) => [s, { count }] as [string, { count: number }])
        .sort(byCount)[0]![0],
      count: e.count,
    }));
  return {
    field,
    label: fieldLabel(field),
    kind: 'categorical',
    levels,
    columns: [
      ...levels.map((l) => ({ term: 'level' as const, level: l.key })),
      { term: 'other' },
      { term: 'missing' },
    ],
  };
}

function draftOf(
  rows: readonly TrainingRow[],
  field: string,
  options: Required<EncodingOptions>,
): Draft {
  const label = fieldLabel(field);
  if (field.startsWith(eventFieldPrefix))
    return { field, label, kind: 'count', columns: [{ term: 'value' }] };
  const values = rows.map((r) => fieldValue(r, field));
  const present = values.filter((v) => !isMissing(v));
  const numbers = present.map(numericValue).filter((n): n is number => n !== null);
  if (present.length > 0 && numbers.length >= numericShare * present.length)
    return draftNumeric(field, numbers, options.maxBins, numbers.length < values.length);
  if (present.length > 0 && present.every((v) => booleanValue(v) !== null))
    return { field, label, kind: 'boolean', columns: [{ term: 'true' }, { term: 'missing' }] };
  return draftCategorical(field, present, options.maxLevels, minIndicatorCount(rows.length));
}

export interface Encoding {
  features: FeatureEncoding[];
  /** Fields that gave no usable column (the same for nearly every contact). */
  dropped: FieldExclusion[];
  /** Columns over all features, in order. */
  width: number;
}

export function buildEncoding(
  rows: readonly TrainingRow[],
  fields: readonly string[],
  options: EncodingOptions = {},
): Encoding {
  const opts = { maxLevels: options.maxLevels ?? 20, maxBins: options.maxBins ?? 6 };
  const minCount = minIndicatorCount(rows.length);
  const features: FeatureEncoding[] = [];
  const dropped: FieldExclusion[] = [];
  for (const field of fields) {
    const draft = draftOf(rows, field, opts);
    const probe = {
      ...draft,
      columns: draft.columns.map((c) => ({ ...c, mean: 0, sd: 1 })),
    } as FeatureEncoding;
    const sums = draft.columns.map(() => ({ sum: 0, sq: 0, nonZero: 0 }));
    for (const row of rows) {
      columnValues(probe, fieldValue(row, field)).forEach((x, j) => {
        const s = sums[j]!;
        s.sum += x;
        s.sq += x * x;
        if (x !== 0) s.nonZero++;
      });
    }
    const n = rows.length;
    const columns: ColumnSpec[] = [];
    draft.columns.forEach((c, j) => {
      const { sum, sq, nonZero } = sums[j]!;
      const mean = sum / n;
      const sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
      const indicator = c.term !== 'value';
      if (sd < 1e-12 || (indicator && (nonZero < minCount || n - nonZero < minCount))) return;
      columns.push({ ...c, mean, sd });
    });
    if (columns.length === 0) {
      dropped.push({
        field,
        reason: 'no_variation',
        why: 'the same for nearly every contact',
      });
      continue;
    }
    features.push({ ...probe, columns } as FeatureEncoding);
  }
  return { features, dropped, width: features.reduce((w, f) => w + f.columns.length, 0) };
}

/** One row's standardised columns, written into `out` from `offset`. */
export function encodeRow(
  features: readonly FeatureEncoding[],
  row: TrainingRow,
  out: Float64Array,
  offset = 0,
): void {
  let j = offset;
  for (const feature of features) {
    const raw = columnValues(feature, fieldValue(row, feature.field));
    feature.columns.forEach((c, k) => {
      out[j++] = (raw[k]! - c.mean) / c.sd;
    });
  }
}
