import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { listEndpoints, type WebhookEndpoint } from '../../store/webhook-endpoints.js';

export async function listWebhookEndpoints(input: {
  db: Db;
  actor: Actor;
}): Promise<WebhookEndpoint[]> {
  authorize(input.actor, { action: 'notifications.manage' });
  return listEndpoints(input.db);
}
