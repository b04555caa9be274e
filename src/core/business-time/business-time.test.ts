import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
  isBusinessTime,
  nextBusinessStart,
} from './business-time.js';
import { type BusinessCalendar, type BusinessShift, defaultCalendar } from './calendar.js';

// Cases a person can check with a wall calendar: inputs and expectations are
// local wall-clock times with their UTC offset spelled out.

const H = 3_600_000;
const M = 60_000;

/** A local wall-clock time 'YYYY-MM-DDTHH:MM' in the zone (never an ambiguous one here). */
const at = (zone: string, local: string): Date => DateTime.fromISO(local, { zone }).toJSDate();
const show = (zone: string, d: Date): string =>
  DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');

const weekdays = [1, 2, 3, 4, 5] as const;
const everyDay = [1, 2, 3, 4, 5, 6, 7] as const;
const shifts = (days: readonly number[], start: string, end: string): BusinessShift[] =>
  days.map((day) => ({ day: day as BusinessShift['day'], start, end }));
const calendar = (
  timeZone: string,
  weeklyHours: BusinessShift[],
  holidays: string[] = [],
): BusinessCalendar => ({ timeZone, weeklyHours, holidays });

describe('a normal Mon–Fri 09:00–17:00 week in Europe/Berlin', () => {
  const zone = 'Europe/Berlin';
  const cal = defaultCalendar(zone);

  it('carries Friday afternoon work over the weekend (DST starts that weekend)', () => {
    const friday = at(zone, '2026-03-27T16:00');
    // Friday 16–17 is one hour, Monday 09–14 the other five.
    expect(show(zone, addBusinessTime(cal, friday, 6 * H))).toBe('2026-03-30 14:00 +02:00');
    expect(show(zone, addBusinessTime(cal, friday, 5 * H))).toBe('2026-03-30 13:00 +02:00');
    expect(show(zone, addBusinessTime(cal, friday, 1 * H))).toBe('2026-03-27 17:00 +01:00');
    expect(businessTimeBetween(cal, friday, at(zone, '2026-03-30T10:00'))).toBe(2 * H);
  });

  it('counts a weekend as no business time, and a backwards range as none', () => {
    const fridayClose = at(zone, '2026-03-27T17:00');
    const mondayOpen = at(zone, '2026-03-30T09:00');
    expect(businessTimeBetween(cal, fridayClose, mondayOpen)).toBe(0);
    expect(businessTimeBetween(cal, mondayOpen, fridayClose)).toBe(0);
    expect(isBusinessTime(cal, at(zone, '2026-03-28T12:00'))).toBe(false);
    expect(nextBusinessStart(cal, fridayClose)).toEqual(mondayOpen);
  });

  it('makes a week across a DST change exactly 40 hours, both ways round', () => {
    expect(
      businessTimeBetween(cal, at(zone, '2026-03-23T09:00'), at(zone, '2026-03-30T09:00')),
    ).toBe(40 * H);
    expect(
      businessTimeBetween(cal, at(zone, '2026-10-19T09:00'), at(zone, '2026-10-26T09:00')),
    ).toBe(40 * H);
    expect(show(zone, addBusinessTime(cal, at(zone, '2026-10-23T16:00'), 2 * H))).toBe(
      '2026-10-26 10:00 +01:00',
    );
  });

  it('returns the start itself for zero, and a shift end when time runs out there', () => {
    const saturday = at(zone, '2026-06-06T12:00');
    expect(addBusinessTime(cal, saturday, 0)).toEqual(saturday);
    expect(show(zone, addBusinessTime(cal, at(zone, '2026-06-05T09:00'), 8 * H))).toBe(
      '2026-06-05 17:00 +02:00',
    );
    expect(show(zone, addBusinessTime(cal, saturday, 1))).toBe('2026-06-08 09:00 +02:00');
  });
});

