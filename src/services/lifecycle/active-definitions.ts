import { AppError } from '../../core/app-error.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import type { Queryable } from '../../store/db.js';
import { activeStageVersionId, findStageVersion } from '../../store/stages.js';

/*
 * A version is immutable once proposed, so its document is kept by id for the
 * life of the process; which version is in force is read inside the caller's
 * transaction each time, so a version another process activated is seen at once.
 */
const byId = new Map<string, StageDefinitionVersion>();

/** The definitions in force: stages, personas, reason codes and the qualification framework. */
export async function loadActiveDefinitions(q: Queryable): Promise<StageDefinitionVersion> {
  const id = await activeStageVersionId(q);
  // prepareWorkspace seeds version 1 at migrate time, so this means the database was not prepared.
  if (id === null)
    throw new AppError('internal', 'No definitions are in force; run "tandem migrate"');
  const hit = byId.get(id);
  if (hit) return hit;
  const version = await findStageVersion(q, id);
  if (!version) throw new AppError('internal', `Definitions version ${id} vanished`);
  byId.set(id, version);
  return version;
}
