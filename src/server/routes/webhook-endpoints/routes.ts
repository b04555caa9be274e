import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createWebhookEndpoint } from '../../../services/notifications/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../../../services/notifications/delete-webhook-endpoint.js';
import { listWebhookDeliveryAttempts } from '../../../services/notifications/list-delivery-attempts.js';
import { listWebhookDeliveries } from '../../../services/notifications/list-endpoint-deliveries.js';
import { listWebhookEndpoints } from '../../../services/notifications/list-webhook-endpoints.js';
import { sendTestPing } from '../../../services/notifications/send-test-ping.js';
import { updateWebhookEndpoint } from '../../../services/notifications/update-webhook-endpoint.js';
import type { DeliverySummary } from '../../../store/deliveries.js';
import type { WebhookEndpoint } from '../../../store/webhook-endpoints.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, IdParams, security } from '../../schemas.js';
import {
  AttemptList,
  CreatedWebhookEndpoint,
  CreateWebhookEndpointBody,
  DeliveriesQuery,
  DeliveryPage,
  DeliveryParams,
  TestQueued,
  UpdateWebhookEndpointBody,
  WebhookEndpointList,
  WebhookEndpointSchema,
} from './schemas.js';

const tags = ['webhook endpoints'];
const who = 'Admins and sales managers.';

function presentEndpoint(e: WebhookEndpoint) {
  return {
    id: e.id,
    kind: e.kind,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    createdAt: e.createdAt.toISOString(),
    disabledReason: e.disabledReason,
  };
}

function presentDelivery(d: DeliverySummary) {
  return {
    id: d.id,
    notificationType: d.notificationType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

/** Where workspace events go: signed webhooks and Slack-compatible incoming webhooks. */
export const webhookEndpointRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'List webhook and Slack endpoints',
        description: who,
        security,
        response: { 200: WebhookEndpointList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listWebhookEndpoints({ db, actor: actorOf(request) })).map(presentEndpoint),
    }),
  );

  app.post(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Add an endpoint; a webhook’s signing secret is in this answer only',
        description: `${who} Webhooks are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).`,
        security,
        body: CreateWebhookEndpointBody,
        response: { 201: CreatedWebhookEndpoint, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { endpoint, secret } = await createWebhookEndpoint({
        db,
        actor: actorOf(request),
        ...request.body,
      });
      return reply.code(201).send({ ...presentEndpoint(endpoint), secret });
    },
  );

  app.patch(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Change an endpoint (enabled: true switches one back on)',
        description: who,
        security,
        params: IdParams,
        body: UpdateWebhookEndpointBody,
        response: { 200: WebhookEndpointSchema, ...commonErrors },
      },
    },
    async (request) =>
      presentEndpoint(
        await updateWebhookEndpoint({
          db,
          actor: actorOf(request),
          endpointId: request.params.id,
          patch: request.body,
        }),
      ),
  );

  app.delete(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Remove an endpoint with its deliveries',
        description: who,
        security,
        params: IdParams,
        response: { 204: { type: 'null' }, ...commonErrors },
      },
    },
    async (request, reply) => {
      await deleteWebhookEndpoint({ db, actor: actorOf(request), endpointId: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: "An endpoint's deliveries, newest first",
        description: who,
        security,
        params: IdParams,
        querystring: DeliveriesQuery,
        response: { 200: DeliveryPage, ...commonErrors },
      },
    },
    async (request) => {
      const page = await listWebhookDeliveries({
        db,
        actor: actorOf(request),
        endpointId: request.params.id,
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
      return { ...page, items: page.items.map(presentDelivery) };
    },
  );

  app.get(
    '/webhook-endpoints/:id/deliveries/:deliveryId/attempts',
    {
      schema: {
        tags,
        summary: "A delivery's attempts: status or error, time and duration of each",
        description: who,
        security,
        params: DeliveryParams,
        response: { 200: AttemptList, ...commonErrors },
      },
    },
    async (request) => ({
      items: (
        await listWebhookDeliveryAttempts({
          db,
          actor: actorOf(request),
          endpointId: request.params.id,
          deliveryId: request.params.deliveryId,
        })
      ).map((a) => ({ ...a, attemptedAt: a.attemptedAt.toISOString() })),
    }),
  );

  app.post(
    '/webhook-endpoints/:id/test',
    {
      schema: {
        tags,
        summary: 'Queue a test.ping to this endpoint',
        description: `${who} Sent within a second by the delivery job, and listed with the deliveries.`,
        security,
        params: IdParams,
        response: { 202: TestQueued, ...commonErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await sendTestPing({ db, actor: actorOf(request), endpointId: request.params.id })),
  );
};