describe('DST nights with a 01:00–04:00 shift every day (plus Mon–Fri 09:00–17:00)', () => {
  const zone = 'Europe/Berlin';
  const cal = calendar(zone, [
    ...shifts(everyDay, '01:00', '04:00'),
    ...shifts(weekdays, '09:00', '17:00'),
  ]);

  it('spring forward (2026-03-29, 02:00 → 03:00): the shift is 2 real hours', () => {
    const saturdayNoon = at(zone, '2026-03-28T12:00');
    const sundayNoon = at(zone, '2026-03-29T12:00');
    expect(businessTimeBetween(cal, saturdayNoon, sundayNoon)).toBe(2 * H);
    const start = at(zone, '2026-03-29T01:00');
    expect(show(zone, addBusinessTime(cal, start, 1 * H))).toBe('2026-03-29 03:00 +02:00');
    expect(show(zone, addBusinessTime(cal, start, 2 * H))).toBe('2026-03-29 04:00 +02:00');
    expect(show(zone, addBusinessTime(cal, start, 2 * H + M))).toBe('2026-03-30 01:01 +02:00');
    // 01:59:59 CET is followed by 03:00 CEST, both inside the shift.
    expect(isBusinessTime(cal, new Date('2026-03-29T00:59:59Z'))).toBe(true);
    expect(isBusinessTime(cal, new Date('2026-03-29T01:00:00Z'))).toBe(true);
  });

  it('fall back (2026-10-25, 03:00 → 02:00): the shift is 4 real hours, 02:xx counted twice', () => {
    const saturdayNoon = at(zone, '2026-10-24T12:00');
    const sundayNoon = at(zone, '2026-10-25T12:00');
    expect(businessTimeBetween(cal, saturdayNoon, sundayNoon)).toBe(4 * H);
    const start = at(zone, '2026-10-25T01:00'); // 01:00 CEST, not ambiguous
    expect(show(zone, start)).toBe('2026-10-25 01:00 +02:00');
    expect(show(zone, addBusinessTime(cal, start, 3 * H))).toBe('2026-10-25 03:00 +01:00');
    expect(show(zone, addBusinessTime(cal, start, 4 * H))).toBe('2026-10-25 04:00 +01:00');
    // Local 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(isBusinessTime(cal, new Date('2026-10-25T00:30:00Z'))).toBe(true);
    expect(isBusinessTime(cal, new Date('2026-10-25T01:30:00Z'))).toBe(true);
  });
});

describe('America/New_York with a Saturday night shift 22:00–06:00', () => {
  const zone = 'America/New_York';
  const cal = calendar(zone, [
    ...shifts([6], '22:00', '06:00'),
    ...shifts(weekdays, '09:00', '17:00'),
  ]);

  it('2026-03-08 springs forward: Saturday night is 7 real hours', () => {
    const night = at(zone, '2026-03-07T22:00');
    expect(businessTimeBetween(cal, night, at(zone, '2026-03-08T12:00'))).toBe(7 * H);
    expect(show(zone, addBusinessTime(cal, night, 7 * H))).toBe('2026-03-08 06:00 -04:00');
    expect(show(zone, addBusinessTime(cal, night, 4 * H))).toBe('2026-03-08 03:00 -04:00');
  });

  it('2026-11-01 falls back: Saturday night is 9 real hours', () => {
    const night = at(zone, '2026-10-31T22:00');
    expect(businessTimeBetween(cal, night, at(zone, '2026-11-01T12:00'))).toBe(9 * H);
    expect(show(zone, addBusinessTime(cal, night, 9 * H))).toBe('2026-11-01 06:00 -05:00');
    expect(show(zone, addBusinessTime(cal, night, 4 * H))).toBe('2026-11-01 01:00 -05:00');
  });
});

describe('holidays', () => {
  const zone = 'Europe/Berlin';
  const cal = { ...defaultCalendar(zone), holidays: ['2026-12-25'] };

  it('skips Christmas Day (a Friday) like a weekend day', () => {
    const thursday = at(zone, '2026-12-24T16:00');
    expect(show(zone, addBusinessTime(cal, thursday, 1 * H))).toBe('2026-12-24 17:00 +01:00');
    expect(show(zone, addBusinessTime(cal, thursday, 2 * H))).toBe('2026-12-28 10:00 +01:00');
    expect(isBusinessTime(cal, at(zone, '2026-12-25T10:00'))).toBe(false);
    expect(
      businessTimeBetween(cal, at(zone, '2026-12-24T09:00'), at(zone, '2026-12-28T09:00')),
    ).toBe(8 * H);
  });
});

describe('a rep in Asia/Tokyo (UTC+9, no DST) given UTC instants', () => {
  const cal = defaultCalendar('Asia/Tokyo');

  it('works in Tokyo hours, whatever day it is in UTC', () => {
    // 06:00Z Friday is 15:00 in Tokyo: 2 hours on Friday, 2 on Monday.
    const start = new Date('2026-06-05T06:00:00Z');
    expect(addBusinessTime(cal, start, 4 * H).toISOString()).toBe('2026-06-08T02:00:00.000Z');
    // Sunday 23:30Z is Monday 08:30 in Tokyo; work starts at 00:00Z.
    expect(nextBusinessStart(cal, new Date('2026-06-07T23:30:00Z')).toISOString()).toBe(
      '2026-06-08T00:00:00.000Z',
    );
    expect(isBusinessTime(cal, new Date('2026-06-08T01:00:00Z'))).toBe(true);
    expect(isBusinessTime(cal, new Date('2026-06-05T10:00:00Z'))).toBe(false); // Fri 19:00
  });
});

