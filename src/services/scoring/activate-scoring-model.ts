import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { parseScoringModel } from '../../core/scoring/validate-model.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { insertRescore, type Rescore } from '../../store/rescores.js';
import {
  getScoringModel,
  type ScoringModelVersion,
  activateScoringModel as storeActivation,
} from '../../store/scoring-models.js';

/**
 * Makes a draft (or a retired version, to roll back) the model that scores
 * contacts, retiring the one before, and opens the rescore run that brings
 * every contact onto it (rescore-contacts.ts; the caller runs it). Until a
 * contact's turn comes, its next event or edit rescores it from its history.
 */
export async function activateScoringModel(input: {
  db: Db;
  actor: Actor;
  modelId: string;
}): Promise<{ model: ScoringModelVersion; rescore: Rescore }> {
  authorize(input.actor, { action: 'scoring.manage' });
  return input.db.transaction(async (tx) => {
    await tx.query('LOCK TABLE scoring_models IN SHARE ROW EXCLUSIVE MODE');
    const current = await getScoringModel(tx, input.modelId, { forUpdate: true });
    if (!current) throw new AppError('not_found', 'no such scoring model');
    if (current.status === 'active')
      throw new AppError('conflict', `version ${current.version} is already active`);
    // Stored documents were valid when written; the validator may since have grown stricter.
    parseScoringModel(current.document);
    await storeActivation(tx, current.id, input.actor);
    const rescore = await insertRescore(tx, current.id);
    await insertAudit(tx, input.actor, {
      action: 'scoring_model.activated',
      subjectType: 'scoring_model',
      subjectId: current.id,
      changes: { version: current.version, rescoreId: rescore.id },
    });
    return { model: (await getScoringModel(tx, current.id))!, rescore };
  });
}
