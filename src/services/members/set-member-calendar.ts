import { AppError } from '../../core/app-error.js';
import {
  type BusinessCalendar,
  defaultCalendar,
  validateCalendar,
} from '../../core/business-time/calendar.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { setMemberCalendar as storeCalendar } from '../../store/member-calendars.js';
import { findMemberById } from '../../store/members.js';

/**
 * Sets a member's working hours (null: back to Monday–Friday 09:00–17:00 in
 * their time zone) and returns the calendar now in force. SLA clocks already
 * running keep the due times computed when they started (DESIGN.md §5: due
 * times are computed once); the new hours apply to leads handed over from now.
 */
export async function setMemberCalendar(input: {
  db: Db;
  actor: Actor;
  memberId: string;
  calendar: unknown | null;
}): Promise<BusinessCalendar> {
  const { db, actor, memberId } = input;
  authorize(actor, { action: 'member.set_availability', memberId });
  let calendar: BusinessCalendar | null = null;
  if (input.calendar !== null) {
    const checked = validateCalendar(input.calendar);
    if (!checked.ok)
      throw new AppError(
        'validation_failed',
        `The calendar has ${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}`,
        {
          fields: checked.problems.map((p) => ({
            field: p.path === '' ? 'calendar' : `calendar/${p.path}`,
            message: p.message,
          })),
        },
      );
    calendar = checked.calendar;
  }
  return db.transaction(async (tx) => {
    const member = await findMemberById(tx, memberId);
    if (!member) throw new AppError('not_found', 'No member with that id');
    await storeCalendar(tx, memberId, calendar);
    await insertAudit(tx, actor, {
      action: 'member.calendar_set',
      subjectType: 'member',
      subjectId: memberId,
      changes: { calendar },
    });
    return calendar ?? defaultCalendar(member.timeZone);
  });
}
