import { evaluateFit } from '../evaluate.js';
import type { EngagementRule, FitRule, NegativeRule, Predicate, ScoringModel } from '../model.js';
import { toUnits } from '../points.js';
import { maxAbsPoints } from '../validate-model.js';
import { type ColumnSpec, type FeatureEncoding, numericValue, transform } from './encode.js';
import { fieldValue, isMissing } from './field-values.js';
import { bestF1Threshold, recallThreshold } from './thresholds.js';
import { eventFieldPrefix, type TrainingRow } from './training.js';

/**
 * The fitted regression as a scoring model people can read and edit: each
 * feature's states (a level, a range of values, "not given") become fit rules
 * whose points are the state's share of the log-odds, and event counts become
 * engagement rules. Within a feature the least likely state scores 0, so all
 * fit points are positive; the shifts only move every contact's log-odds by
 * the same amount, which changes no ranking.
 *
 * Points are log-odds × `scale`, where the scale puts the 99th percentile of
 * the training contacts at 100: the score runs from 0 to about 100.
 * Numeric fields are binned at quantiles: a bin earns the weight times the
 * mean of its (transformed) values. Event counts were fitted as log(1 + n);
 * the rule gives the same points at the 90th percentile count k, spread evenly
 * over the first k events of a year (the cap), so the curve's bend survives.
 */

export interface RuleModelOptions {
  halfLifeDays: number;
  /** Share of eventual positives the warm band starts below (0.9: warm and hot catch 90%). */
  warmRecall?: number;
}

export interface RuleModelSummary {
  model: ScoringModel;
  /** Points per unit of log-odds. */
  scale: number;
  mql: { threshold: number; rule: string; precision: number; recall: number; f1: number };
  bands: { warm: number; hot: number; rule: string };
}

interface State {
  predicate: Predicate;
  label: string;
  id: string;
  /** Log-odds contribution (unscaled). */
  logOdds: number;
  count: number;
}

const maxRules = 200;
const maxLabel = 200;
const yearDays = 365;

function contribution(columns: readonly ColumnSpec[], raw: readonly number[]): number {
  return columns.reduce((sum, c, j) => sum + ((c.weight ?? 0) * (raw[j]! - c.mean)) / c.sd, 0);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(round4(x));
}

function slug(text: string, max: number): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return (s || 'x').slice(0, max);
}

function categoricalStates(
  f: Extract<FeatureEncoding, { kind: 'categorical' }>,
  present: number,
  missing: number,
): State[] {
  const raw = (pick: (c: ColumnSpec) => boolean) => f.columns.map((c) => (pick(c) ? 1 : 0));
  const levelsTotal = f.levels.reduce((n, l) => n + l.count, 0);
  const fits = (v: string) => v.length <= maxLabel;
  const states: State[] = f.levels
    .filter((l) => fits(l.value))
    .map((l) => ({
      predicate: { op: 'equals', field: f.field, value: l.value },
      label: `${f.label} is ${l.value}`,
      id: slug(l.key, 20),
      logOdds: contribution(
        f.columns,
        raw((c) => c.term === 'level' && c.level === l.key),
      ),
      count: l.count,
    }));
  const listed = f.levels.filter((l) => fits(l.value)).map((l) => l.value);
  if (present - levelsTotal > 0 && listed.length === f.levels.length)
    states.push({
      predicate:
        listed.length === 0
          ? { op: 'exists', field: f.field }
          : {
              op: 'all',
              predicates: [
                { op: 'exists', field: f.field },
                { op: 'not', predicate: { op: 'in', field: f.field, values: listed } },
              ],
            },
      label: `${f.label} is something else`,
      id: 'other',
      logOdds: contribution(
        f.columns,
        raw((c) => c.term === 'other'),
      ),
      count: present - levelsTotal,
    });
  if (missing > 0)
    states.push(
      missingState(
        f,
        missing,
        raw((c) => c.term === 'missing'),
      ),
    );
  return states;
}

