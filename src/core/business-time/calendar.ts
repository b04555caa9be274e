import { IANAZone } from 'luxon';

/**
 * A member's business calendar: the wall-clock hours they work, in their own
 * time zone, minus holidays. SLA clocks fall due in the owner's calendar, so
 * this is the one place that says what "business time" means.
 *
 * A shift belongs to the local date it starts on: that date's ISO weekday picks
 * it, and a holiday on that date removes all of it, including the part of a
 * night shift that runs past midnight into the next day.
 */

/** ISO weekday: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface BusinessShift {
  day: IsoWeekday;
  /** Local wall-clock 'HH:MM'. */
  start: string;
  /**
   * Local wall-clock 'HH:MM' ('24:00' allowed). An end at or before the start
   * runs into the next day, so '22:00'–'06:00' is a night shift and
   * '09:00'–'09:00' a 24-hour one.
   */
  end: string;
}

export interface BusinessCalendar {
  /** IANA time zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
  weeklyHours: BusinessShift[];
  /** Local dates 'YYYY-MM-DD' on which no shift starts. */
  holidays: string[];
}

export interface CalendarProblem {
  path: string;
  message: string;
}

export type CalendarValidation =
  | { ok: true; calendar: BusinessCalendar }
  | { ok: false; problems: CalendarProblem[] };

export const calendarLimits = {
  shifts: 70,
  holidays: 2000,
} as const;

export const minutesPerDay = 1440;
const minutesPerWeek = 7 * minutesPerDay;

