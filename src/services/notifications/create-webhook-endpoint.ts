import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { newWebhookSecret } from '../../notify/sign.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  type EndpointKind,
  insertEndpoint,
  type WebhookEndpoint,
} from '../../store/webhook-endpoints.js';
import { auditedUrl, checkEndpointUrl } from './endpoint-url.js';

/**
 * Adds a place workspace events go. A webhook gets a fresh signing secret,
 * returned here once and never again (nor logged, nor audited); a Slack
 * endpoint is its incoming-webhook URL and needs none.
 */
export async function createWebhookEndpoint(input: {
  db: Db;
  actor: Actor;
  kind: EndpointKind;
  url: string;
  description?: string;
  eventTypes?: string[];
}): Promise<{ endpoint: WebhookEndpoint; secret: string | null }> {
  authorize(input.actor, { action: 'notifications.manage' });
  const url = checkEndpointUrl(input.url);
  const secret = input.kind === 'webhook' ? newWebhookSecret() : null;
  const eventTypes = [...new Set(input.eventTypes ?? [])].sort();
  return input.db.transaction(async (tx) => {
    const endpoint = await insertEndpoint(tx, {
      kind: input.kind,
      url,
      description: input.description?.trim() ?? '',
      eventTypes,
      secret,
      createdBy: input.actor.kind === 'member' ? input.actor.id : null,
    });
    await insertAudit(tx, input.actor, {
      action: 'webhook_endpoint.created',
      subjectType: 'webhook_endpoint',
      subjectId: endpoint.id,
      changes: {
        kind: endpoint.kind,
        url: auditedUrl(url),
        eventTypes,
        description: endpoint.description,
      },
    });
    return { endpoint, secret };
  });
}
