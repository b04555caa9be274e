import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { insertAwayPeriod } from '../../store/member-calendars.js';
import { findMemberById } from '../../store/members.js';
import { followMemberLeave } from '../sla/follow-member-leave.js';

/**
 * Records leave: routing passes the member over while now is in [from, to),
 * and the SLA clocks of the leads they hold are paused for it
 * (core/sla/away.ts): at once when the leave has begun (from its start, if it
 * was recorded late), else the clocks are scheduled to be looked at when it
 * begins, and the clock job pauses them then and resumes them at its end.
 */
export async function addAwayPeriod(input: {
  db: Db;
  actor: Actor;
  memberId: string;
  from: Date;
  to: Date;
  note?: string | null | undefined;
}): Promise<{ id: string }> {
  const { db, actor, memberId, from, to } = input;
  authorize(actor, { action: 'member.set_availability', memberId });
  if (!(to.getTime() > from.getTime()))
    throw new AppError('validation_failed', 'An away period must end after it starts', {
      fields: [{ field: 'to', message: 'must be after from' }],
    });
  return db.transaction(async (tx) => {
    if (!(await findMemberById(tx, memberId)))
      throw new AppError('not_found', 'No member with that id');
    const id = await insertAwayPeriod(tx, { memberId, from, to, note: input.note ?? null });
    await followMemberLeave(tx, memberId, new Date());
    await insertAudit(tx, actor, {
      action: 'member.away_added',
      subjectType: 'member',
      subjectId: memberId,
      changes: { id, from: from.toISOString(), to: to.toISOString() },
    });
    return { id };
  });
}
