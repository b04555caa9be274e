import { Type } from 'typebox';
import { Cursor, DateTime, Limit, Nullable, Uuid } from '../../schemas.js';

/** The event types an endpoint can subscribe to (test.ping always reaches the endpoint tested). */
export const subscribableEventTypes = [
  'lead.assigned',
  'sla.warning',
  'sla.breached',
  'lead.rejected',
  'stage.changed',
] as const;

const EventType = Type.Union(
  subscribableEventTypes.map((t) => Type.Literal(t)),
  { description: subscribableEventTypes.join(', ') },
);
const EventTypes = Type.Array(EventType, {
  maxItems: subscribableEventTypes.length,
  uniqueItems: true,
  description: 'The event types sent to this endpoint; empty = all',
});
const Url = Type.String({
  minLength: 8,
  maxLength: 2000,
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
  description: 'An http:// or https:// URL that accepts POST',
});
const Description = Type.String({ maxLength: 500 });

export const WebhookEndpointSchema = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('webhook'), Type.Literal('slack')], {
    description:
      'webhook: Standard Webhooks signed JSON { type, timestamp, data }; slack: a Slack-compatible incoming webhook { text, blocks }',
  }),
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  createdAt: DateTime,
  disabledReason: Nullable(Type.String()),
});

export const WebhookEndpointList = Type.Object({ items: Type.Array(WebhookEndpointSchema) });

export const CreateWebhookEndpointBody = Type.Object(
  {
    kind: WebhookEndpointSchema.properties.kind,
    url: Url,
    description: Type.Optional(Description),
    eventTypes: Type.Optional(EventTypes),
  },
  { additionalProperties: false },
);

/** The signing secret (whsec_…) is in this answer only: Tandem never shows it again. */
export const CreatedWebhookEndpoint = Type.Intersect([
  WebhookEndpointSchema,
  Type.Object({
    secret: Nullable(
      Type.String({
        description:
          'whsec_ + base64 key for verifying webhook-signature (Standard Webhooks); shown once; null for slack',
      }),
    ),
  }),
]);

export const UpdateWebhookEndpointBody = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Description),
    eventTypes: Type.Optional(EventTypes),
    enabled: Type.Optional(
      Type.Boolean({ description: 'true re-enables an endpoint disabled by a 410 answer' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const DeliverySchema = Type.Object({
  id: Uuid,
  notificationType: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer({ minimum: 0 }),
  nextAttemptAt: Nullable(DateTime),
  lastStatus: Nullable(Type.Integer({ description: 'HTTP status of the last attempt' })),
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
  deliveredAt: Nullable(DateTime),
});

export const DeliveriesQuery = Type.Object(
  { limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const DeliveryPage = Type.Object({
  items: Type.Array(DeliverySchema),
  nextCursor: Nullable(Type.String()),
});

export const TestQueued = Type.Object({
  deliveryId: Uuid,
  notificationId: Uuid,
});

export const DeliveryParams = Type.Object(
  { id: Uuid, deliveryId: Uuid },
  { additionalProperties: false },
);

/** One try of a delivery: the HTTP status (or, with none, the error) and how long it took. */
export const AttemptList = Type.Object({
  items: Type.Array(
    Type.Object({
      attempt: Type.Integer({ minimum: 1 }),
      attemptedAt: DateTime,
      statusCode: Nullable(Type.Integer()),
      error: Nullable(Type.String()),
      durationMs: Type.Integer({ minimum: 0 }),
    }),
  ),
});
