import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { deleteEndpoint, findEndpoint } from '../../store/webhook-endpoints.js';
import { auditedUrl } from './endpoint-url.js';

/** Removes an endpoint with its pending deliveries and their log: nothing more goes there. */
export async function deleteWebhookEndpoint(input: {
  db: Db;
  actor: Actor;
  endpointId: string;
}): Promise<void> {
  authorize(input.actor, { action: 'notifications.manage' });
  await input.db.transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, input.endpointId, { lock: true });
    if (!endpoint) throw new AppError('not_found', 'No webhook endpoint with that id');
    await deleteEndpoint(tx, endpoint.id);
    await insertAudit(tx, input.actor, {
      action: 'webhook_endpoint.deleted',
      subjectType: 'webhook_endpoint',
      subjectId: endpoint.id,
      changes: { kind: endpoint.kind, url: auditedUrl(endpoint.url) },
    });
  });
}
