import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  getScoringModel,
  insertScoringModel,
  type ScoringModelOrigin,
  type ScoringModelVersion,
} from '../../store/scoring-models.js';
import { parseModelDocument } from './parse-model-document.js';

/**
 * Stores a new draft version of the scoring model. Drafts score nobody: they
 * are edited, backtested and then activated (activate-scoring-model.ts).
 */
export async function createScoringDraft(input: {
  db: Db;
  actor: Actor;
  name: string;
  document: unknown;
  note?: string | null;
  /** `learned` for drafts written by `tandem scoring fit`, with its fit report. */
  origin?: Exclude<ScoringModelOrigin, 'default'>;
  report?: unknown;
}): Promise<ScoringModelVersion> {
  authorize(input.actor, { action: 'scoring.manage' });
  const name = input.name.trim();
  if (name === '' || name.length > 120)
    throw new AppError('validation_failed', 'a model needs a name of 1 to 120 characters', {
      fields: [{ field: 'name', message: 'must be 1 to 120 characters' }],
    });
  const model = parseModelDocument(input.document);
  return input.db.transaction(async (tx) => {
    const id = await insertScoringModel(tx, {
      name,
      status: 'draft',
      document: model,
      note: input.note ?? null,
      origin: input.origin ?? 'manual',
      report: input.report,
      actor: input.actor,
    });
    await insertAudit(tx, input.actor, {
      action: 'scoring_model.drafted',
      subjectType: 'scoring_model',
      subjectId: id,
      changes: { name, origin: input.origin ?? 'manual' },
    });
    return (await getScoringModel(tx, id))!;
  });
}
