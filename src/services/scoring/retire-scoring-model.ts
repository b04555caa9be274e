import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  getScoringModel,
  type ScoringModelVersion,
  retireScoringModel as storeRetirement,
} from '../../store/scoring-models.js';

/**
 * Sets a draft aside. The active version is never retired on its own — contacts
 * would be left without a score — only by activating another one.
 */
export async function retireScoringModel(input: {
  db: Db;
  actor: Actor;
  modelId: string;
}): Promise<ScoringModelVersion> {
  authorize(input.actor, { action: 'scoring.manage' });
  return input.db.transaction(async (tx) => {
    const current = await getScoringModel(tx, input.modelId, { forUpdate: true });
    if (!current) throw new AppError('not_found', 'no such scoring model');
    if (current.status === 'active')
      throw new AppError(
        'conflict',
        `version ${current.version} is active; activate another version to retire it`,
      );
    if (current.status === 'retired') return current;
    await storeRetirement(tx, current.id);
    await insertAudit(tx, input.actor, {
      action: 'scoring_model.retired',
      subjectType: 'scoring_model',
      subjectId: current.id,
    });
    return (await getScoringModel(tx, current.id))!;
  });
}
