import { IANAZone } from 'luxon';
import {
  type BusinessCalendar,
  parseClock,
  parseLocalDate,
  shiftMinutes,
  validateCalendar,
} from './calendar.js';

/**
 * Business-time arithmetic over a BusinessCalendar. The definition everything
 * here follows:
 *
 *   An instant is business time iff its local wall-clock time in the calendar's
 *   zone lies in [start, end) of a shift, where a shift belongs to the local
 *   date it starts on: that date's ISO weekday picks the shifts, and a holiday
 *   on that date removes them, including a night shift's after-midnight tail.
 *
 * Consequences across DST, which follow from the definition rather than from
 * special cases: a local hour skipped in spring never happens, so a 01:00–05:00
 * shift that night is three real hours; a local hour repeated in autumn is
 * business time both times if it lies inside a shift.
 *
 * How: real time is cut into UTC days, each split where the zone's offset
 * changes. Inside such a segment wall-clock time is real time plus a constant,
 * so the shifts' wall-clock intervals map to real ones by one subtraction. The
 * work is per day, never per minute. Assumed: no zone changes its offset and
 * back again within one UTC day (the offset is compared at each day's ends).
 *
 * Instants are Dates and durations whole milliseconds. Calendars are compiled
 * (and validated) once per object, so they must not be mutated after first use.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Offsets stay well within ±16 h (historic local mean times included). */
const OFFSET_REACH = 26 * 3_600_000;
/** A walk that meets no working time for this long gives up instead of looping. */
const SEARCH_LIMIT = 10 * 366 * DAY;
const SEGMENT_CACHE_LIMIT = 50_000;

interface Segment {
  start: number;
  end: number;
  /** Wall clock minus real time, ms. */
  offset: number;
}

interface Shift {
  /** ms from the owning date's local midnight; end may pass the next midnight. */
  start: number;
  end: number;
}

interface Compiled {
  zone: IANAZone;
  /** Indexed by ISO weekday 1..7, sorted by start. */
  shifts: readonly (readonly Shift[])[];
  /** Local dates as days since 1970-01-01. */
  holidays: ReadonlySet<number>;
  segments: Map<number, readonly Segment[]>;
}

const compiled = new WeakMap<BusinessCalendar, Compiled>();
/** Offsets depend only on the zone, so every calendar in a zone shares them. */
const segmentsByZone = new Map<string, Map<number, readonly Segment[]>>();

function compile(cal: BusinessCalendar): Compiled {
  const hit = compiled.get(cal);
  if (hit) return hit;
  const checked = validateCalendar(cal);
  if (!checked.ok) {
    const list = checked.problems.map((p) => `${p.path || 'calendar'} ${p.message}`);
    throw new Error(`invalid business calendar: ${list.join('; ')}`);
  }
  const shifts: Shift[][] = [[], [], [], [], [], [], [], []];
  for (const { day, start, end } of cal.weeklyHours) {
    const span = shiftMinutes(parseClock(start)!, parseClock(end, true)!);
    shifts[day]!.push({ start: span.start * MINUTE, end: span.end * MINUTE });
  }
  for (const list of shifts) list.sort((a, b) => a.start - b.start);
  let segments = segmentsByZone.get(cal.timeZone);
  if (!segments) {
    segments = new Map();
    segmentsByZone.set(cal.timeZone, segments);
  }
  const result: Compiled = {
    zone: IANAZone.create(cal.timeZone),
    shifts,
    holidays: new Set(cal.holidays.map((d) => parseLocalDate(d)!)),
    segments,
  };
  compiled.set(cal, result);
  return result;
}

/** Luxon answers in minutes, fractional for historic offsets with seconds. */
function offsetAt(zone: IANAZone, t: number): number {
  return Math.round(zone.offset(t) * MINUTE);
}

