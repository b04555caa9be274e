import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { webhookBody } from '../../notify/fan-out.js';
import { renderSlack } from '../../notify/render.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { insertDeliveries } from '../../store/deliveries.js';
import { insertFannedOutNotification } from '../../store/notifications.js';
import { findEndpoint } from '../../store/webhook-endpoints.js';

/**
 * Queues a `test.ping` for one endpoint: a workspace notification written
 * already fanned out, with its one delivery, so it reaches this endpoint only
 * and is sent, retried and logged like any event (the delivery job picks it
 * up within a second). A disabled endpoint is refused: enable it first.
 */
export async function sendTestPing(input: {
  db: Db;
  actor: Actor;
  endpointId: string;
  now?: Date;
}): Promise<{ notificationId: string; deliveryId: string }> {
  authorize(input.actor, { action: 'notifications.manage' });
  const now = input.now ?? new Date();
  return input.db.transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, input.endpointId);
    if (!endpoint) throw new AppError('not_found', 'No webhook endpoint with that id');
    if (!endpoint.enabled)
      throw new AppError('conflict', 'The endpoint is disabled; enable it before testing it');
    const payload = { endpointId: endpoint.id, requestedBy: input.actor.name };
    const n = await insertFannedOutNotification(tx, {
      type: 'test.ping',
      payload,
      dedupeKey: `test.ping:${endpoint.id}:${randomUUID()}`,
      at: now,
    });
    const body =
      endpoint.kind === 'slack'
        ? JSON.stringify(
            renderSlack({
              type: 'test.ping',
              payload,
              contact: null,
              ownerName: null,
              clauseText: null,
              link: null,
            }),
          )
        : webhookBody({ type: 'test.ping', contactId: null, payload, createdAt: n.createdAt });
    const [deliveryId] = await insertDeliveries(
      tx,
      [
        {
          notificationId: n.id,
          channel: endpoint.kind,
          endpointId: endpoint.id,
          recipient: null,
          request: { channel: endpoint.kind, body },
        },
      ],
      now,
    );
    await insertAudit(tx, input.actor, {
      action: 'webhook_endpoint.tested',
      subjectType: 'webhook_endpoint',
      subjectId: endpoint.id,
      changes: { notificationId: n.id },
    });
    return { notificationId: n.id, deliveryId: deliveryId! };
  });
}
