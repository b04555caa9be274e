import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  findEndpoint,
  updateEndpoint,
  type WebhookEndpoint,
} from '../../store/webhook-endpoints.js';
import { auditedUrl, checkEndpointUrl } from './endpoint-url.js';

/** Changes an endpoint; `enabled: true` also switches back on one a 410 answer disabled. */
export async function updateWebhookEndpoint(input: {
  db: Db;
  actor: Actor;
  endpointId: string;
  patch: { url?: string; description?: string; eventTypes?: string[]; enabled?: boolean };
}): Promise<WebhookEndpoint> {
  authorize(input.actor, { action: 'notifications.manage' });
  const p = input.patch;
  const patch = {
    ...p,
    url: p.url === undefined ? undefined : checkEndpointUrl(p.url),
    description: p.description?.trim(),
    eventTypes: p.eventTypes && [...new Set(p.eventTypes)].sort(),
  };
  return input.db.transaction(async (tx) => {
    const before = await findEndpoint(tx, input.endpointId, { lock: true });
    if (!before) throw new AppError('not_found', 'No webhook endpoint with that id');
    const after = (await updateEndpoint(tx, input.endpointId, patch))!;
    const changes: Record<string, unknown> = {};
    if (after.url !== before.url) changes.url = auditedUrl(after.url);
    if (after.description !== before.description) changes.description = after.description;
    if (after.eventTypes.join() !== before.eventTypes.join()) changes.eventTypes = after.eventTypes;
    if (after.enabled !== before.enabled) changes.enabled = after.enabled;
    if (Object.keys(changes).length > 0)
      await insertAudit(tx, input.actor, {
        action: 'webhook_endpoint.updated',
        subjectType: 'webhook_endpoint',
        subjectId: after.id,
        changes,
      });
    return after;
  });
}
