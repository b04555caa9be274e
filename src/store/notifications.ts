import type { Queryable } from './db.js';

export type NotificationType =
  | 'lead.assigned'
  | 'sla.warning'
  | 'sla.breached'
  | 'lead.rejected'
  | 'stage.changed'
  | 'test.ping';

export interface NewNotification {
  type: NotificationType;
  contactId: string | null;
  /** The recipient. */
  memberId: string | null;
  payload: Record<string, unknown>;
  /** Names the cause; a second write of the same cause is dropped. */
  dedupeKey: string;
}

export interface StoredNotification extends NewNotification {
  id: string;
  createdAt: Date;
  deliveredAt: Date | null;
}

/**
 * Writes into the outbox in the caller's transaction. A key already present
 * (another sweep, a retried transaction) is skipped, not an error. Returns how
 * many were new.
 */
export async function insertNotifications(
  q: Queryable,
  notifications: readonly NewNotification[],
): Promise<number> {
  if (notifications.length === 0) return 0;
  const rows = notifications.map((n) => ({
    type: n.type,
    contact_id: n.contactId,
    member_id: n.memberId,
    payload: n.payload,
    dedupe_key: n.dedupeKey,
  }));
  const { rowCount } = await q.query(
    `INSERT INTO notifications (type, contact_id, member_id, payload, dedupe_key)
     SELECT type, contact_id, member_id, payload, dedupe_key
     FROM jsonb_to_recordset($1::jsonb) AS x(type text, contact_id uuid, member_id uuid,
                                              payload jsonb, dedupe_key text)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return rowCount;
}

/** Oldest first; for tests now, for the in-app inbox and delivery later. */
export async function listNotifications(
  q: Queryable,
  filter: { contactId?: string; memberId?: string } = {},
): Promise<StoredNotification[]> {
  const { rows } = await q.query<{
    id: string;
    type: NotificationType;
    contact_id: string | null;
    member_id: string | null;
    payload: Record<string, unknown>;
    dedupe_key: string;
    created_at: Date;
    delivered_at: Date | null;
  }>(
    `SELECT id, type, contact_id, member_id, payload, dedupe_key, created_at, delivered_at
     FROM notifications
     WHERE ($1::uuid IS NULL OR contact_id = $1) AND ($2::uuid IS NULL OR member_id = $2)
     ORDER BY created_at, dedupe_key`,
    [filter.contactId ?? null, filter.memberId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    contactId: r.contact_id,
    memberId: r.member_id,
    payload: r.payload,
    dedupeKey: r.dedupe_key,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  }));
}

/** The active sales managers of each member's team: who hears of a breach. */
export async function managersOf(
  q: Queryable,
  memberIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (memberIds.length === 0) return result;
  const { rows } = await q.query<{ member_id: string; manager_id: string }>(
    `SELECT m.id AS member_id, b.id AS manager_id
     FROM members m JOIN members b ON b.team_id = m.team_id
     WHERE m.id = ANY($1::uuid[]) AND b.role = 'sales_manager' AND b.active AND b.id <> m.id
     ORDER BY m.id, b.id`,
    [[...new Set(memberIds)]],
  );
  for (const r of rows) {
    const list = result.get(r.member_id) ?? [];
    list.push(r.manager_id);
    result.set(r.member_id, list);
  }
  return result;
}