function missingState(f: FeatureEncoding, count: number, raw: number[]): State {
  return {
    predicate: { op: 'not', predicate: { op: 'exists', field: f.field } },
    label: `${f.label} not given`,
    id: 'missing',
    logOdds: contribution(f.columns, raw),
    count,
  };
}

function booleanStates(
  f: FeatureEncoding,
  counts: { yes: number; no: number; missing: number },
): State[] {
  const raw = (yes: number, missing: number) =>
    f.columns.map((c) => (c.term === 'true' ? yes : missing));
  const states: State[] = [];
  if (counts.yes > 0)
    states.push({
      predicate: { op: 'equals', field: f.field, value: true },
      label: `${f.label}: yes`,
      id: 'yes',
      logOdds: contribution(f.columns, raw(1, 0)),
      count: counts.yes,
    });
  if (counts.no > 0)
    states.push({
      predicate: { op: 'equals', field: f.field, value: false },
      label: `${f.label}: no`,
      id: 'no',
      logOdds: contribution(f.columns, raw(0, 0)),
      count: counts.no,
    });
  if (counts.missing > 0) states.push(missingState(f, counts.missing, raw(0, 1)));
  return states;
}

function binPredicate(
  field: string,
  lo: number | null,
  hi: number | null,
  integer: boolean,
): Predicate {
  // Bins are [lo, hi): whole numbers take an inclusive range; other values "at least lo and not at least hi".
  if (integer)
    return {
      op: 'range',
      field,
      ...(lo === null ? {} : { min: lo }),
      ...(hi === null ? {} : { max: hi - 1 }),
    };
  if (hi === null) return { op: 'range', field, min: lo! };
  const below: Predicate = { op: 'not', predicate: { op: 'range', field, min: hi } };
  return {
    op: 'all',
    predicates: [{ op: 'range', field, ...(lo === null ? { max: hi } : { min: lo }) }, below],
  };
}

function binLabel(label: string, lo: number | null, hi: number | null, integer: boolean): string {
  if (lo === null)
    return integer
      ? `${label} at most ${formatNumber(hi! - 1)}`
      : `${label} below ${formatNumber(hi!)}`;
  if (hi === null) return `${label} ${formatNumber(lo)} or more`;
  if (integer)
    return hi - 1 === lo
      ? `${label} ${formatNumber(lo)}`
      : `${label} ${formatNumber(lo)}–${formatNumber(hi - 1)}`;
  return `${label} from ${formatNumber(lo)} to below ${formatNumber(hi)}`;
}

function numericStates(
  f: Extract<FeatureEncoding, { kind: 'numeric' }>,
  rows: readonly TrainingRow[],
): State[] {
  const edges = [null, ...f.cuts, null] as (number | null)[];
  const bins = edges.slice(0, -1).map((lo, k) => ({ lo, hi: edges[k + 1]!, sum: 0, count: 0 }));
  let missing = 0;
  for (const row of rows) {
    const v = fieldValue(row, f.field);
    const x = isMissing(v) ? null : numericValue(v);
    if (x === null) {
      missing++;
      continue;
    }
    const bin = bins.find((b) => (b.lo === null || x >= b.lo) && (b.hi === null || x < b.hi))!;
    bin.sum += transform(f.transform, x);
    bin.count++;
  }
  const states: State[] = bins
    .filter((b) => b.count > 0)
    .map((b, k) => ({
      predicate: binPredicate(f.field, b.lo, b.hi, f.integer),
      label: binLabel(f.label, b.lo, b.hi, f.integer),
      id: `bin${k + 1}`,
      logOdds: contribution(
        f.columns,
        f.columns.map((c) => (c.term === 'value' ? b.sum / b.count : 0)),
      ),
      count: b.count,
    }));
  if (missing > 0)
    states.push(
      missingState(
        f,
        missing,
        f.columns.map((c) => (c.term === 'value' ? f.impute : 1)),
      ),
    );
  return states;
}

