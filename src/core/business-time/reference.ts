import { DateTime, IANAZone } from 'luxon';
import type { BusinessCalendar } from './calendar.js';

/**
 * A deliberately naive reading of the business-time definition, for tests
 * only: it looks at one UTC minute at a time, asks luxon for that minute's
 * local date and clock, and checks the shifts of that date and of the day
 * before (for a night shift's tail). It shares no code with business-time.ts.
 * Exact for instants on whole minutes when every shift edge and offset change
 * falls on a whole minute, which holds for today's zones.
 */

export interface ReferenceMinute {
  /** The local date 'YYYY-MM-DD' whose shift covers this minute, if any. */
  owner: string | undefined;
  /** Local wall-clock time as if it were UTC ms, to compare wall-clock readings. */
  local: number;
}

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Start and end in minutes from the owning midnight; an end at or before the start is tomorrow's. */
export function referenceShifts(cal: BusinessCalendar): { day: number; s: number; e: number }[] {
  return cal.weeklyHours.map(({ day, start, end }) => {
    const s = minutes(start);
    const e = minutes(end);
    return { day, s, e: e <= s ? e + 1440 : e };
  });
}

export function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
}

/** The reference's verdict for `count` consecutive minutes from `from`. */
export function referenceWindow(
  cal: BusinessCalendar,
  from: number,
  count: number,
): ReferenceMinute[] {
  const day = 86_400_000;
  const zone = IANAZone.create(cal.timeZone);
  const shifts = referenceShifts(cal);
  // Local dates as UTC-midnight ms: the day before is then plain subtraction.
  const holidays = new Set(cal.holidays.map((h) => Date.parse(`${h}T00:00:00Z`)));
  const iso = (date: number) => new Date(date).toISOString().slice(0, 10);
  const result: ReferenceMinute[] = [];
  for (let i = 0; i < count; i++) {
    const dt = DateTime.fromMillis(from + i * 60_000, { zone });
    const date = Date.UTC(dt.year, dt.month - 1, dt.day);
    const time = dt.hour * 60 + dt.minute;
    const local = date + time * 60_000;
    const beforeWeekday = dt.weekday === 1 ? 7 : dt.weekday - 1;
    let owner: string | undefined;
    if (
      !holidays.has(date) &&
      shifts.some((s) => s.day === dt.weekday && s.s <= time && time < s.e)
    )
      owner = iso(date);
    else if (
      !holidays.has(date - day) &&
      shifts.some((s) => s.day === beforeWeekday && s.s <= time + 1440 && time + 1440 < s.e)
    )
      owner = iso(date - day);
    result.push({ owner, local });
  }
  return result;
}
