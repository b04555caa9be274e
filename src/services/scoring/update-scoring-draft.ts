import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  getScoringModel,
  type ScoringModelVersion,
  updateScoringDraft as storeDraft,
} from '../../store/scoring-models.js';
import { parseModelDocument } from './parse-model-document.js';

/** Only drafts change: an active or retired version is what scored contacts, and stays as it was. */
export async function updateScoringDraft(input: {
  db: Db;
  actor: Actor;
  modelId: string;
  name: string;
  document: unknown;
  note: string | null;
}): Promise<ScoringModelVersion> {
  authorize(input.actor, { action: 'scoring.manage' });
  const model = parseModelDocument(input.document);
  return input.db.transaction(async (tx) => {
    const current = await getScoringModel(tx, input.modelId, { forUpdate: true });
    if (!current) throw new AppError('not_found', 'no such scoring model');
    if (current.status !== 'draft')
      throw new AppError(
        'conflict',
        `version ${current.version} is ${current.status}; only drafts can be edited (save a copy as a new draft)`,
      );
    await storeDraft(tx, input.modelId, {
      name: input.name.trim() || current.name,
      document: model,
      note: input.note,
    });
    await insertAudit(tx, input.actor, {
      action: 'scoring_model.edited',
      subjectType: 'scoring_model',
      subjectId: input.modelId,
    });
    return (await getScoringModel(tx, input.modelId))!;
  });
}
