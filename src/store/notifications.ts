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

/** An outbox row waiting for fan-out, with its member's address. */
export interface PendingNotification {
  id: string;
  type: string;
  contactId: string | null;
  memberId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  member: { email: string; name: string; active: boolean } | null;
}

/**
 * The oldest rows not yet fanned out, by the partial index, locked; rows
 * another sweep holds are skipped, so two processes never fan out one row.
 */
export async function claimPendingNotifications(
  q: Queryable,
  limit: number,
): Promise<PendingNotification[]> {
  const { rows } = await q.query<{
    id: string;
    type: string;
    contact_id: string | null;
    member_id: string | null;
    payload: Record<string, unknown>;
    created_at: Date;
    email: string | null;
    name: string | null;
    active: boolean | null;
  }>(
    `SELECT n.id, n.type, n.contact_id, n.member_id, n.payload, n.created_at, m.email, m.name, m.active
     FROM notifications n LEFT JOIN members m ON m.id = n.member_id
     WHERE n.delivered_at IS NULL ORDER BY n.created_at, n.id LIMIT $1 FOR UPDATE OF n SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    contactId: r.contact_id,
    memberId: r.member_id,
    payload: r.payload,
    createdAt: r.created_at,
    member:
      r.member_id && r.email !== null
        ? { email: r.email, name: r.name ?? '', active: r.active === true }
        : null,
  }));
}

/** delivered_at = fanned out: its deliveries exist (or it needed none). */
export async function markFannedOut(q: Queryable, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await q.query('UPDATE notifications SET delivered_at = $2 WHERE id = ANY($1::uuid[])', [ids, at]);
}

/** Whether anything waits for fan-out (the delivery job's wake-up). */
export async function hasPendingNotifications(q: Queryable): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM notifications WHERE delivered_at IS NULL LIMIT 1');
  return rows.length > 0;
}

/** Names and numbers the renderer needs, read once per fan-out batch. */
export interface RenderLookups {
  contacts: Map<
    string,
    {
      name: string | null;
      email: string | null;
      accountName: string | null;
      ownerId: string | null;
    }
  >;
  memberNames: Map<string, string>;
  /** sla_contracts.document by version. */
  contracts: Map<number, unknown>;
}

export async function loadRenderLookups(
  q: Queryable,
  want: { contactIds: string[]; memberIds: string[]; contractVersions: number[] },
): Promise<RenderLookups> {
  const contacts: RenderLookups['contacts'] = new Map();
  const memberNames = new Map<string, string>();
  const contracts = new Map<number, unknown>();
  if (want.contactIds.length > 0) {
    const { rows } = await q.query<{
      id: string;
      name: string | null;
      email: string | null;
      account_name: string | null;
      owner_id: string | null;
    }>(
      `SELECT c.id, nullif(trim(concat_ws(' ', c.first_name, c.last_name)), '') AS name, c.email,
              a.name AS account_name, c.owner_id
       FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id WHERE c.id = ANY($1::uuid[])`,
      [[...new Set(want.contactIds)]],
    );
    for (const r of rows)
      contacts.set(r.id, {
        name: r.name,
        email: r.email,
        accountName: r.account_name,
        ownerId: r.owner_id,
      });
  }
  const memberIds = new Set(want.memberIds);
  for (const c of contacts.values()) if (c.ownerId) memberIds.add(c.ownerId);
  if (memberIds.size > 0) {
    const { rows } = await q.query<{ id: string; name: string }>(
      'SELECT id, name FROM members WHERE id = ANY($1::uuid[])',
      [[...memberIds]],
    );
    for (const r of rows) memberNames.set(r.id, r.name);
  }
  if (want.contractVersions.length > 0) {
    const { rows } = await q.query<{ version: number; document: unknown }>(
      'SELECT version, document FROM sla_contracts WHERE version = ANY($1::int[])',
      [[...new Set(want.contractVersions)]],
    );
    for (const r of rows) contracts.set(r.version, r.document);
  }
  return { contacts, memberNames, contracts };
}

export interface InboxNotification {
  id: string;
  type: string;
  contactId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

/**
 * A member's in-app notifications, newest first, keyset-paged by (created_at,
 * id) at the millisecond the cursor carries (PostgreSQL keeps microseconds).
 */
export async function listMemberNotifications(
  q: Queryable,
  memberId: string,
  page: { unreadOnly: boolean; after: { at: Date; id: string } | null; limit: number },
): Promise<InboxNotification[]> {
  const { rows } = await q.query<{
    id: string;
    type: string;
    contact_id: string | null;
    payload: Record<string, unknown>;
    created_at: Date;
    read_at: Date | null;
  }>(
    `SELECT id, type, contact_id, payload, created_at, read_at FROM notifications
     WHERE member_id = $1 AND (NOT $2 OR read_at IS NULL)
       AND ($3::timestamptz IS NULL
            OR (date_trunc('milliseconds', created_at), id) < ($3::timestamptz, $4::uuid))
     ORDER BY date_trunc('milliseconds', created_at) DESC, id DESC LIMIT $5`,
    [memberId, page.unreadOnly, page.after?.at ?? null, page.after?.id ?? null, page.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    contactId: r.contact_id,
    payload: r.payload,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function countUnread(q: Queryable, memberId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notifications WHERE member_id = $1 AND read_at IS NULL',
    [memberId],
  );
  return rows[0]?.n ?? 0;
}

/** Marks the member's own unread ones (ids of others' are ignored); null ids = all. */
export async function markNotificationsRead(
  q: Queryable,
  memberId: string,
  ids: readonly string[] | null,
  at: Date,
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE notifications SET read_at = $3
     WHERE member_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
    [memberId, ids, at],
  );
  return rowCount;
}

/**
 * A workspace notification written already fanned out, for one chosen
 * destination (a test ping): the caller inserts its delivery in the same transaction.
 */
export async function insertFannedOutNotification(
  q: Queryable,
  n: { type: NotificationType; payload: Record<string, unknown>; dedupeKey: string; at: Date },
): Promise<{ id: string; createdAt: Date }> {
  const { rows } = await q.query<{ id: string; created_at: Date }>(
    `INSERT INTO notifications (type, contact_id, member_id, payload, dedupe_key, created_at, delivered_at)
     VALUES ($1, NULL, NULL, $2, $3, $4, $4) RETURNING id, created_at`,
    [n.type, JSON.stringify(n.payload), n.dedupeKey, n.at],
  );
  return { id: rows[0]!.id, createdAt: rows[0]!.created_at };
}