/** The constant-offset pieces of UTC day k, cached per zone. */
function daySegments(c: Compiled, k: number): readonly Segment[] {
  const hit = c.segments.get(k);
  if (hit) return hit;
  const end = (k + 1) * DAY;
  const endOffset = offsetAt(c.zone, end);
  const result: Segment[] = [];
  let from = k * DAY;
  let offset = offsetAt(c.zone, from);
  while (offset !== endOffset && from < end) {
    // Bisect to the exact millisecond the offset changes.
    let lo = from;
    let hi = end;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(c.zone, mid) === offset) lo = mid;
      else hi = mid;
    }
    result.push({ start: from, end: hi, offset });
    from = hi;
    offset = offsetAt(c.zone, hi);
  }
  if (from < end) result.push({ start: from, end, offset });
  if (c.segments.size >= SEGMENT_CACHE_LIMIT) c.segments.clear();
  c.segments.set(k, result);
  return result;
}

function weekday(date: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((date + 3) % 7) + 7) % 7) + 1;
}

function shiftsOf(c: Compiled, date: number): readonly Shift[] {
  return c.holidays.has(date) ? [] : c.shifts[weekday(date)]!;
}

type Visit = (start: number, end: number, date: number) => boolean;

/**
 * Calls visit with the business intervals in [from, until) in real-time order
 * (pieces of shifts, cut at UTC midnights and offset changes), each with the
 * local date its shift belongs to, until visit returns true. Returns whether
 * it was stopped. An open-ended walk that finds no working time for ten years
 * throws rather than spinning on a calendar of holidays.
 */
function walk(c: Compiled, from: number, until: number, visit: Visit): boolean {
  let lastFound = from;
  for (let k = Math.floor(from / DAY); k * DAY < until; k++) {
    if (until === Number.POSITIVE_INFINITY && k * DAY - lastFound > SEARCH_LIMIT)
      throw new Error(
        `the business calendar in ${c.zone.name} has no working time within ten years after ${new Date(lastFound).toISOString()}`,
      );
    for (const seg of daySegments(c, k)) {
      const lo = Math.max(seg.start, from);
      const hi = Math.min(seg.end, until);
      if (lo >= hi) continue;
      const localLo = lo + seg.offset;
      const localHi = hi + seg.offset;
      // A night shift of the previous date can reach into this range.
      const last = Math.floor((localHi - 1) / DAY);
      for (let date = Math.floor(localLo / DAY) - 1; date <= last; date++) {
        const midnight = date * DAY;
        for (const shift of shiftsOf(c, date)) {
          const a = Math.max(midnight + shift.start, localLo);
          const b = Math.min(midnight + shift.end, localHi);
          if (a >= b) continue;
          lastFound = b - seg.offset;
          if (visit(a - seg.offset, b - seg.offset, date)) return true;
        }
      }
    }
  }
  return false;
}