function statesOf(f: FeatureEncoding, rows: readonly TrainingRow[]): State[] {
  if (f.kind === 'numeric') return numericStates(f, rows);
  let present = 0;
  let yes = 0;
  let no = 0;
  for (const row of rows) {
    const v = fieldValue(row, f.field);
    if (isMissing(v)) continue;
    present++;
    if (v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true')) yes++;
    else no++;
  }
  if (f.kind === 'boolean') return booleanStates(f, { yes, no, missing: rows.length - present });
  if (f.kind === 'categorical') return categoricalStates(f, present, rows.length - present);
  return [];
}

interface CountRule {
  eventType: string;
  label: string;
  /** Unscaled log-odds per occurrence (signed), for the first `k` occurrences. */
  perOccurrence: number;
  k: number;
}

function countRule(f: FeatureEncoding, rows: readonly TrainingRow[]): CountRule | null {
  const column = f.columns[0]!;
  const beta = (column.weight ?? 0) / column.sd;
  const type = f.field.slice(eventFieldPrefix.length);
  const counts = rows
    .map((r) => r.eventCounts[type] ?? 0)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  if (counts.length === 0 || beta === 0) return null;
  const k = Math.min(50, Math.max(1, Math.round(counts[Math.floor(0.9 * (counts.length - 1))]!)));
  return { eventType: type, label: f.label, perOccurrence: (beta * Math.log1p(k)) / k, k };
}

/** The rule model's score for a training row: fit rules exactly, engagement as capped counts, undecayed. */
export function ruleModelScore(model: ScoringModel, row: TrainingRow): number {
  let units = evaluateFit(model, row.contact).units;
  const engagement = [
    ...model.engagement,
    ...model.negative.filter((r) => r.on === 'engagement'),
  ] as EngagementRule[];
  for (const rule of engagement) {
    const n = row.eventCounts[rule.eventType] ?? 0;
    const per = toUnits(Math.abs(rule.points));
    const cap = rule.cap ? toUnits(rule.cap.points) : Number.POSITIVE_INFINITY;
    units += Math.sign(rule.points) * Math.min(n * per, cap);
  }
  return units / 10_000;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const floor1 = (x: number) => Math.floor(x * 10 + 1e-6) / 10;

interface Prepared {
  perFeature: { f: FeatureEncoding; states: State[]; base: number }[];
  counts: CountRule[];
}

/** The rules at `scale` points per unit of log-odds; `round` to the tenth of a point, as shipped. */
function rulesAt(
  prepared: Prepared,
  scale: number,
  round: boolean,
): Pick<ScoringModel, 'fit' | 'engagement' | 'negative'> {
  const r = round ? round1 : (x: number) => x;
  const used = new Set<string>();
  const idOf = (field: string, suffix: string) => {
    const stem = `${slug(field, 40)}.${suffix}`;
    let id = stem;
    for (let i = 2; used.has(id); i++) id = `${stem}-${i}`;
    used.add(id);
    return id;
  };
  const fit: Ranked<FitRule>[] = [];
  const negativeFit: Ranked<NegativeRule>[] = [];
  for (const { f, states, base } of prepared.perFeature)
    for (const s of states) {
      const points = r((s.logOdds - base) * scale);
      if (points === 0 || Number.isNaN(points)) continue;
      const rule = {
        id: idOf(f.field, s.id),
        label: s.label.slice(0, maxLabel),
        points,
        predicate: s.predicate,
      };
      const impact = Math.abs(points) * s.count;
      if (points > 0) fit.push({ rule, impact });
      else negativeFit.push({ rule: { ...rule, on: 'fit' }, impact });
    }
  const engagement: EngagementRule[] = [];
  const negative: NegativeRule[] = [];
  for (const c of prepared.counts) {
    const points = r(c.perOccurrence * scale);
    if (points === 0) continue;
    const rule: EngagementRule = {
      id: idOf(`${eventFieldPrefix}${c.eventType}`, 'each'),
      label: `Each ${c.eventType.replaceAll('_', ' ')} event (the first ${c.k} a year)`.slice(
        0,
        maxLabel,
      ),
      points,
      eventType: c.eventType,
      cap: { points: round4(Math.abs(points) * c.k), days: yearDays },
    };
    if (points > 0) engagement.push(rule);
    else negative.push({ ...rule, on: 'engagement' });
  }
  return {
    fit: keepMostImpact(fit),
    engagement: engagement.slice(0, maxRules),
    negative: [...keepMostImpact(negativeFit), ...negative].slice(0, maxRules),
  };
}

interface Ranked<R> {
  rule: R;
  impact: number;
}

/** The validator allows 200 rules per list: keep those that move the most contacts' scores most. */
function keepMostImpact<R>(rules: readonly Ranked<R>[]): R[] {
  return rules
    .map((r, order) => ({ ...r, order }))
    .sort((a, b) => b.impact - a.impact || a.order - b.order)
    .slice(0, maxRules)
    .sort((a, b) => a.order - b.order)
    .map((r) => r.rule);
}

export function toRuleModel(
  features: readonly FeatureEncoding[],
  rows: readonly TrainingRow[],
  options: RuleModelOptions,
): RuleModelSummary {
  const prepared: Prepared = {
    perFeature: features
      .filter((f) => f.kind !== 'count')
      .map((f) => {
        const states = statesOf(f, rows);
        // The state most contacts are in scores 0: a typical lead scores about 0, and a rule
        // says how much better (fit) or worse (negative) than typical a state is.
        const typical = states.reduce((a, b) => (b.count > a.count ? b : a));
        return { f, states, base: typical.logOdds };
      }),
    counts: features.filter((f) => f.kind === 'count').flatMap((f) => countRule(f, rows) ?? []),
  };
  const unscaled = { ...emptyModel, ...rulesAt(prepared, 1, false) };
  const totals = rows.map((row) => ruleModelScore(unscaled, row)).sort((a, b) => a - b);
  const p99 = quantile(totals, 0.99);
  const spread = p99 - quantile(totals, 0.01);
  // A field that all but gives the answer away can outweigh everything else; no rule may pass
  // the validator's limit, so then the scale gives way.
  const largest = Math.max(
    ...[...unscaled.fit, ...unscaled.engagement, ...unscaled.negative].map((r) =>
      Math.abs(r.points),
    ),
  );
  const scale = Math.min(
    p99 > 0 ? 100 / p99 : spread > 0 ? 100 / spread : 1,
    largest > 0 ? (maxAbsPoints - 1) / largest : Number.POSITIVE_INFINITY,
  );

  const draft: ScoringModel = {
    ...emptyModel,
    halfLifeDays: options.halfLifeDays,
    ...rulesAt(prepared, scale, true),
  };
  const scores = rows.map((row) => ruleModelScore(draft, row));
  const positive = rows.map((r) => r.positive);
  const best = bestF1Threshold(scores, positive);
  const warmRecall = options.warmRecall ?? 0.95;
  const hot = floor1(best.threshold);
  const warm = Math.min(floor1(recallThreshold(scores, positive, warmRecall)), round1(hot - 0.1));
  return {
    model: { ...draft, bands: { warm, hot }, qualification: { mql: { minTotal: hot } } },
    scale,
    mql: {
      threshold: hot,
      rule: 'the score with the best F1 on the training contacts (precision and recall of the outcome)',
      precision: best.precision,
      recall: best.recall,
      f1: best.f1,
    },
    bands: {
      warm,
      hot,
      rule: `hot from the MQL threshold; warm from the score ${Math.round(warmRecall * 100)}% of the training positives reach`,
    },
  };
}

const emptyModel: ScoringModel = {
  halfLifeDays: 30,
  fit: [],
  engagement: [],
  negative: [],
  bands: { warm: 1, hot: 2 },
  qualification: { mql: { minTotal: 2 } },
};
