import type { CursorKey } from '../core/cursor.js';
import type { ContactEvent } from '../core/entities.js';
import type { Queryable, Tx } from './db.js';

interface EventRow {
  id: string;
  contact_id: string | null;
  type: string;
  name: string | null;
  source: string;
  message_id: string;
  properties: Record<string, unknown>;
  occurred_at: Date;
  received_at: Date;
}

function toEvent(r: EventRow): ContactEvent {
  return {
    id: r.id,
    contactId: r.contact_id,
    type: r.type,
    name: r.name,
    source: r.source,
    messageId: r.message_id,
    properties: r.properties,
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
  };
}

export async function listContactEvents(
  q: Queryable,
  contactId: string,
  f: { after?: CursorKey | undefined; limit: number },
): Promise<ContactEvent[]> {
  const params: unknown[] = [contactId];
  let keyset = '';
  if (f.after) {
    params.push(f.after.at, f.after.id);
    keyset = 'AND (occurred_at, id) < ($2, $3::uuid)';
  }
  params.push(f.limit + 1);
  const { rows } = await q.query<EventRow>(
    `SELECT id, contact_id, type, name, source, message_id, properties, occurred_at, received_at
     FROM events WHERE contact_id = $1 ${keyset}
     ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toEvent);
}

export async function findEvent(q: Queryable, id: string): Promise<ContactEvent | null> {
  const { rows } = await q.query<EventRow>(
    `SELECT id, contact_id, type, name, source, message_id, properties, occurred_at, received_at
     FROM events WHERE id = $1`,
    [id],
  );
  return rows[0] ? toEvent(rows[0]) : null;
}

export interface NewEvent {
  id: string;
  contactId: string | null;
  anonymousId: string | null;
  type: string;
  name: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  source: string;
  messageId: string;
  occurredAt: Date;
  receivedAt: Date;
  touch?: { source: string | null; medium: string | null; campaign: string | null } | null;
}

/**
 * Set-based insert of many events in one statement; a (source, message_id)
 * already stored is skipped, which is what makes retries harmless.
 * Returns the ids actually inserted.
 */
export async function insertEvents(q: Queryable, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO events (id, contact_id, anonymous_id, type, name, properties, context, source, message_id, occurred_at, received_at,
                         touch_source, touch_medium, touch_campaign)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[], $9::text[],
                          $10::timestamptz[], $11::timestamptz[], $12::text[], $13::text[], $14::text[])
     ON CONFLICT (source, message_id) DO NOTHING
     RETURNING id`,
    [
      events.map((e) => e.id),
      events.map((e) => e.contactId),
      events.map((e) => e.anonymousId),
      events.map((e) => e.type),
      events.map((e) => e.name),
      events.map((e) => JSON.stringify(e.properties)),
      events.map((e) => JSON.stringify(e.context)),
      events.map((e) => e.source),
      events.map((e) => e.messageId),
      events.map((e) => e.occurredAt),
      events.map((e) => e.receivedAt),
      events.map((e) => e.touch?.source ?? null),
      events.map((e) => e.touch?.medium ?? null),
      events.map((e) => e.touch?.campaign ?? null),
    ],
  );
  return rows.map((r) => r.id);
}

/** The columns copyEvents writes, in order. */
export const eventColumns = [
  'id',
  'contact_id',
  'anonymous_id',
  'type',
  'name',
  'properties',
  'context',
  'source',
  'message_id',
  'occurred_at',
  'received_at',
  'touch_source',
  'touch_medium',
  'touch_campaign',
] as const;

/**
 * Appends events with COPY, the ingest hot path. Unlike insertEvents there is
 * no ON CONFLICT: the caller has already dropped the messageIds stored for
 * this source in the same transaction, and a concurrent transaction storing
 * the same one makes this copy fail on the unique key (the queue then retries,
 * and the retry sees the stored row).
 */
export async function copyEvents(tx: Tx, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.copyFrom(
    'events',
    eventColumns,
    events.map((e) => [
      e.id,
      e.contactId,
      e.anonymousId,
      e.type,
      e.name,
      JSON.stringify(e.properties),
      JSON.stringify(e.context),
      e.source,
      e.messageId,
      e.occurredAt.toISOString(),
      e.receivedAt.toISOString(),
      e.touch?.source ?? null,
      e.touch?.medium ?? null,
      e.touch?.campaign ?? null,
    ]),
  );
}