describe('a split shift 09:00–12:00 + 13:00–17:00', () => {
  const zone = 'Europe/Berlin';
  const cal = calendar(zone, [
    ...shifts(weekdays, '09:00', '12:00'),
    ...shifts(weekdays, '13:00', '17:00'),
  ]);

  it('skips lunch', () => {
    const eleven = at(zone, '2026-06-01T11:00');
    expect(show(zone, addBusinessTime(cal, eleven, 2 * H))).toBe('2026-06-01 14:00 +02:00');
    expect(show(zone, addBusinessTime(cal, eleven, 1 * H))).toBe('2026-06-01 12:00 +02:00');
    expect(isBusinessTime(cal, at(zone, '2026-06-01T12:30'))).toBe(false);
    expect(show(zone, nextBusinessStart(cal, at(zone, '2026-06-01T12:30')))).toBe(
      '2026-06-01 13:00 +02:00',
    );
    expect(
      businessTimeBetween(cal, at(zone, '2026-06-01T08:00'), at(zone, '2026-06-01T18:00')),
    ).toBe(7 * H);
  });
});

describe('a night shift 22:00–06:00 starting Monday to Friday', () => {
  const zone = 'Europe/Berlin';
  // 2026-06-03 is a Wednesday: its night (Wed 22:00 – Thu 06:00) is off.
  const cal = calendar(zone, shifts(weekdays, '22:00', '06:00'), ['2026-06-03']);

  it("belongs to the evening it starts: Saturday's early hours work, Monday's do not", () => {
    expect(isBusinessTime(cal, at(zone, '2026-06-06T02:00'))).toBe(true); // Friday's night
    expect(isBusinessTime(cal, at(zone, '2026-06-08T02:00'))).toBe(false); // Sunday's: none
    expect(isBusinessTime(cal, at(zone, '2026-06-07T23:00'))).toBe(false);
    expect(
      businessTimeBetween(cal, at(zone, '2026-06-05T12:00'), at(zone, '2026-06-08T12:00')),
    ).toBe(8 * H);
  });

  it("a holiday on the start date removes that night's tail, not the tail into it", () => {
    expect(isBusinessTime(cal, at(zone, '2026-06-03T03:00'))).toBe(true); // Tuesday's night
    expect(isBusinessTime(cal, at(zone, '2026-06-03T23:00'))).toBe(false);
    expect(isBusinessTime(cal, at(zone, '2026-06-04T03:00'))).toBe(false); // Wednesday's night
    // Tue 23:00 → Wed 06:00 is 7 hours; Wednesday's night is off; 1 more from Thu 22:00.
    expect(show(zone, addBusinessTime(cal, at(zone, '2026-06-02T23:00'), 8 * H))).toBe(
      '2026-06-04 23:00 +02:00',
    );
  });
});

