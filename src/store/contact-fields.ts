import type { FilledBy } from '../core/import/mapping.js';
import type { Queryable } from './db.js';

/** One entry of the registry of who fills a contact field (migration 20261123T1300). */
export interface ContactFieldOwner {
  key: string;
  filledBy: FilledBy;
  label: string | null;
}

export async function listContactFields(q: Queryable): Promise<ContactFieldOwner[]> {
  const { rows } = await q.query<{ key: string; filled_by: FilledBy; label: string | null }>(
    'SELECT key, filled_by, label FROM contact_fields ORDER BY key',
  );
  return rows.map((r) => ({ key: r.key, filledBy: r.filled_by, label: r.label }));
}

/** The latest word wins: an import that marks a field again overwrites who fills it. */
export async function recordContactFields(
  q: Queryable,
  fields: readonly ContactFieldOwner[],
): Promise<void> {
  // Two columns may name one field: one row per key, or ON CONFLICT would meet it twice.
  const byKey = [...new Map(fields.map((f) => [f.key, f])).values()];
  if (byKey.length === 0) return;
  await q.query(
    `INSERT INTO contact_fields (key, filled_by, label)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (key) DO UPDATE
       SET filled_by = excluded.filled_by, label = excluded.label, updated_at = now()
     WHERE (contact_fields.filled_by, contact_fields.label)
           IS DISTINCT FROM (excluded.filled_by, excluded.label)`,
    [byKey.map((f) => f.key), byKey.map((f) => f.filledBy), byKey.map((f) => f.label)],
  );
}
