import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { type AwayPeriodRow, listMemberAwayPeriods } from '../../store/away-periods.js';
import type { Queryable } from '../../store/db.js';
import { findMemberById } from '../../store/members.js';

/** A member's away periods, earliest first; everyone may see who is away (routing does). */
export async function listAwayPeriods(input: {
  db: Queryable;
  actor: Actor;
  memberId: string;
}): Promise<AwayPeriodRow[]> {
  authorize(input.actor, { action: 'member.read' });
  if (!(await findMemberById(input.db, input.memberId)))
    throw new AppError('not_found', 'No member with that id');
  return listMemberAwayPeriods(input.db, input.memberId);
}
