import { AppError } from '../../core/app-error.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { StageDefinition } from '../../core/stages.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { insertStageVersion, listStageVersions } from '../../store/stages.js';

/** Problems that make a set of stage definitions unusable, as field errors. */
export function checkStageSet(
  stages: readonly StageDefinition[],
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const keys = new Set<string>();
  stages.forEach((s, i) => {
    if (keys.has(s.key))
      problems.push({ field: `stages/${i}/key`, message: `"${s.key}" appears twice` });
    keys.add(s.key);
  });
  stages.forEach((s, i) => {
    s.allowedTransitions.forEach((t, j) => {
      if (!keys.has(t))
        problems.push({
          field: `stages/${i}/allowedTransitions/${j}`,
          message: `"${t}" is not a stage in this version`,
        });
    });
  });
  return problems;
}

/**
 * Records a proposed new version of the glossary. It does not take effect
 * here: signing by both sides activates it (the definitions work builds that).
 */
export async function proposeStageVersion(input: {
  db: Db;
  actor: Actor;
  summary: string | null;
  stages: StageDefinition[];
}): Promise<StageDefinitionVersion> {
  authorize(input.actor, { action: 'stages.propose' });
  const problems = checkStageSet(input.stages);
  if (problems.length > 0) {
    throw new AppError('validation_failed', 'The stage definitions are inconsistent', {
      fields: problems,
    });
  }
  return input.db.transaction(async (tx) => {
    const id = await insertStageVersion(tx, {
      status: 'proposed',
      summary: input.summary,
      proposedBy: input.actor.kind === 'member' ? input.actor.id : null,
      stages: input.stages,
    });
    await insertAudit(tx, input.actor, {
      action: 'stages.proposed',
      subjectType: 'stage_definition_version',
      subjectId: id,
    });
    return (await listStageVersions(tx)).find((v) => v.id === id)!;
  });
}
