import type { Actor } from '../core/roles.js';
import type { Queryable } from './db.js';

export type ScoringModelStatus = 'draft' | 'active' | 'retired';
export type ScoringModelOrigin = 'default' | 'manual' | 'learned';

/** One version of the scoring model; `document` passed validateScoringModel before it was stored. */
export interface ScoringModelVersion {
  id: string;
  version: number;
  name: string;
  status: ScoringModelStatus;
  document: unknown;
  note: string | null;
  origin: ScoringModelOrigin;
  report: unknown;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
  activatedBy: { id: string; name: string } | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

interface ModelRow {
  id: string;
  version: number;
  name: string;
  status: ScoringModelStatus;
  document: unknown;
  note: string | null;
  origin: ScoringModelOrigin;
  report: unknown;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  activated_by: string | null;
  activated_by_name: string | null;
  activated_at: Date | null;
  retired_at: Date | null;
}

const select = `
  SELECT s.*, c.name AS created_by_name, a.name AS activated_by_name
  FROM scoring_models s
  LEFT JOIN members c ON c.id = s.created_by
  LEFT JOIN members a ON a.id = s.activated_by`;

function toVersion(r: ModelRow): ScoringModelVersion {
  const who = (id: string | null, name: string | null) =>
    id === null ? null : { id, name: name ?? '' };
  return {
    id: r.id,
    version: r.version,
    name: r.name,
    status: r.status,
    document: r.document,
    note: r.note,
    origin: r.origin,
    report: r.report,
    createdBy: who(r.created_by, r.created_by_name),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    activatedBy: who(r.activated_by, r.activated_by_name),
    activatedAt: r.activated_at,
    retiredAt: r.retired_at,
  };
}

/** Newest version first. */
export async function listScoringModels(q: Queryable): Promise<ScoringModelVersion[]> {
  const { rows } = await q.query<ModelRow>(`${select} ORDER BY s.version DESC`);
  return rows.map(toVersion);
}

export async function getScoringModel(
  q: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ScoringModelVersion | null> {
  const { rows } = await q.query<ModelRow>(
    `${select} WHERE s.id = $1${options.forUpdate ? ' FOR UPDATE OF s' : ''}`,
    [id],
  );
  return rows[0] ? toVersion(rows[0]) : null;
}

export async function getActiveScoringModel(q: Queryable): Promise<ScoringModelVersion | null> {
  const { rows } = await q.query<ModelRow>(`${select} WHERE s.status = 'active'`);
  return rows[0] ? toVersion(rows[0]) : null;
}

export async function insertScoringModel(
  q: Queryable,
  input: {
    name: string;
    status: 'draft' | 'active';
    document: unknown;
    note: string | null;
    origin: ScoringModelOrigin;
    report?: unknown;
    actor: Actor;
  },
): Promise<string> {
  const createdBy = input.actor.kind === 'member' ? input.actor.id : null;
  // Versions count up; the table lock keeps two drafts from taking one number.
  await q.query('LOCK TABLE scoring_models IN SHARE ROW EXCLUSIVE MODE');
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO scoring_models (version, name, status, document, note, origin, report, created_by,
                                 activated_by, activated_at)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5, $6, $7,
            CASE WHEN $2 = 'active' THEN $7::uuid END, CASE WHEN $2 = 'active' THEN now() END
     FROM scoring_models
     RETURNING id`,
    [
      input.name,
      input.status,
      JSON.stringify(input.document),
      input.note,
      input.origin,
      input.report === undefined ? null : JSON.stringify(input.report),
      createdBy,
    ],
  );
  return rows[0]!.id;
}

export async function updateScoringDraft(
  q: Queryable,
  id: string,
  change: { name: string; document: unknown; note: string | null },
): Promise<void> {
  await q.query(
    `UPDATE scoring_models SET name = $2, document = $3, note = $4, updated_at = now()
     WHERE id = $1 AND status = 'draft'`,
    [id, change.name, JSON.stringify(change.document), change.note],
  );
}

/** Retires the active version (if any) and activates `id`, in the caller's transaction. */
export async function activateScoringModel(q: Queryable, id: string, actor: Actor): Promise<void> {
  await q.query(
    `UPDATE scoring_models SET status = 'retired', retired_at = now(), updated_at = now()
     WHERE status = 'active' AND id <> $1`,
    [id],
  );
  await q.query(
    `UPDATE scoring_models SET status = 'active', activated_at = now(), activated_by = $2,
            retired_at = NULL, updated_at = now()
     WHERE id = $1`,
    [id, actor.kind === 'member' ? actor.id : null],
  );
}

export async function retireScoringModel(q: Queryable, id: string): Promise<void> {
  await q.query(
    `UPDATE scoring_models SET status = 'retired', retired_at = now(), updated_at = now() WHERE id = $1`,
    [id],
  );
}

export async function getScoringModelByVersion(
  q: Queryable,
  version: number,
): Promise<ScoringModelVersion | null> {
  const { rows } = await q.query<ModelRow>(`${select} WHERE s.version = $1`, [version]);
  return rows[0] ? toVersion(rows[0]) : null;
}
