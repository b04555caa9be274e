import { AppError } from '../../core/app-error.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import type { Queryable } from '../../store/db.js';
import { findActiveStageVersion } from '../../store/stages.js';

export async function loadActiveStages(q: Queryable): Promise<StageDefinitionVersion> {
  const version = await findActiveStageVersion(q);
  // prepareWorkspace seeds version 1 at migrate time, so this means the database was not prepared.
  if (!version)
    throw new AppError('internal', 'No stage definitions are in force; run "tandem migrate"');
  return version;
}