function instantOf(value: Date, name: string): number {
  const t = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a valid Date`);
  return t;
}

function wholeAtLeastZero(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
}

export function isBusinessTime(cal: BusinessCalendar, instant: Date): boolean {
  const c = compile(cal);
  const t = instantOf(instant, 'instant');
  const segments = daySegments(c, Math.floor(t / DAY));
  const offset = (segments.find((s) => t < s.end) ?? segments[segments.length - 1]!).offset;
  const local = t + offset;
  const date = Math.floor(local / DAY);
  const time = local - date * DAY;
  return (
    shiftsOf(c, date).some((s) => s.start <= time && time < s.end) ||
    shiftsOf(c, date - 1).some((s) => s.start <= time + DAY && time + DAY < s.end)
  );
}

/** The first business instant at or after `instant`: itself if it is business time. */
export function nextBusinessStart(cal: BusinessCalendar, instant: Date): Date {
  const c = compile(cal);
  let found = 0;
  walk(c, instantOf(instant, 'instant'), Number.POSITIVE_INFINITY, (a) => {
    found = a;
    return true;
  });
  return new Date(found);
}

/**
 * The earliest instant by which `ms` of business time has elapsed since
 * `start`. Hence 0 returns start unchanged (even outside business hours), and
 * a duration that is used up exactly at a shift's end returns that end, not
 * the next shift's start.
 */
export function addBusinessTime(cal: BusinessCalendar, start: Date, ms: number): Date {
  const c = compile(cal);
  const from = instantOf(start, 'start');
  wholeAtLeastZero(ms, 'ms');
  if (ms === 0) return new Date(from);
  let remaining = ms;
  let result = from;
  walk(c, from, Number.POSITIVE_INFINITY, (a, b) => {
    if (remaining <= b - a) {
      result = a + remaining;
      return true;
    }
    remaining -= b - a;
    return false;
  });
  return new Date(result);
}

/** Business time in [a, b), in ms; 0 when b is not after a. */
export function businessTimeBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  const c = compile(cal);
  const from = instantOf(a, 'a');
  const until = instantOf(b, 'b');
  if (until <= from) return 0;
  let total = 0;
  walk(c, from, until, (x, y) => {
    total += y - x;
    return false;
  });
  return total;
}

/**
 * The deadline for "within `days` business days" of `start`.
 *
 * A working day is a local date that is not a holiday and whose shifts take
 * some real time (a weekday with shifts, unless the zone skipped that date or
 * those hours, as Pacific/Apia skipped 2011-12-30). Day 0 is the working day owning the first business instant at or
 * after start: the date of the shift start falls in (for the after-midnight
 * tail of a night shift, the evening it began), or else of the next shift. A
 * lead that arrives after hours is therefore treated like one arriving when
 * work resumes, and two starts with no business time between them share a
 * deadline. The deadline is the end of the last shift of the `days`-th
 * working day after day 0 (so 0 means "by close of business today"), taken as
 * the moment the wall clock finally passes that end: the later pass if the
 * hour repeats, the jump if it is skipped.
 *
 * Example, Mon–Fri 09:00–17:00: Monday 10:00 + 1 → Tuesday 17:00; Friday
 * 18:00 + 1 → Tuesday 17:00 (Monday is day 0); Monday 10:00 + 0 → Monday 17:00.
 */
export function addBusinessDays(cal: BusinessCalendar, start: Date, days: number): Date {
  const c = compile(cal);
  const from = instantOf(start, 'start');
  wholeAtLeastZero(days, 'days');
  let date = 0;
  walk(c, from, Number.POSITIVE_INFINITY, (_a, _b, owner) => {
    date = owner;
    return true;
  });
  const giveUp = date + days + SEARCH_LIMIT / DAY;
  for (let counted = 0; counted < days; counted++) {
    do {
      date++;
      if (date > giveUp)
        throw new Error(
          `the business calendar in ${c.zone.name} has no working day within ten years`,
        );
    } while (!isWorkingDay(c, date));
  }
  const shifts = shiftsOf(c, date);
  return new Date(wallClockPassed(c, date * DAY + shifts[shifts.length - 1]!.end));
}

function isWorkingDay(c: Compiled, date: number): boolean {
  const shifts = shiftsOf(c, date);
  if (shifts.length === 0) return false;
  const midnight = date * DAY;
  const lo = midnight + shifts[0]!.start - OFFSET_REACH;
  const hi = midnight + shifts[shifts.length - 1]!.end + OFFSET_REACH;
  for (let k = Math.floor(lo / DAY); k * DAY < hi; k++)
    for (const seg of daySegments(c, k))
      for (const shift of shifts)
        if (
          midnight + shift.start < seg.end + seg.offset &&
          seg.start + seg.offset < midnight + shift.end
        )
          return true;
  return false;
}

/** The instant after which the local wall clock never again reads earlier than `local`. */
function wallClockPassed(c: Compiled, local: number): number {
  const lo = local - OFFSET_REACH;
  const hi = local + OFFSET_REACH;
  let result = lo;
  for (let k = Math.floor(lo / DAY); k * DAY < hi; k++)
    for (const seg of daySegments(c, k)) {
      const a = Math.max(seg.start, lo);
      const b = Math.min(seg.end, hi);
      if (a < b && a + seg.offset < local)
        result = Math.max(result, Math.min(b, local - seg.offset));
    }
  return result;
}