describe('addBusinessDays: the end of the Nth working day after the one work resumes on', () => {
  const zone = 'Europe/Berlin';
  const cal = defaultCalendar(zone);
  const days = (local: string, n: number, c: BusinessCalendar = cal) =>
    show(zone, addBusinessDays(c, at(zone, local), n));

  it('counts from the working day of the start, or of the next opening after hours', () => {
    expect(days('2026-06-01T10:00', 1)).toBe('2026-06-02 17:00 +02:00'); // Mon → Tue
    expect(days('2026-06-01T10:00', 0)).toBe('2026-06-01 17:00 +02:00');
    expect(days('2026-06-01T08:00', 1)).toBe('2026-06-02 17:00 +02:00'); // before opening
    expect(days('2026-06-05T18:00', 1)).toBe('2026-06-09 17:00 +02:00'); // Fri evening: Mon is day 0
    expect(days('2026-06-06T12:00', 0)).toBe('2026-06-08 17:00 +02:00'); // Saturday
    expect(days('2026-03-27T10:00', 1)).toBe('2026-03-30 17:00 +02:00'); // across DST
  });

  it('gives "4 attempts within 12 business days" over Christmas and New Year', () => {
    const holidays = ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'];
    // Day 0 Mon 21 Dec; 1–2 Tue, Wed; 3–5 Mon 28 – Wed 30; 6–10 Mon 4 – Fri 8 Jan; 11–12 Mon, Tue.
    expect(days('2026-12-21T10:00', 12, { ...cal, holidays })).toBe('2027-01-12 17:00 +01:00');
  });

  it("dates a night shift's after-midnight part by the evening it began", () => {
    const night = calendar(zone, shifts(weekdays, '22:00', '06:00'));
    expect(days('2026-06-02T03:00', 0, night)).toBe('2026-06-02 06:00 +02:00'); // Monday's night
    expect(days('2026-06-02T03:00', 1, night)).toBe('2026-06-03 06:00 +02:00');
    expect(days('2026-06-02T07:00', 0, night)).toBe('2026-06-03 06:00 +02:00'); // Tuesday's night
  });

  it('ends at the later 02:30 when the hour repeats, at the jump when it is skipped', () => {
    const sunday = calendar(zone, shifts([7], '00:00', '02:30'));
    expect(days('2026-10-24T12:00', 0, sunday)).toBe('2026-10-25 02:30 +01:00');
    expect(
      businessTimeBetween(sunday, at(zone, '2026-10-24T12:00'), at(zone, '2026-10-26T00:00')),
    ).toBe(3 * H);
    const early = calendar(zone, shifts([7], '01:00', '02:30'));
    expect(days('2026-03-28T12:00', 0, early)).toBe('2026-03-29 03:00 +02:00');
    expect(
      businessTimeBetween(early, at(zone, '2026-03-28T12:00'), at(zone, '2026-03-30T00:00')),
    ).toBe(1 * H);
  });
});

describe('odd zones', () => {
  it('Pacific/Apia skipped Friday 2011-12-30 entirely', () => {
    const zone = 'Pacific/Apia';
    const cal = defaultCalendar(zone);
    const thursday = at(zone, '2011-12-29T16:00');
    expect(show(zone, addBusinessTime(cal, thursday, 2 * H))).toBe('2012-01-02 10:00 +14:00');
    expect(show(zone, addBusinessDays(cal, thursday, 1))).toBe('2012-01-02 17:00 +14:00');
  });

  it('Australia/Lord_Howe falls back half an hour (2026-04-05, 02:00 → 01:30)', () => {
    const zone = 'Australia/Lord_Howe';
    const cal = calendar(zone, shifts(everyDay, '01:00', '03:00'));
    const saturdayNoon = at(zone, '2026-04-04T12:00');
    expect(businessTimeBetween(cal, saturdayNoon, at(zone, '2026-04-05T12:00'))).toBe(2.5 * H);
  });
});

describe('guards', () => {
  const zone = 'Europe/Berlin';

  it('refuses an invalid calendar, naming the problem', () => {
    const empty = calendar(zone, []);
    expect(() => isBusinessTime(empty, new Date())).toThrow(
      /invalid business calendar: weeklyHours must hold at least one shift/,
    );
    const badZone = { ...defaultCalendar(zone), timeZone: 'Mars/Olympus' };
    expect(() => addBusinessTime(badZone, new Date(), 1)).toThrow(/timeZone must be an IANA/);
  });

  it('refuses negative or fractional durations and invalid dates', () => {
    const cal = defaultCalendar(zone);
    expect(() => addBusinessTime(cal, new Date(), -1)).toThrow(RangeError);
    expect(() => addBusinessTime(cal, new Date(), 1.5)).toThrow(RangeError);
    expect(() => addBusinessDays(cal, new Date(), -1)).toThrow(RangeError);
    expect(() => nextBusinessStart(cal, new Date(Number.NaN))).toThrow(RangeError);
  });

  it('gives up after ten years without working time instead of looping', () => {
    // Mondays only, and every Monday a holiday for eleven years.
    const holidays: string[] = [];
    for (let d = DateTime.fromISO('2026-01-05'); d.year < 2037; d = d.plus({ weeks: 1 }))
      holidays.push(d.toISODate()!);
    const cal = calendar(zone, shifts([1], '09:00', '17:00'), holidays);
    const start = at(zone, '2026-01-01T00:00');
    expect(() => addBusinessTime(cal, start, H)).toThrow(/no working time within ten years/);
    expect(() => nextBusinessStart(cal, start)).toThrow(/no working time within ten years/);
    expect(() => addBusinessDays(cal, start, 1)).toThrow(/within ten years/);
    expect(businessTimeBetween(cal, start, at(zone, '2036-12-31T00:00'))).toBe(0);
  });
});
