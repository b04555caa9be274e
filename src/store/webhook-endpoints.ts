import type { Queryable } from './db.js';

export type EndpointKind = 'webhook' | 'slack';

export interface WebhookEndpoint {
  id: string;
  kind: EndpointKind;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
}

interface EndpointRow {
  id: string;
  kind: EndpointKind;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  created_at: Date;
}

// The secret is never among these: only the sender reads it (claimDueDeliveries).
const columns = 'id, kind, url, description, event_types, enabled, disabled_reason, created_at';

function toEndpoint(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    kind: r.kind,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    createdAt: r.created_at,
  };
}

export async function insertEndpoint(
  q: Queryable,
  e: {
    kind: EndpointKind;
    url: string;
    description: string;
    eventTypes: string[];
    secret: string | null;
    createdBy: string | null;
  },
): Promise<WebhookEndpoint> {
  const { rows } = await q.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (kind, url, description, event_types, secret, created_by)
     VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${columns}`,
    [e.kind, e.url, e.description, e.eventTypes, e.secret, e.createdBy],
  );
  return toEndpoint(rows[0]!);
}

export async function listEndpoints(q: Queryable): Promise<WebhookEndpoint[]> {
  const { rows } = await q.query<EndpointRow>(
    `SELECT ${columns} FROM webhook_endpoints ORDER BY created_at, id`,
  );
  return rows.map(toEndpoint);
}

export async function findEndpoint(
  q: Queryable,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<WebhookEndpoint | null> {
  const { rows } = await q.query<EndpointRow>(
    `SELECT ${columns} FROM webhook_endpoints WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toEndpoint(rows[0]) : null;
}

export async function updateEndpoint(
  q: Queryable,
  id: string,
  patch: { url?: string; description?: string; eventTypes?: string[]; enabled?: boolean },
): Promise<WebhookEndpoint | null> {
  const { rows } = await q.query<EndpointRow>(
    `UPDATE webhook_endpoints SET
       url = coalesce($2, url),
       description = coalesce($3, description),
       event_types = coalesce($4::text[], event_types),
       enabled = coalesce($5, enabled),
       -- Re-enabling clears why it was off.
       disabled_reason = CASE WHEN $5 IS TRUE THEN NULL
                              WHEN $5 IS FALSE THEN coalesce(disabled_reason, 'Disabled by a member')
                              ELSE disabled_reason END,
       updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [
      id,
      patch.url ?? null,
      patch.description ?? null,
      patch.eventTypes ?? null,
      patch.enabled ?? null,
    ],
  );
  return rows[0] ? toEndpoint(rows[0]) : null;
}

/** Removes the endpoint and, by cascade, its deliveries and their log. */
export async function deleteEndpoint(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
  return rowCount > 0;
}

/** The receiver said the endpoint is gone (410): stop sending. True if it was enabled. */
export async function disableEndpoint(q: Queryable, id: string, reason: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now()
     WHERE id = $1 AND enabled`,
    [id, reason],
  );
  return rowCount > 0;
}

/** The endpoints a workspace-wide event of `type` goes to (empty event_types = all). */
export async function listEnabledEndpoints(
  q: Queryable,
): Promise<{ id: string; kind: EndpointKind; eventTypes: string[] }[]> {
  const { rows } = await q.query<{ id: string; kind: EndpointKind; event_types: string[] }>(
    'SELECT id, kind, event_types FROM webhook_endpoints WHERE enabled ORDER BY id',
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, eventTypes: r.event_types }));
}
