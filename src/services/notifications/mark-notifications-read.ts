import { AppError } from '../../core/app-error.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { markNotificationsRead as markRead } from '../../store/notifications.js';
import { myMemberId } from './my-member-id.js';

/**
 * Marks the caller's own notifications read: the ids given, or all. Ids of
 * someone else's are passed over, not refused, so a stale list cannot reveal
 * which ids exist. Reading is one's own business: it is not audited.
 */
export async function markNotificationsRead(input: {
  db: Db;
  actor: Actor;
  ids?: string[];
  all?: boolean;
  now?: Date;
}): Promise<{ marked: number }> {
  const memberId = myMemberId(input.actor);
  if (!input.all && !input.ids?.length)
    throw new AppError('validation_failed', 'Say which notifications to mark: ids, or all: true', {
      fields: [{ field: 'ids', message: 'give ids or all: true' }],
    });
  if (input.all && input.ids)
    throw new AppError('validation_failed', 'Give ids or all: true, not both', {
      fields: [{ field: 'all', message: 'not together with ids' }],
    });
  const marked = await markRead(
    input.db,
    memberId,
    input.all ? null : input.ids!,
    input.now ?? new Date(),
  );
  return { marked };
}