const dayNames = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const clockPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight for 'HH:MM', or undefined; '24:00' only where allowed. */
export function parseClock(value: string, allowMidnightEnd = false): number | undefined {
  if (allowMidnightEnd && value === '24:00') return minutesPerDay;
  const m = clockPattern.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Days since 1970-01-01 for a real calendar date 'YYYY-MM-DD', or undefined.
 * Date.UTC rolls 2026-02-30 over into March, so the round trip catches it.
 */
export function parseLocalDate(value: string): number | undefined {
  const m = datePattern.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / 86_400_000;
}

/**
 * The shift's minutes from its own day's midnight: end is in (start, start + 1440],
 * so a night shift's end lies past 1440.
 */
export function shiftMinutes(start: number, end: number): { start: number; end: number } {
  return { start, end: end <= start ? end + minutesPerDay : end };
}

const knownZones = new Set<string>();

/**
 * Offset strings like '+05:00' are refused: they carry no DST rules and only
 * some runtimes accept them. Valid names are remembered because asking Intl
 * builds a formatter each time.
 */
export function isTimeZone(value: string): boolean {
  if (knownZones.has(value)) return true;
  if (!/^[A-Za-z]/.test(value) || !IANAZone.isValidZone(value)) return false;
  knownZones.add(value);
  return true;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface CheckedShift {
  index: number;
  day: IsoWeekday;
  start: number;
  end: number;
  label: string;
}

function checkShift(
  value: unknown,
  path: string,
  index: number,
  add: (path: string, message: string) => void,
): CheckedShift | undefined {
  if (!isObject(value)) {
    add(path, 'must be an object with day, start and end');
    return undefined;
  }
  for (const key of Object.keys(value))
    if (!['day', 'start', 'end'].includes(key)) add(`${path}/${key}`, 'is not a known field');
  const { day, start, end } = value;
  let ok = true;
  if (day === undefined) {
    add(`${path}/day`, 'is required');
    ok = false;
  } else if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 7) {
    add(`${path}/day`, 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)');
    ok = false;
  }
  const clock = (v: unknown, key: 'start' | 'end'): number | undefined => {
    if (v === undefined) {
      add(`${path}/${key}`, 'is required');
      return undefined;
    }
    const minutes = typeof v === 'string' ? parseClock(v, key === 'end') : undefined;
    if (minutes === undefined)
      add(
        `${path}/${key}`,
        key === 'end'
          ? "must be a time 'HH:MM' from 00:00 to 24:00"
          : "must be a time 'HH:MM' from 00:00 to 23:59",
      );
    return minutes;
  };
  const s = clock(start, 'start');
  const e = clock(end, 'end');
  if (!ok || s === undefined || e === undefined) return undefined;
  const span = shiftMinutes(s, e);
  return {
    index,
    day: day as IsoWeekday,
    ...span,
    label: `${dayNames[day as IsoWeekday]} ${start}–${end}`,
  };
}

/**
 * Shifts are placed on one week of minutes from Monday 00:00; a Sunday night
 * shift wraps into Monday, so intervals are compared around the cycle.
 */
function overlapsInWeek(a: CheckedShift, b: CheckedShift): boolean {
  const a0 = (a.day - 1) * minutesPerDay + a.start;
  const a1 = a0 + (a.end - a.start);
  const b0 = (b.day - 1) * minutesPerDay + b.start;
  const b1 = b0 + (b.end - b.start);
  for (const shift of [-minutesPerWeek, 0, minutesPerWeek])
    if (a0 < b1 + shift && b0 + shift < a1) return true;
  return false;
}

/**
 * Checks a calendar document and reports every problem at once, each with the
 * JSON path of the offending value ("weeklyHours/2/end"), so an editor can show
 * them beside the fields. On success the calendar returned is a fresh copy
 * holding only the known fields.
 */
export function validateCalendar(input: unknown): CalendarValidation {
  const problems: CalendarProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input)) {
    add('', 'must be an object with timeZone, weeklyHours and holidays');
    return { ok: false, problems };
  }
  for (const key of Object.keys(input))
    if (!['timeZone', 'weeklyHours', 'holidays'].includes(key)) add(key, 'is not a known field');

  const { timeZone, weeklyHours, holidays } = input;
  if (timeZone === undefined) add('timeZone', 'is required');
  else if (typeof timeZone !== 'string' || !isTimeZone(timeZone))
    add('timeZone', "must be an IANA time zone such as 'Europe/Berlin'");

  const shifts: CheckedShift[] = [];
  if (weeklyHours === undefined) add('weeklyHours', 'is required');
  else if (!Array.isArray(weeklyHours)) add('weeklyHours', 'must be a list of shifts');
  else if (weeklyHours.length === 0)
    add('weeklyHours', 'must hold at least one shift: a week without working time never ends');
  else if (weeklyHours.length > calendarLimits.shifts)
    add('weeklyHours', `must hold at most ${calendarLimits.shifts} shifts`);
  else
    weeklyHours.forEach((value, i) => {
      const shift = checkShift(value, `weeklyHours/${i}`, i, add);
      if (shift) shifts.push(shift);
    });

  for (let j = 0; j < shifts.length; j++) {
    const b = shifts[j]!;
    for (let i = 0; i < j; i++) {
      const a = shifts[i]!;
      if (a.day === b.day && a.start === b.start && a.end === b.end) {
        add(`weeklyHours/${b.index}`, `duplicates weeklyHours/${a.index} (${a.label})`);
        break;
      }
      if (overlapsInWeek(a, b)) {
        add(`weeklyHours/${b.index}`, `overlaps weeklyHours/${a.index} (${a.label})`);
        break;
      }
    }
  }

  if (holidays === undefined) add('holidays', 'is required (use [] for none)');
  else if (!Array.isArray(holidays)) add('holidays', "must be a list of dates 'YYYY-MM-DD'");
  else if (holidays.length > calendarLimits.holidays)
    add('holidays', `must hold at most ${calendarLimits.holidays} dates`);
  else {
    const seen = new Map<string, number>();
    holidays.forEach((value, i) => {
      if (typeof value !== 'string' || parseLocalDate(value) === undefined) {
        add(`holidays/${i}`, "must be a real date 'YYYY-MM-DD'");
        return;
      }
      const first = seen.get(value);
      if (first !== undefined) add(`holidays/${i}`, `duplicates holidays/${first} (${value})`);
      else seen.set(value, i);
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  const known = input as unknown as BusinessCalendar;
  return {
    ok: true,
    calendar: {
      timeZone: known.timeZone,
      weeklyHours: known.weeklyHours.map(({ day, start, end }) => ({ day, start, end })),
      holidays: [...known.holidays],
    },
  };
}

/** Monday to Friday, 09:00–17:00, no holidays: what a new member starts with. */
export function defaultCalendar(timeZone: string): BusinessCalendar {
  if (!isTimeZone(timeZone)) throw new RangeError(`not an IANA time zone: '${timeZone}'`);
  return {
    timeZone,
    weeklyHours: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
    holidays: [],
  };
}
