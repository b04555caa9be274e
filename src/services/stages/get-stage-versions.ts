import type { StageDefinitionVersion } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { listStageVersions } from '../../store/stages.js';

export async function getStageVersions(input: {
  db: Db;
  actor: Actor;
}): Promise<StageDefinitionVersion[]> {
  authorize(input.actor, { action: 'stages.read' });
  return listStageVersions(input.db);
}
