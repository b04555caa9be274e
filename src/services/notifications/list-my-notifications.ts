import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import {
  countUnread,
  type InboxNotification,
  listMemberNotifications,
} from '../../store/notifications.js';
import { myMemberId } from './my-member-id.js';

/** The caller's in-app notifications, newest first, with how many are unread in all. */
export async function listMyNotifications(input: {
  db: Db;
  actor: Actor;
  unreadOnly?: boolean;
  cursor?: string;
  limit?: number;
}): Promise<{ items: InboxNotification[]; nextCursor: string | null; unreadCount: number }> {
  const memberId = myMemberId(input.actor);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const limit = input.limit ?? 50;
  const [rows, unreadCount] = await Promise.all([
    listMemberNotifications(input.db, memberId, {
      unreadOnly: input.unreadOnly ?? false,
      after,
      limit: limit + 1,
    }),
    countUnread(input.db, memberId),
  ]);
  return { ...toPage(rows, limit, (n) => ({ at: n.createdAt, id: n.id })), unreadCount };
}
