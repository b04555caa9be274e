import type { Queryable } from './db.js';

export type DeliveryChannel = 'email' | 'webhook' | 'slack';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** What is sent, rendered once at fan-out so every retry sends the same thing. */
export type DeliveryRequest =
  | { channel: 'email'; to: string; subject: string; text: string }
  | { channel: 'webhook' | 'slack'; body: string };

export interface NewDelivery {
  notificationId: string;
  channel: DeliveryChannel;
  endpointId: string | null;
  recipient: string | null;
  request: DeliveryRequest;
}

/**
 * One row per notification and place; a second fan-out of the same
 * notification (another process, a retried transaction) adds nothing. The new
 * deliveries are due at once. Returns the ids of those that are new.
 */
export async function insertDeliveries(
  q: Queryable,
  deliveries: readonly NewDelivery[],
  now: Date,
): Promise<string[]> {
  if (deliveries.length === 0) return [];
  const rows = deliveries.map((d) => ({
    notification_id: d.notificationId,
    channel: d.channel,
    endpoint_id: d.endpointId,
    recipient: d.recipient,
    request: d.request,
  }));
  const { rows: created } = await q.query<{ id: string }>(
    `INSERT INTO notification_deliveries
       (notification_id, channel, endpoint_id, recipient, request, created_at, next_attempt_at)
     SELECT notification_id, channel, endpoint_id, recipient, request, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(notification_id uuid, channel text, endpoint_id uuid,
                                              recipient text, request jsonb)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [JSON.stringify(rows), now],
  );
  return created.map((r) => r.id);
}

export interface ClaimedDelivery {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  request: DeliveryRequest;
  /** This attempt's number, 1-based. */
  attempt: number;
  leaseToken: string;
  endpoint: { id: string; url: string; secret: string | null; enabled: boolean } | null;
}

/**
 * Takes deliveries that are due, by the partial index, skipping rows another
 * sweep holds, and leases them: their next_attempt_at moves to `leaseUntil`
 * and lease_token names this sweep. The caller commits at once and sends
 * outside any transaction; a sweep that dies mid-send leaves them to be taken
 * again when the lease runs out.
 */
export async function claimDueDeliveries(
  q: Queryable,
  input: { now: Date; leaseUntil: Date; leaseToken: string; limit: number },
): Promise<ClaimedDelivery[]> {
  const { rows } = await q.query<{
    id: string;
    notification_id: string;
    channel: DeliveryChannel;
    request: DeliveryRequest;
    attempts: number;
    endpoint_id: string | null;
    url: string | null;
    secret: string | null;
    enabled: boolean | null;
  }>(
    `WITH due AS (
       SELECT id FROM notification_deliveries
       WHERE next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE notification_deliveries d SET next_attempt_at = $2, lease_token = $3
       FROM due WHERE d.id = due.id
       RETURNING d.id, d.notification_id, d.channel, d.request, d.attempts, d.endpoint_id, d.next_attempt_at
     )
     SELECT c.id, c.notification_id, c.channel, c.request, c.attempts, c.endpoint_id,
            e.url, e.secret, e.enabled
     FROM claimed c LEFT JOIN webhook_endpoints e ON e.id = c.endpoint_id
     ORDER BY c.id`,
    [input.now, input.leaseUntil, input.leaseToken, input.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    notificationId: r.notification_id,
    channel: r.channel,
    request: r.request,
    attempt: r.attempts + 1,
    leaseToken: input.leaseToken,
    endpoint: r.endpoint_id
      ? { id: r.endpoint_id, url: r.url!, secret: r.secret, enabled: r.enabled === true }
      : null,
  }));
}

export interface AttemptOutcome {
  deliveryId: string;
  leaseToken: string;
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  status: DeliveryStatus;
  /** Pending only: when to try again. */
  nextAttemptAt: Date | null;
}

/**
 * Logs the attempt and settles or reschedules the delivery. The log is written
 * whatever happened to the lease (the request did go out); the delivery moves
 * only if this sweep still holds it, so a late answer cannot undo a newer one.
 */
export async function recordAttempt(q: Queryable, o: AttemptOutcome): Promise<void> {
  await q.query(
    `INSERT INTO notification_delivery_attempts
       (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
     SELECT id, $2, $3, $4, $5, $6 FROM notification_deliveries WHERE id = $1
     ON CONFLICT (delivery_id, attempt) DO NOTHING`,
    [o.deliveryId, o.attempt, o.attemptedAt, o.statusCode, o.error, o.durationMs],
  );
  await q.query(
    `UPDATE notification_deliveries SET
       attempts = $3, status = $4, next_attempt_at = $5, lease_token = NULL,
       last_status = $6, last_error = $7,
       delivered_at = CASE WHEN $4 = 'succeeded' THEN $8::timestamptz END
     WHERE id = $1 AND lease_token = $2`,
    [
      o.deliveryId,
      o.leaseToken,
      o.attempt,
      o.status,
      o.status === 'pending' ? o.nextAttemptAt : null,
      o.statusCode,
      o.error,
      o.attemptedAt,
    ],
  );
}

/** Settles a claimed delivery that is not sent at all (its endpoint was switched off). */
export async function abandonDelivery(
  q: Queryable,
  d: { deliveryId: string; leaseToken: string; reason: string },
): Promise<void> {
  await q.query(
    `UPDATE notification_deliveries SET status = 'failed', next_attempt_at = NULL,
       lease_token = NULL, last_error = $3
     WHERE id = $1 AND lease_token = $2`,
    [d.deliveryId, d.leaseToken, d.reason],
  );
}

/** The earliest instant a delivery needs the sweep (a retry, or a lease running out). */
export async function nextDeliveryDue(q: Queryable): Promise<Date | null> {
  const { rows } = await q.query<{ at: Date | null }>(
    'SELECT min(next_attempt_at) AS at FROM notification_deliveries WHERE next_attempt_at IS NOT NULL',
  );
  return rows[0]?.at ?? null;
}

export interface DeliverySummary {
  id: string;
  notificationId: string;
  notificationType: string;
  channel: DeliveryChannel;
  recipient: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

interface SummaryRow {
  id: string;
  notification_id: string;
  notification_type: string;
  channel: DeliveryChannel;
  recipient: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

function toSummary(r: SummaryRow): DeliverySummary {
  return {
    id: r.id,
    notificationId: r.notification_id,
    notificationType: r.notification_type,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

const summaryColumns = `d.id, d.notification_id, n.type AS notification_type, d.channel, d.recipient,
  d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.delivered_at`;

/** An endpoint's deliveries, newest first, keyset-paged by (created_at, id). */
export async function listEndpointDeliveries(
  q: Queryable,
  endpointId: string,
  page: { after: { at: Date; id: string } | null; limit: number },
): Promise<DeliverySummary[]> {
  const { rows } = await q.query<SummaryRow>(
    `SELECT ${summaryColumns}
     FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
     WHERE d.endpoint_id = $1
       AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
     ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
    [endpointId, page.after?.at ?? null, page.after?.id ?? null, page.limit],
  );
  return rows.map(toSummary);
}

/** Every delivery of some notifications (tests, and the CLI later). */
export async function listNotificationDeliveries(
  q: Queryable,
  filter: { notificationIds?: string[] } = {},
): Promise<DeliverySummary[]> {
  const { rows } = await q.query<SummaryRow>(
    `SELECT ${summaryColumns}
     FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
     WHERE ($1::uuid[] IS NULL OR d.notification_id = ANY($1::uuid[]))
     ORDER BY d.created_at, d.id`,
    [filter.notificationIds ?? null],
  );
  return rows.map(toSummary);
}

export interface DeliveryAttempt {
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export async function listDeliveryAttempts(
  q: Queryable,
  deliveryId: string,
): Promise<DeliveryAttempt[]> {
  const { rows } = await q.query<{
    attempt: number;
    attempted_at: Date;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  }>(
    `SELECT attempt, attempted_at, status_code, error, duration_ms
     FROM notification_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`,
    [deliveryId],
  );
  return rows.map((r) => ({
    attempt: r.attempt,
    attemptedAt: r.attempted_at,
    statusCode: r.status_code,
    error: r.error,
    durationMs: r.duration_ms,
  }));
}

/** Which endpoint a delivery belongs to (null: an email, or no such delivery). */
export async function findDeliveryEndpoint(
  q: Queryable,
  deliveryId: string,
): Promise<{ endpointId: string | null } | null> {
  const { rows } = await q.query<{ endpoint_id: string | null }>(
    'SELECT endpoint_id FROM notification_deliveries WHERE id = $1',
    [deliveryId],
  );
  return rows[0] ? { endpointId: rows[0].endpoint_id } : null;
}
