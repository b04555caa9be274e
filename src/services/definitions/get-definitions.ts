import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Queryable } from '../../store/db.js';
import { activeStageVersionId, findStageVersion } from '../../store/stages.js';
import { type DefinitionsVersion, describeVersions } from './definitions-version.js';

/** The definitions in force, with who signed them. */
export async function getDefinitions(input: {
  db: Queryable;
  actor: Actor;
}): Promise<DefinitionsVersion> {
  authorize(input.actor, { action: 'stages.read' });
  const id = await activeStageVersionId(input.db);
  const version = id === null ? null : await findStageVersion(input.db, id);
  // prepareWorkspace seeds version 1 at migrate time, so this means the database was not prepared.
  if (!version) throw new AppError('internal', 'No definitions are in force; run "tandem migrate"');
  return (await describeVersions(input.db, [version]))[0]!;
}
