import { Type } from 'typebox';
import { Cursor, DateTime, Limit, Nullable, Uuid } from '../../schemas.js';

/** One in-app notification: a `notifications` row addressed to the caller. */
export const NotificationSchema = Type.Object({
  id: Uuid,
  type: Type.String({
    description: 'lead.assigned, sla.warning, sla.breached, lead.rejected, stage.changed',
  }),
  contactId: Nullable(Uuid),
  payload: Type.Record(Type.String(), Type.Unknown(), {
    description: 'What the writer recorded: always contactId, often contactName; see the type',
  }),
  createdAt: DateTime,
  readAt: Nullable(DateTime),
});

export const ListNotificationsQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'true: only those not yet marked read' })),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const NotificationPage = Type.Object({
  items: Type.Array(NotificationSchema),
  nextCursor: Nullable(Type.String()),
  unreadCount: Type.Integer({
    minimum: 0,
    description: "The caller's unread notifications, all pages",
  }),
});

export const MarkReadBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true })),
    all: Type.Optional(
      Type.Literal(true, { description: "Marks every one of the caller's notifications read" }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Either ids or all: true. Ids of other members’ notifications are ignored.',
  },
);

export const MarkReadResult = Type.Object({
  marked: Type.Integer({ minimum: 0, description: 'How many were unread and are read now' }),
});
