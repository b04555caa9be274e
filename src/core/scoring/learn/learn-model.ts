import { AppError } from '../../app-error.js';
import type { ScoringModel } from '../model.js';
import { describeProblem, validateScoringModel } from '../validate-model.js';
import { rocAuc } from './auc.js';
import { buildEncoding, type EncodingOptions, encodeRow } from './encode.js';
import { type FitReport, linearPredictor, topWeights } from './fit-report.js';
import { inHoldout, unitHash } from './holdout.js';
import { fitLogistic } from './logistic.js';
import { ruleModelScore, toRuleModel } from './rule-model.js';
import { type FieldPolicy, selectFields } from './select-fields.js';
import type { TrainingRow } from './training.js';

export interface LearnOptions extends FieldPolicy, EncodingOptions {
  /** `properties.converted` or a stage key, as given; and how to say it. */
  outcome: { spec: string; description: string };
  /** Share of contacts held out to measure the model (0.25). */
  holdout?: number;
  l2?: number;
  halfLifeDays: number;
  now: Date;
  /** Larger training sets are sampled down to this many rows (by hash, so deterministically). */
  maxTrainingRows?: number;
  onProgress?: (step: string) => void;
}

export interface LearnedModel {
  model: ScoringModel;
  report: FitReport;
}

/** Each class needs this many contacts in training and a few in the holdout to measure anything. */
export const minTrainingPerClass = 15;
export const minHoldoutPerClass = 5;

function countPositives(rows: readonly TrainingRow[]): number {
  return rows.reduce((n, r) => n + (r.positive ? 1 : 0), 0);
}

function checkClasses(
  rows: readonly TrainingRow[],
  training: readonly TrainingRow[],
  holdout: readonly TrainingRow[],
): void {
  const positives = countPositives(rows);
  const negatives = rows.length - positives;
  const trainPos = countPositives(training);
  const holdPos = countPositives(holdout);
  const enough =
    Math.min(trainPos, training.length - trainPos) >= minTrainingPerClass &&
    Math.min(holdPos, holdout.length - holdPos) >= minHoldoutPerClass;
  if (enough) return;
  const need = minTrainingPerClass + minHoldoutPerClass;
  const few =
    positives < negatives
      ? `${positives} of ${rows.length} contacts reached the outcome`
      : `only ${negatives} of ${rows.length} contacts did not reach the outcome`;
  throw new AppError(
    'validation_failed',
    `too few ${positives < negatives ? 'positives' : 'negatives'} to learn from: ${few}; a model needs about ${need} of each (training ${trainPos}/${training.length - trainPos}, holdout ${holdPos}/${holdout.length - holdPos})`,
  );
}

function design(
  features: Parameters<typeof encodeRow>[0],
  rows: readonly TrainingRow[],
  width: number,
): Float64Array {
  const x = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    encodeRow(features, row, x, i * width);
  });
  return x;
}

/**
 * Fits the regression on the training contacts, measures it and its rule model
 * on the holdout, and returns the rule model with the fit report. Pure and
 * deterministic: the same rows give the same model.
 */
export function learnScoringModel(
  rows: readonly TrainingRow[],
  options: LearnOptions,
): LearnedModel {
  const share = options.holdout ?? 0.25;
  if (!(share > 0 && share < 1))
    throw new AppError('validation_failed', `--holdout must be between 0 and 1 (it is ${share})`);
  const l2 = options.l2 ?? 1;
  const holdout = rows.filter((r) => inHoldout(r.contactId, share));
  let training = rows.filter((r) => !inHoldout(r.contactId, share));
  checkClasses(rows, training, holdout);
  const maxTraining = options.maxTrainingRows ?? 50_000;
  if (training.length > maxTraining)
    training = training
      .map((r) => ({ r, h: unitHash(`${r.contactId}:sample`) }))
      .sort((a, b) => a.h - b.h)
      .slice(0, maxTraining)
      .map(({ r }) => r);

  options.onProgress?.('choosing features');
  const selection = selectFields(training, options);
  const encoding = buildEncoding(training, selection.fields, options);
  const { features, width } = encoding;

  options.onProgress?.(`fitting ${width} columns on ${training.length} contacts`);
  const x = design(features, training, width);
  const fit = fitLogistic(
    x,
    training.map((r) => r.positive),
    training.length,
    width,
    { l2 },
  );
  let j = 0;
  for (const f of features) for (const c of f.columns) c.weight = fit.weights[j++]!;

  options.onProgress?.('building the rule model');
  const logistic = {
    intercept: fit.intercept,
    l2,
    iterations: fit.iterations,
    converged: fit.converged,
    trainingLogLoss: fit.logLoss,
  };
  const rule = toRuleModel(features, training, { halfLifeDays: options.halfLifeDays });
  const checked = validateScoringModel(rule.model);
  if (!checked.ok)
    throw new AppError(
      'internal',
      `the learned rule model does not validate: ${checked.problems.map(describeProblem).join('; ')}`,
    );

  const aucOf = (set: readonly TrainingRow[], score: (r: TrainingRow) => number) =>
    rocAuc(
      set.map(score),
      set.map((r) => r.positive),
    );
  const exact = (r: TrainingRow) =>
    linearPredictor({ features, logistic }, r.contact, r.eventCounts);
  const byRules = (r: TrainingRow) => ruleModelScore(checked.model, r);
  const report: FitReport = {
    format: 'tandem.fit-report/1',
    outcome: options.outcome,
    fittedAt: options.now.toISOString(),
    rows: {
      total: rows.length,
      positives: countPositives(rows),
      training: training.length,
      trainingPositives: countPositives(training),
      holdout: holdout.length,
      holdoutPositives: countPositives(holdout),
    },
    holdoutShare: share,
    features,
    excluded: [...selection.excluded, ...encoding.dropped],
    logistic,
    auc: {
      logistic: { training: aucOf(training, exact), holdout: aucOf(holdout, exact) },
      ruleModel: { training: aucOf(training, byRules), holdout: aucOf(holdout, byRules) },
    },
    ruleModel: {
      pointsPerLogOdds: rule.scale,
      mql: rule.mql,
      bands: rule.bands,
      scoring:
        'fit rules as evaluated; engagement as capped event counts before the outcome, without decay',
    },
    topWeights: topWeights(features, 10),
  };
  return { model: checked.model, report };
}
