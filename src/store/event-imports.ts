import type { Queryable } from './db.js';

/** The message ids of `ids` already stored for this source: those rows were imported before. */
export async function findStoredMessageIds(
  q: Queryable,
  source: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await q.query<{ message_id: string }>(
    'SELECT message_id FROM events WHERE source = $1 AND message_id = ANY($2::text[])',
    [source, ids],
  );
  return new Set(rows.map((r) => r.message_id));
}

/**
 * Attaches stored, still unattached events to the contact holding the given
 * email: an imported row known only by its email. Returns the contacts that
 * gained events (their touches need a refresh).
 */
export async function attachEventsByEmail(
  q: Queryable,
  source: string,
  pairs: readonly { messageId: string; email: string }[],
): Promise<string[]> {
  if (pairs.length === 0) return [];
  const { rows } = await q.query<{ contact_id: string }>(
    `UPDATE events e SET contact_id = c.id
     FROM unnest($2::text[], $3::text[]) AS p(message_id, email)
     JOIN contacts c ON lower(c.email) = p.email
     WHERE e.source = $1 AND e.message_id = p.message_id AND e.contact_id IS NULL
     RETURNING e.contact_id`,
    [source, pairs.map((p) => p.messageId), pairs.map((p) => p.email.toLowerCase())],
  );
  return [...new Set(rows.map((r) => r.contact_id))];
}
