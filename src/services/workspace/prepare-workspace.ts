import { defaultDefinitions } from '../../core/definitions.js';
import { systemActor } from '../../core/roles.js';
import { defaultScoringModel } from '../../core/scoring/default-model.js';
import { defaultContract } from '../../core/sla/contract.js';
import { insertAudit } from '../../store/audit.js';
import type { Db, Tx } from '../../store/db.js';
import { type MigrationResult, migrate } from '../../store/migrate.js';
import { insertScoringModel } from '../../store/scoring-models.js';
import { insertContract } from '../../store/sla-clocks.js';
import {
  completeLegacyVersion,
  findActiveStageVersion,
  insertStageVersion,
} from '../../store/stages.js';

/** Brings a database to the current schema and gives a new workspace its default glossary. */
export async function prepareWorkspace(
  db: Db,
): Promise<MigrationResult & { seededStages: boolean }> {
  const result = await migrate(db);
  const seededStages = await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7245002)');
    await seedScoringModel(tx);
    await seedSlaContract(tx);
    if (await findActiveStageVersion(tx)) {
      const completed = await completeLegacyVersion(tx, defaultDefinitions);
      if (completed)
        await insertAudit(tx, systemActor, {
          action: 'definitions.completed',
          subjectType: 'stage_definition_version',
          subjectId: completed,
        });
      return false;
    }
    const id = await insertStageVersion(tx, {
      status: 'active',
      summary: 'Default definitions (DESIGN.md §3)',
      proposedBy: null,
      ...defaultDefinitions,
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

/** A workspace without any scoring model starts with the default one, active. */
async function seedScoringModel(tx: Tx): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM scoring_models LIMIT 1');
  if (rows.length > 0) return;
  const id = await insertScoringModel(tx, {
    name: 'Default model',
    status: 'active',
    document: defaultScoringModel,
    note: 'Seeded with the workspace: fit on title, company size and industry; engagement on content, forms and product use.',
    origin: 'default',
    actor: systemActor,
  });
  await insertAudit(tx, systemActor, {
    action: 'scoring_model.seeded',
    subjectType: 'scoring_model',
    subjectId: id,
  });
}

/**
 * A workspace without an SLA contract starts with the defaults (DESIGN.md §3,
 * core/sla/contract.ts), active, so clocks run from the first assignment. It
 * is not signed: signing by a marketing and a sales member arrives with the
 * contract's API, and a signed version will supersede this one.
 */
async function seedSlaContract(tx: Tx): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM sla_contracts LIMIT 1');
  if (rows.length > 0) return;
  const version = await insertContract(tx, { document: defaultContract(), status: 'active' });
  await insertAudit(tx, systemActor, {
    action: 'sla_contract.seeded',
    subjectType: 'sla_contract',
    subjectId: String(version),
  });
}
