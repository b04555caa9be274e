import { systemActor } from '../../core/roles.js';
import { defaultStageDefinitions } from '../../core/stages.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { type MigrationResult, migrate } from '../../store/migrate.js';
import { findActiveStageVersion, insertStageVersion } from '../../store/stages.js';

/** Brings a database to the current schema and gives a new workspace its default glossary. */
export async function prepareWorkspace(
  db: Db,
): Promise<MigrationResult & { seededStages: boolean }> {
  const result = await migrate(db);
  const seededStages = await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7245002)');
    if (await findActiveStageVersion(tx)) return false;
    const id = await insertStageVersion(tx, {
      status: 'active',
      summary: 'Default definitions (DESIGN.md §3)',
      proposedBy: null,
      stages: defaultStageDefinitions,
    });
    await insertAudit(tx, systemActor, {
      action: 'stages.seeded',
      subjectType: 'stage_definition_version',
      subjectId: id,
    });
    return true;
  });
  return { ...result, seededStages };
}
