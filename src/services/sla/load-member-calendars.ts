import {
  type BusinessCalendar,
  defaultCalendar,
  validateCalendar,
} from '../../core/business-time/calendar.js';
import type { Queryable } from '../../store/db.js';
import { loadMemberTimes } from '../../store/member-calendars.js';

/**
 * Each member's business calendar: the stored one, or Monday to Friday
 * 09:00–17:00 in their time zone when they set none. A stored document that no
 * longer validates (calendars are checked when written, so only a damaged row)
 * falls back to the default too: an SLA clock must always have a calendar, and
 * a wrong one is fixed by saving the member's hours again. A member unknown
 * here (deleted) gets the default in UTC.
 */
export async function loadMemberCalendars(
  q: Queryable,
  memberIds: readonly string[],
): Promise<(memberId: string | null) => BusinessCalendar> {
  const times = await loadMemberTimes(q, memberIds);
  const calendars = new Map<string, BusinessCalendar>();
  for (const t of times.values()) {
    const stored = t.calendar === null ? null : validateCalendar(t.calendar);
    calendars.set(t.memberId, stored?.ok ? stored.calendar : defaultCalendar(safeZone(t.timeZone)));
  }
  const fallback = defaultCalendar('UTC');
  return (memberId) => (memberId === null ? fallback : (calendars.get(memberId) ?? fallback));
}

function safeZone(zone: string): string {
  try {
    defaultCalendar(zone);
    return zone;
  } catch {
    return 'UTC';
  }
}
