import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listMyNotifications } from '../../../services/notifications/list-my-notifications.js';
import { markNotificationsRead } from '../../../services/notifications/mark-notifications-read.js';
import type { InboxNotification } from '../../../store/notifications.js';
import { actorOf } from '../../auth.js';
import type { RouteDeps } from '../../route-deps.js';
import { commonErrors, security } from '../../schemas.js';
import {
  ListNotificationsQuery,
  MarkReadBody,
  MarkReadResult,
  NotificationPage,
} from './schemas.js';

const tags = ['notifications'];

function presentNotification(n: InboxNotification) {
  return {
    id: n.id,
    type: n.type,
    contactId: n.contactId,
    payload: n.payload,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

/** The caller's in-app notifications: each member reads and marks their own. */
export const notificationRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: "The caller's notifications, newest first, with the unread count",
        security,
        querystring: ListNotificationsQuery,
        response: { 200: NotificationPage, ...commonErrors },
      },
    },
    async (request) => {
      const page = await listMyNotifications({
        db,
        actor: actorOf(request),
        unreadOnly: request.query.unread,
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
      return { ...page, items: page.items.map(presentNotification) };
    },
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags,
        summary: "Mark some (ids) or all of the caller's notifications read",
        security,
        body: MarkReadBody,
        response: { 200: MarkReadResult, ...commonErrors },
      },
    },
    async (request) =>
      markNotificationsRead({
        db,
        actor: actorOf(request),
        ids: request.body.ids,
        all: request.body.all,
      }),
  );
};
