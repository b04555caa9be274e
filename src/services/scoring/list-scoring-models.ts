import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import {
  getScoringModelByVersion,
  getScoringModel as loadModel,
  listScoringModels as loadModels,
  type ScoringModelVersion,
} from '../../store/scoring-models.js';

export async function listScoringModels(input: {
  db: Db;
  actor: Actor;
}): Promise<ScoringModelVersion[]> {
  authorize(input.actor, { action: 'scoring.read' });
  return loadModels(input.db);
}

export async function getScoringModel(input: {
  db: Db;
  actor: Actor;
  modelId: string;
}): Promise<ScoringModelVersion> {
  authorize(input.actor, { action: 'scoring.read' });
  const model = await loadModel(input.db, input.modelId);
  if (!model) throw new AppError('not_found', 'no such scoring model');
  return model;
}

/** By the version number people see (`tandem scoring activate 3`). */
export async function findScoringModelVersion(input: {
  db: Db;
  actor: Actor;
  version: number;
}): Promise<ScoringModelVersion> {
  authorize(input.actor, { action: 'scoring.read' });
  const model = await getScoringModelByVersion(input.db, input.version);
  if (!model) throw new AppError('not_found', `no scoring model version ${input.version}`);
  return model;
}

export type { ScoringModelVersion };
