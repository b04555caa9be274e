import { AppError } from '../../core/app-error.js';
import { parseDefinitions } from '../../core/definitions-document.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { lockOpenVersions } from '../../store/definition-versions.js';
import { findStageVersion, insertStageVersion } from '../../store/stages.js';
import { type DefinitionsVersion, describeVersions } from './definitions-version.js';

/**
 * Records a whole definitions document as a proposed version. Nothing changes
 * for anyone until a marketing and a sales member have both signed it
 * (sign-definitions.ts). Every problem of the document is reported at once,
 * named by its path under `document`, and nothing is written.
 */
export async function proposeDefinitions(input: {
  db: Db;
  actor: Actor;
  summary: string | null;
  document: unknown;
}): Promise<DefinitionsVersion> {
  authorize(input.actor, { action: 'stages.propose' });
  const definitions = parseDefinitions(input.document);
  return input.db.transaction(async (tx) => {
    // Version numbers are max + 1: proposals (and signings) take turns on the open versions.
    await lockOpenVersions(tx);
    const id = await insertStageVersion(tx, {
      status: 'proposed',
      summary: input.summary,
      proposedBy: input.actor.kind === 'member' ? input.actor.id : null,
      ...definitions,
    });
    const version = await findStageVersion(tx, id);
    if (!version) throw new AppError('internal', `proposed version ${id} vanished`);
    await insertAudit(tx, input.actor, {
      action: 'definitions.proposed',
      subjectType: 'stage_definition_version',
      subjectId: id,
      changes: { version: version.version, summary: input.summary },
    });
    return (await describeVersions(tx, [version]))[0]!;
  });
}
