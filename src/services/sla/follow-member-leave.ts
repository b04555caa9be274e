import type { Queryable } from '../../store/db.js';
import { lockMemberWatchedClocks } from '../../store/sla-clocks.js';
import { advanceClocks } from './advance-clocks.js';

/**
 * After a member's leave changed (added, shortened, removed), in that change's
 * transaction: their clocks are brought to `now` under the leave as it now
 * stands (paused from a leave's start, resumed where one no longer holds them)
 * and scheduled for the next start or end, so the change applies at once.
 */
export async function followMemberLeave(tx: Queryable, memberId: string, now: Date): Promise<void> {
  await advanceClocks(tx, await lockMemberWatchedClocks(tx, memberId), now);
}
