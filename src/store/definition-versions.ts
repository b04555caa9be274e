import type { StageDefinitionVersion } from '../core/entities.js';
import type { Queryable } from './db.js';

/*
 * How definitions versions change status. The version rows themselves (and
 * their stages) are read and written by stages.ts.
 */

export interface VersionStatus {
  id: string;
  version: number;
  status: StageDefinitionVersion['status'];
}

/**
 * Locks every version still in play (proposed or in force), in id order, so
 * two members signing different proposals at once take turns instead of
 * deadlocking, and a proposal cannot be signed while another takes effect.
 */
export async function lockOpenVersions(q: Queryable): Promise<VersionStatus[]> {
  const { rows } = await q.query<VersionStatus>(
    `SELECT id, version, status FROM stage_definition_versions
     WHERE status IN ('proposed', 'active') ORDER BY id FOR UPDATE`,
  );
  return rows;
}

export async function findVersionStatus(q: Queryable, id: string): Promise<VersionStatus | null> {
  const { rows } = await q.query<VersionStatus>(
    'SELECT id, version, status FROM stage_definition_versions WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Puts a proposal in force: the version in force is superseded first (one
 * active version at a time), and so is every other open proposal, since it
 * was written against definitions that no longer hold.
 */
export async function activateVersion(q: Queryable, id: string): Promise<{ superseded: string[] }> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE stage_definition_versions SET status = 'superseded'
     WHERE status IN ('active', 'proposed') AND id <> $1 RETURNING id`,
    [id],
  );
  await q.query(
    `UPDATE stage_definition_versions SET status = 'active', activated_at = now() WHERE id = $1`,
    [id],
  );
  return { superseded: rows.map((r) => r.id) };
}

/** Who proposed each version (null for the seeded defaults). */
export async function listProposers(
  q: Queryable,
  versionIds: readonly string[],
): Promise<Map<string, { id: string; name: string }>> {
  if (versionIds.length === 0) return new Map();
  const { rows } = await q.query<{ version_id: string; id: string; name: string }>(
    `SELECT v.id AS version_id, m.id, m.name FROM stage_definition_versions v
     JOIN members m ON m.id = v.proposed_by WHERE v.id = ANY($1::uuid[])`,
    [versionIds],
  );
  return new Map(rows.map((r) => [r.version_id, { id: r.id, name: r.name }]));
}
