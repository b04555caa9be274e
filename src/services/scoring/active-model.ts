import type { ScoringModel } from '../../core/scoring/model.js';
import { parseScoringModel } from '../../core/scoring/validate-model.js';
import type { Queryable } from '../../store/db.js';
import { getScoringModel } from '../../store/scoring-models.js';

export interface ActiveModel {
  id: string;
  version: number;
  model: ScoringModel;
}

/*
 * A version's document never changes once it has scored anyone (only drafts are
 * edited), so a parsed model can be kept by id for the life of the process.
 * Which id is active is read from the database each time, inside the caller's
 * transaction: a version another process activated is seen at once.
 */
const parsed = new Map<string, ActiveModel>();

function remember(v: { id: string; version: number; document: unknown }): ActiveModel {
  const active = { id: v.id, version: v.version, model: parseScoringModel(v.document) };
  parsed.set(v.id, active);
  return active;
}

/** The model that scores contacts now, or null in a workspace without one. */
export async function loadActiveModel(q: Queryable): Promise<ActiveModel | null> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM scoring_models WHERE status = 'active'`,
  );
  const id = rows[0]?.id;
  if (id === undefined) return null;
  return modelById(q, id);
}

/** A non-draft version by id (cached); null if there is no such version. */
export async function modelById(q: Queryable, id: string): Promise<ActiveModel | null> {
  const hit = parsed.get(id);
  if (hit) return hit;
  const v = await getScoringModel(q, id);
  if (!v) return null;
  if (v.status === 'draft')
    return { id: v.id, version: v.version, model: parseScoringModel(v.document) };
  return remember(v);
}
