import type { ScoringContact } from '../model.js';
import { type ColumnTerm, columnValues, type FeatureEncoding } from './encode.js';
import { fieldValue } from './field-values.js';
import { sigmoid } from './logistic.js';
import type { FieldExclusion } from './select-fields.js';

/**
 * What `tandem scoring fit` learned, stored with the draft (scoring_models.report):
 * enough to judge the model (holdout AUCs, what was left out and why) and to
 * compute the regression's exact probability for any contact
 * (predictProbability), which the rule model only approximates.
 */
export interface FitReport {
  format: 'tandem.fit-report/1';
  outcome: { spec: string; description: string };
  fittedAt: string;
  rows: {
    total: number;
    positives: number;
    training: number;
    trainingPositives: number;
    holdout: number;
    holdoutPositives: number;
  };
  holdoutShare: number;
  /** Each feature with its columns' standardisation and fitted weight. */
  features: FeatureEncoding[];
  excluded: FieldExclusion[];
  logistic: {
    intercept: number;
    l2: number;
    iterations: number;
    converged: boolean;
    trainingLogLoss: number;
  };
  auc: {
    logistic: { training: number; holdout: number };
    ruleModel: { training: number; holdout: number };
  };
  ruleModel: {
    pointsPerLogOdds: number;
    mql: { threshold: number; rule: string; precision: number; recall: number; f1: number };
    bands: { warm: number; hot: number; rule: string };
    /** How the rule model's AUC was measured. */
    scoring: string;
  };
  /** The largest weights on standardised columns: the change in log-odds per standard deviation. */
  topWeights: TopWeight[];
}

export interface TopWeight {
  field: string;
  label: string;
  term: ColumnTerm;
  level?: string;
  weight: number;
}

/** The regression's log-odds for a contact and its event counts. */
export function linearPredictor(
  report: Pick<FitReport, 'features' | 'logistic'>,
  contact: ScoringContact,
  eventCounts: Readonly<Record<string, number>> = {},
): number {
  const row = { contactId: '', contact, eventCounts, positive: false };
  let eta = report.logistic.intercept;
  for (const feature of report.features) {
    const raw = columnValues(feature, fieldValue(row, feature.field));
    feature.columns.forEach((c, j) => {
      eta += ((c.weight ?? 0) * (raw[j]! - c.mean)) / c.sd;
    });
  }
  return eta;
}

/** The exact probability of the outcome the regression gives (the optional score). */
export function predictProbability(
  report: Pick<FitReport, 'features' | 'logistic'>,
  contact: ScoringContact,
  eventCounts: Readonly<Record<string, number>> = {},
): number {
  return sigmoid(linearPredictor(report, contact, eventCounts));
}

export function topWeights(features: readonly FeatureEncoding[], count: number): TopWeight[] {
  return features
    .flatMap((f) =>
      f.columns.map((c) => ({
        field: f.field,
        label: f.label,
        term: c.term,
        ...(c.level === undefined ? {} : { level: c.level }),
        weight: c.weight ?? 0,
      })),
    )
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, count);
}
