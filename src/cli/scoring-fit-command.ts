import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { AppError } from '../core/app-error.js';
import { systemActor } from '../core/roles.js';
import type { FeatureEncoding } from '../core/scoring/learn/encode.js';
import type { FitReport } from '../core/scoring/learn/fit-report.js';
import {
  type FitScoringModelResult,
  fitScoringModel,
} from '../services/scoring/fit-scoring-model.js';
import { withWorkspace } from './open-workspace.js';
import { progressReporter } from './progress.js';

interface FitOptions {
  outcome: string;
  include: string[];
  exclude: string[];
  holdout?: number;
  name?: string;
  out?: string;
  save: boolean;
}

function list(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}

function share(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0 && n < 1))
    throw new InvalidArgumentError('must be a share between 0 and 1, e.g. 0.25');
  return n;
}

/** Claims the output file up front, so a path that cannot be written fails before the fit. */
function claimOutFile(file: string): void {
  try {
    fs.writeFileSync(file, '');
  } catch (error) {
    throw new AppError('validation_failed', `cannot write ${file}: ${(error as Error).message}`);
  }
}

function describeFeature(f: FeatureEncoding): string {
  switch (f.kind) {
    case 'numeric':
      return `${f.field} (number${f.transform === 'log1p' ? ', log' : ''})`;
    case 'categorical':
      return `${f.field} (${f.levels.length} level${f.levels.length === 1 ? '' : 's'})`;
    case 'boolean':
      return `${f.field} (yes/no)`;
    case 'count':
      return `${f.field} (count, log)`;
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const auc = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));

function summary(result: FitScoringModelResult, out: string | undefined): string[] {
  const r: FitReport = result.report;
  const { model } = result;
  const lines = [
    `Learned "${r.outcome.description}" from ${r.rows.total} contacts, ${r.rows.positives} positive (${pct(r.rows.positives / r.rows.total)})`,
    `  training ${r.rows.training} contacts, holdout ${r.rows.holdout} (${Math.round(r.holdoutShare * 100)}%, chosen by contact id)`,
    `Holdout AUC: ${auc(r.auc.logistic.holdout)} logistic regression, ${auc(r.auc.ruleModel.holdout)} rule model (training: ${auc(r.auc.logistic.training)}, ${auc(r.auc.ruleModel.training)})`,
    `Features used (${r.features.length}): ${r.features.map(describeFeature).join(', ')}`,
    `Left out (${r.excluded.length}):`,
    ...r.excluded.map((e) => `  ${e.field}: ${e.why}`),
    'Top weights (log-odds per standard deviation):',
    ...r.topWeights.map(
      (w) =>
        `  ${w.weight >= 0 ? '+' : ''}${w.weight.toFixed(3)}  ${w.field}${w.term === 'level' ? ` = ${w.level}` : w.term === 'value' ? '' : ` (${w.term})`}`,
    ),
    `Rule model: ${model.fit.length} fit, ${model.engagement.length} engagement, ${model.negative.length} negative rules; MQL from ${r.ruleModel.mql.threshold} (best F1 ${r.ruleModel.mql.f1.toFixed(3)}: precision ${pct(r.ruleModel.mql.precision)}, recall ${pct(r.ruleModel.mql.recall)}); warm from ${model.bands.warm}, hot from ${model.bands.hot}`,
  ];
  if (out) lines.push(`Wrote the rule model to ${out}`);
  lines.push(
    result.draft
      ? `Saved as draft version ${result.draft.version} "${result.draft.name}" (${result.draft.id})`
      : 'Not saved (--no-save)',
  );
  return lines;
}

/** `tandem scoring fit --outcome X`: a regularised logistic regression turned into a draft rule model. */
export function registerScoringFit(scoring: Command): void {
  scoring
    .command('fit')
    .description(
      'learn a scoring model from stored contacts and an outcome; saves a draft rule model with its fit report',
    )
    .requiredOption(
      '--outcome <stage|properties.key>',
      'what to predict: a stage key (reached it) or a property (truthy: true, 1, yes)',
    )
    .option('--include <fields>', 'sales-filled fields to use anyway (comma-separated)', list, [])
    .option('--exclude <fields>', 'more fields to leave out (comma-separated)', list, [])
    .option(
      '--holdout <share>',
      'share of contacts held out to measure the model (default 0.25)',
      share,
    )
    .option('--name <name>', 'name of the draft (default: "Learned: <outcome> (<date>)")')
    .option('--out <model.json>', 'also write the rule model document to this file')
    .option('--no-save', 'fit and report only; save no draft')
    .action(async (opts: FitOptions) => {
      if (opts.out) claimOutFile(opts.out);
      const result = await withWorkspace('scoring fit', (db) =>
        fitScoringModel({
          db,
          actor: systemActor,
          outcome: opts.outcome,
          include: opts.include,
          exclude: opts.exclude,
          holdout: opts.holdout,
          name: opts.name,
          save: opts.save,
          onProgress: progressReporter(),
        }),
      );
      if (opts.out) fs.writeFileSync(opts.out, `${JSON.stringify(result.model, null, 2)}\n`);
      process.stdout.write(`${summary(result, opts.out).join('\n')}\n`);
    });
}
