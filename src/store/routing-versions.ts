import type { Queryable } from './db.js';

/** A stored routing version with who saved it (routing.ts writes and reads the one in force). */
export interface RoutingVersionRow {
  id: string;
  version: number;
  active: boolean;
  document: unknown;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
}

/** Every version, newest first. */
export async function listRoutingVersions(q: Queryable): Promise<RoutingVersionRow[]> {
  const { rows } = await q.query<{
    id: string;
    version: number;
    active: boolean;
    document: unknown;
    creator_id: string | null;
    creator_name: string | null;
    created_at: Date;
  }>(
    `SELECT v.id, v.version, v.active, v.document, m.id AS creator_id, m.name AS creator_name,
            v.created_at
     FROM routing_versions v LEFT JOIN members m ON m.id = v.created_by
     ORDER BY v.version DESC`,
  );
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    active: r.active,
    document: r.document,
    createdBy: r.creator_id ? { id: r.creator_id, name: r.creator_name ?? '' } : null,
    createdAt: r.created_at,
  }));
}
