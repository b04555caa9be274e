import type {
  Definitions,
  Persona,
  QualificationFramework,
  ReasonCode,
} from '../core/definitions.js';
import { frameworks } from '../core/definitions.js';
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
  personas: Persona[];
  reason_codes: ReasonCode[];
  qualification: QualificationFramework | null;
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
  entry_requirements: StageDefinition['entryRequirements'];
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
    entryRequirements: r.entry_requirements,
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
    personas: v.personas,
    reasonCodes: v.reason_codes,
    qualification: v.qualification ?? frameworks.bant,
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
  } & Definitions,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO stage_definition_versions (version, status, summary, proposed_by, activated_at, personas, reason_codes, qualification)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, CASE WHEN $1 = 'active' THEN now() END, $4, $5, $6
     FROM stage_definition_versions RETURNING id`,
    [
      v.status,
      v.summary,
      v.proposedBy,
      JSON.stringify(v.personas),
      JSON.stringify(v.reasonCodes),
      JSON.stringify(v.qualification),
    ],
  );
  const id = rows[0]!.id;
  for (const s of v.stages) {
    await q.query(
      `INSERT INTO stage_definitions (version_id, key, name, position, kind, owning_team, definition, entry_criteria, exit_criteria, allowed_transitions, entry_requirements)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
        s.entryRequirements,
      ],
    );
  }
  return id;
}

/**
 * Workspaces created before the definitions carried personas, reason codes and
 * a framework get the defaults on their version in force (done once, at boot).
 */
export async function completeLegacyVersion(
  q: Queryable,
  defaults: Definitions,
): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE stage_definition_versions SET personas = $1, reason_codes = $2, qualification = $3
     WHERE status = 'active' AND qualification IS NULL RETURNING id`,
    [
      JSON.stringify(defaults.personas),
      JSON.stringify(defaults.reasonCodes),
      JSON.stringify(defaults.qualification),
    ],
  );
  const id = rows[0]?.id ?? null;
  if (id !== null) {
    for (const s of defaults.stages)
      await q.query(
        'UPDATE stage_definitions SET entry_requirements = $3 WHERE version_id = $1 AND key = $2',
        [id, s.key, s.entryRequirements],
      );
  }
  return id;
}

export async function activeStageVersionId(q: Queryable): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    "SELECT id FROM stage_definition_versions WHERE status = 'active'",
  );
  return rows[0]?.id ?? null;
}

export async function findStageVersion(
  q: Queryable,
  id: string,
): Promise<StageDefinitionVersion | null> {
  const { rows } = await q.query<VersionRow>(
    'SELECT * FROM stage_definition_versions WHERE id = $1',
    [id],
  );
  return (await withDefinitions(q, rows))[0] ?? null;
}
