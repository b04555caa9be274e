import { AppError } from '../../core/app-error.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { type DeliverySummary, listEndpointDeliveries } from '../../store/deliveries.js';
import { findEndpoint } from '../../store/webhook-endpoints.js';

/** An endpoint's deliveries, newest first: what was sent, how often, and what came back. */
export async function listWebhookDeliveries(input: {
  db: Db;
  actor: Actor;
  endpointId: string;
  cursor?: string;
  limit?: number;
}): Promise<{ items: DeliverySummary[]; nextCursor: string | null }> {
  authorize(input.actor, { action: 'notifications.manage' });
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const limit = input.limit ?? 50;
  if (!(await findEndpoint(input.db, input.endpointId)))
    throw new AppError('not_found', 'No webhook endpoint with that id');
  const rows = await listEndpointDeliveries(input.db, input.endpointId, {
    after,
    limit: limit + 1,
  });
  return toPage(rows, limit, (d) => ({ at: d.createdAt, id: d.id }));
}
