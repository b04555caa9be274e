import type { StageDefinitionVersion } from '../core/entities.js';
import type { StageDefinition } from '../core/stages.js';
import type { Queryable } from './db.js';

interface VersionRow {
  id: string;
  version: number;
  status: StageDefinitionVersion['status'];
  summary: string | null;
  created_at: Date;
  activated_at: Date | null;
}

interface DefinitionRow {
  version_id: string;
  key: string;
  name: string;
  position: number;
  kind: StageDefinition['kind'];
  owning_team: StageDefinition['owningTeam'];
  definition: string;
  entry_criteria: string;
  exit_criteria: string;
  allowed_transitions: string[];
}

function toDefinition(r: DefinitionRow): StageDefinition {
  return {
    key: r.key,
    name: r.name,
    position: r.position,
    kind: r.kind,
    owningTeam: r.owning_team,
    definition: r.definition,
    entryCriteria: r.entry_criteria,
    exitCriteria: r.exit_criteria,
    allowedTransitions: r.allowed_transitions,
  };
}

async function withDefinitions(
  q: Queryable,
  versions: VersionRow[],
): Promise<StageDefinitionVersion[]> {
  if (versions.length === 0) return [];
  const { rows } = await q.query<DefinitionRow>(
    'SELECT * FROM stage_definitions WHERE version_id = ANY($1::uuid[]) ORDER BY position, key',
    [versions.map((v) => v.id)],
  );
  return versions.map((v) => ({
    id: v.id,
    version: v.version,
    status: v.status,
    summary: v.summary,
    createdAt: v.created_at,
    activatedAt: v.activated_at,
    stages: rows.filter((r) => r.version_id === v.id).map(toDefinition),
  }));
}

export async function findActiveStageVersion(q: Queryable): Promise<StageDefinitionVersion | null> {
  const { rows } = await q.query<VersionRow>(
    "SELECT * FROM stage_definition_versions WHERE status = 'active'",
  );
  return (await withDefinitions(q, rows))[0] ?? null;
}

export async function listStageVersions(q: Queryable): Promise<StageDefinitionVersion[]> {
  const { rows } = await q.query<VersionRow>(
    'SELECT * FROM stage_definition_versions ORDER BY version DESC',
  );
  return withDefinitions(q, rows);
}

export async function insertStageVersion(
  q: Queryable,
  v: {
    status: 'proposed' | 'active';
    summary: string | null;
    proposedBy: string | null;
    stages: StageDefinition[];
  },
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO stage_definition_versions (version, status, summary, proposed_by, activated_at)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, CASE WHEN $1 = 'active' THEN now() END
     FROM stage_definition_versions RETURNING id`,
    [v.status, v.summary, v.proposedBy],
  );
  const id = rows[0]!.id;
  for (const s of v.stages) {
    await q.query(
      `INSERT INTO stage_definitions (version_id, key, name, position, kind, owning_team, definition, entry_criteria, exit_criteria, allowed_transitions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        s.key,
        s.name,
        s.position,
        s.kind,
        s.owningTeam,
        s.definition,
        s.entryCriteria,
        s.exitCriteria,
        s.allowedTransitions,
      ],
    );
  }
  return id;
}
