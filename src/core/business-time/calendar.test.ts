import { describe, expect, it } from 'vitest';
import { defaultCalendar, validateCalendar } from './calendar.js';

const problemsOf = (input: unknown) => {
  const result = validateCalendar(input);
  return result.ok ? [] : result.problems;
};

const base = {
  timeZone: 'Europe/Berlin',
  weeklyHours: [{ day: 1, start: '09:00', end: '17:00' }],
  holidays: [],
};

describe('validateCalendar', () => {
  it('accepts the default calendar and returns a copy with only the known fields', () => {
    const cal = defaultCalendar('America/New_York');
    const result = validateCalendar(cal);
    expect(result).toEqual({ ok: true, calendar: cal });
    if (result.ok) expect(result.calendar).not.toBe(cal);
    expect(cal.weeklyHours.map((s) => s.day)).toEqual([1, 2, 3, 4, 5]);
  });

  it('accepts split shifts, night shifts, 24-hour shifts and a 24:00 end', () => {
    const result = validateCalendar({
      timeZone: 'Asia/Kolkata',
      weeklyHours: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '13:00', end: '17:00' },
        { day: 2, start: '22:00', end: '06:00' },
        { day: 3, start: '06:00', end: '06:00' }, // Wed 06:00 → Thu 06:00
        { day: 4, start: '18:00', end: '24:00' },
        { day: 7, start: '23:00', end: '09:00' }, // Sunday night into Monday, before 09:00
      ],
      holidays: ['2026-12-25'],
    });
    expect(result.ok).toBe(true);
  });

  it('names a bad zone, and refuses offsets that are not IANA zones', () => {
    for (const timeZone of ['Mars/Olympus', '+05:00', '', 42])
      expect(problemsOf({ ...base, timeZone })).toEqual([
        { path: 'timeZone', message: "must be an IANA time zone such as 'Europe/Berlin'" },
      ]);
    expect(() => defaultCalendar('Mars/Olympus')).toThrow(RangeError);
  });

  it('names every bad shift field by path', () => {
    const problems = problemsOf({
      ...base,
      weeklyHours: [
        { day: 0, start: '9:00', end: '17:60' },
        { day: 8, start: '24:00', end: '25:00' },
        { day: 1.5, start: 900, end: '17:00', note: 'x' },
        { start: '09:00' },
        'Mon 9-5',
      ],
    });
    expect(problems).toEqual([
      {
        path: 'weeklyHours/0/day',
        message: 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)',
      },
      { path: 'weeklyHours/0/start', message: "must be a time 'HH:MM' from 00:00 to 23:59" },
      { path: 'weeklyHours/0/end', message: "must be a time 'HH:MM' from 00:00 to 24:00" },
      {
        path: 'weeklyHours/1/day',
        message: 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)',
      },
      { path: 'weeklyHours/1/start', message: "must be a time 'HH:MM' from 00:00 to 23:59" },
      { path: 'weeklyHours/1/end', message: "must be a time 'HH:MM' from 00:00 to 24:00" },
      { path: 'weeklyHours/2/note', message: 'is not a known field' },
      {
        path: 'weeklyHours/2/day',
        message: 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)',
      },
      { path: 'weeklyHours/2/start', message: "must be a time 'HH:MM' from 00:00 to 23:59" },
      { path: 'weeklyHours/3/day', message: 'is required' },
      { path: 'weeklyHours/3/end', message: 'is required' },
      { path: 'weeklyHours/4', message: 'must be an object with day, start and end' },
    ]);
  });

  it('names overlaps and duplicates, including a night shift running into the next day', () => {
    const problems = problemsOf({
      ...base,
      weeklyHours: [
        { day: 1, start: '09:00', end: '17:00' },
        { day: 1, start: '12:00', end: '13:00' }, // inside Monday's day
        { day: 1, start: '09:00', end: '17:00' }, // the same again
        { day: 2, start: '22:00', end: '06:00' },
        { day: 3, start: '05:00', end: '08:00' }, // Tuesday's night is still on
        { day: 7, start: '20:00', end: '10:00' }, // Sunday night reaches Monday 09:00
        { day: 5, start: '17:00', end: '18:00' },
        { day: 5, start: '16:00', end: '17:00' }, // touching is fine
      ],
    });
    expect(problems).toEqual([
      { path: 'weeklyHours/1', message: 'overlaps weeklyHours/0 (Mon 09:00–17:00)' },
      { path: 'weeklyHours/2', message: 'duplicates weeklyHours/0 (Mon 09:00–17:00)' },
      { path: 'weeklyHours/4', message: 'overlaps weeklyHours/3 (Tue 22:00–06:00)' },
      { path: 'weeklyHours/5', message: 'overlaps weeklyHours/0 (Mon 09:00–17:00)' },
    ]);
  });

  it('refuses an empty week, which would have no business time at all', () => {
    expect(problemsOf({ ...base, weeklyHours: [] })).toEqual([
      {
        path: 'weeklyHours',
        message: 'must hold at least one shift: a week without working time never ends',
      },
    ]);
    expect(problemsOf({ ...base, weeklyHours: 'Mon-Fri' })).toEqual([
      { path: 'weeklyHours', message: 'must be a list of shifts' },
    ]);
  });

  it('names bad and duplicate holidays by index', () => {
    const problems = problemsOf({
      ...base,
      holidays: ['2026-12-25', '2026-02-30', '25.12.2026', 20261225, '2026-12-25'],
    });
    expect(problems).toEqual([
      { path: 'holidays/1', message: "must be a real date 'YYYY-MM-DD'" },
      { path: 'holidays/2', message: "must be a real date 'YYYY-MM-DD'" },
      { path: 'holidays/3', message: "must be a real date 'YYYY-MM-DD'" },
      { path: 'holidays/4', message: 'duplicates holidays/0 (2026-12-25)' },
    ]);
  });

  it('names missing and unknown top-level fields, and a non-object', () => {
    expect(problemsOf({ timeZone: 'UTC', extra: true })).toEqual([
      { path: 'extra', message: 'is not a known field' },
      { path: 'weeklyHours', message: 'is required' },
      { path: 'holidays', message: 'is required (use [] for none)' },
    ]);
    expect(problemsOf(null)).toEqual([
      { path: '', message: 'must be an object with timeZone, weeklyHours and holidays' },
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      timeZone: 'Nowhere/Land',
      weeklyHours: [{ day: 9, start: '09:00', end: '17:00' }],
      holidays: ['someday'],
    });
    expect(problems.map((p) => p.path)).toEqual(['timeZone', 'weeklyHours/0/day', 'holidays/0']);
  });
});
