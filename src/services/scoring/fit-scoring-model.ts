import { AppError } from '../../core/app-error.js';
import type { FilledBy } from '../../core/import/mapping.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { isMissing } from '../../core/scoring/learn/field-values.js';
import type { FitReport } from '../../core/scoring/learn/fit-report.js';
import { learnScoringModel } from '../../core/scoring/learn/learn-model.js';
import {
  describeOutcome,
  isTruthy,
  parseOutcome,
  stagesReaching,
} from '../../core/scoring/learn/outcome.js';
import type { TrainingRow } from '../../core/scoring/learn/training.js';
import type { ScoringModel } from '../../core/scoring/model.js';
import { contactField } from '../../core/scoring/predicates.js';
import { listContactFields } from '../../store/contact-fields.js';
import type { Db } from '../../store/db.js';
import type { ScoringModelVersion } from '../../store/scoring-models.js';
import { countTrainingContacts, loadTrainingBatch } from '../../store/scoring-training.js';
import { loadActiveStages } from '../stages/load-active-stages.js';
import { loadActiveModel } from './active-model.js';
import { createScoringDraft } from './create-scoring-draft.js';

export interface FitScoringModelResult {
  model: ScoringModel;
  report: FitReport;
  /** The draft saved (null with save: false). */
  draft: ScoringModelVersion | null;
}

const batchSize = 5_000;
/** The half-life a learned model gets in a workspace without an active model. */
const defaultHalfLifeDays = 30;

/**
 * `tandem scoring fit`: learns a scoring model from the stored contacts and an
 * outcome (a stage reached, or a truthy property), and saves it as a draft
 * (origin learned, with the fit report) for people to read, backtest and
 * activate — never active by itself.
 */
export async function fitScoringModel(input: {
  db: Db;
  actor: Actor;
  outcome: string;
  include?: readonly string[];
  exclude?: readonly string[];
  holdout?: number;
  name?: string;
  save?: boolean;
  now?: Date;
  onProgress?: (done: number, total: number, label: string) => void;
}): Promise<FitScoringModelResult> {
  const { db, actor } = input;
  authorize(actor, { action: 'scoring.manage' });
  const now = input.now ?? new Date();
  const outcome = parseOutcome(input.outcome);
  const stages =
    outcome.kind === 'stage'
      ? stagesReaching((await loadActiveStages(db)).stages, outcome.stage)
      : [];
  const owners = new Map<string, FilledBy>(
    (await listContactFields(db)).map((f) => [f.key, f.filledBy]),
  );
  const halfLifeDays = (await loadActiveModel(db))?.model.halfLifeDays ?? defaultHalfLifeDays;

  const total = await countTrainingContacts(db);
  const rows: TrainingRow[] = [];
  let withOutcomeField = 0;
  input.onProgress?.(0, total, 'reading contacts');
  for (let after: string | null = null; ; ) {
    const batch = await loadTrainingBatch(db, { after, limit: batchSize, stages });
    for (const r of batch) {
      let positive = r.reachedStage;
      if (outcome.kind === 'property') {
        const value = contactField(r.contact, outcome.field);
        if (!isMissing(value)) withOutcomeField++;
        positive = isTruthy(value);
      }
      rows.push({
        contactId: r.contactId,
        contact: r.contact,
        eventCounts: r.eventCounts,
        positive,
      });
    }
    input.onProgress?.(rows.length, total, 'reading contacts');
    if (batch.length < batchSize) break;
    after = batch[batch.length - 1]!.contactId;
  }
  if (rows.length === 0)
    throw new AppError('validation_failed', 'there are no contacts to learn from');
  if (outcome.kind === 'property' && withOutcomeField === 0)
    throw new AppError(
      'validation_failed',
      `--outcome ${outcome.field}: no contact has this property`,
    );

  const steps = 4;
  let step = 0;
  const { model, report } = learnScoringModel(rows, {
    outcome: { spec: input.outcome.trim(), description: describeOutcome(outcome) },
    outcomeField: outcome.kind === 'property' ? outcome.field : null,
    owners,
    include: input.include ?? [],
    exclude: input.exclude ?? [],
    holdout: input.holdout,
    halfLifeDays,
    now,
    onProgress: (label) => input.onProgress?.(step++, steps, label),
  });
  input.onProgress?.(steps, steps, 'fitted');
  if (input.save === false) return { model, report, draft: null };

  const auc = report.auc.logistic.holdout.toFixed(3);
  const draft = await createScoringDraft({
    db,
    actor,
    name: (
      input.name ?? `Learned: ${report.outcome.description} (${now.toISOString().slice(0, 10)})`
    ).slice(0, 120),
    document: model,
    note: `Fitted on ${report.rows.training} contacts; holdout AUC ${auc} (regression), ${report.auc.ruleModel.holdout.toFixed(3)} (rules)`,
    origin: 'learned',
    report,
  });
  return { model, report, draft };
}
