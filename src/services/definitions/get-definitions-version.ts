import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Queryable } from '../../store/db.js';
import { findStageVersion } from '../../store/stages.js';
import { type DefinitionsVersion, describeVersions } from './definitions-version.js';

export async function getDefinitionsVersion(input: {
  db: Queryable;
  actor: Actor;
  versionId: string;
}): Promise<DefinitionsVersion> {
  authorize(input.actor, { action: 'stages.read' });
  const version = await findStageVersion(input.db, input.versionId);
  if (!version) throw new AppError('not_found', `No definitions version ${input.versionId}`);
  return (await describeVersions(input.db, [version]))[0]!;
}
