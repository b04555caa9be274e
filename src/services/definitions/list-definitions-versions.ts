import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Queryable } from '../../store/db.js';
import { type DefinitionsVersion, loadVersions } from './definitions-version.js';

/** Every version, newest first, each with its signatures: the history both teams read. */
export async function listDefinitionsVersions(input: {
  db: Queryable;
  actor: Actor;
}): Promise<DefinitionsVersion[]> {
  authorize(input.actor, { action: 'stages.read' });
  return loadVersions(input.db);
}
