import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import { deleteAwayPeriod, findAwayPeriod } from '../../store/away-periods.js';
import type { Db } from '../../store/db.js';
import { followMemberLeave } from '../sla/follow-member-leave.js';

/**
 * Removes an away period (plans change): routing considers the member again
 * from now, and SLA clocks paused for the leave run again from now. The member
 * or a sales manager; a period of another member under this member's URL is
 * not found.
 */
export async function removeAwayPeriod(input: {
  db: Db;
  actor: Actor;
  memberId: string;
  periodId: string;
}): Promise<void> {
  const { db, actor, memberId, periodId } = input;
  authorize(actor, { action: 'member.set_availability', memberId });
  await db.transaction(async (tx) => {
    const period = await findAwayPeriod(tx, periodId);
    if (!period || period.memberId !== memberId)
      throw new AppError('not_found', 'No such away period for this member');
    await deleteAwayPeriod(tx, periodId);
    // Clocks paused for this leave run again from now (and are no longer scheduled to pause).
    await followMemberLeave(tx, memberId, new Date());
    await insertAudit(tx, actor, {
      action: 'member.away_removed',
      subjectType: 'member',
      subjectId: memberId,
      changes: {
        id: periodId,
        from: period.startsAt.toISOString(),
        to: period.endsAt.toISOString(),
      },
    });
  });
}
