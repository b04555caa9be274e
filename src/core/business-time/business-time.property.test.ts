import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
  isBusinessTime,
  nextBusinessStart,
} from './business-time.js';
import { type BusinessCalendar, type BusinessShift, validateCalendar } from './calendar.js';
import { nextDate, type ReferenceMinute, referenceShifts, referenceWindow } from './reference.js';

const M = 60_000;
const DAY = 86_400_000;

// Zones with whole-hour, half-hour (Lord Howe) and 45-minute (Chatham) DST,
// none at all (Kolkata), and a southern DST since abolished (São Paulo, 2018/19).
const zones = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'America/Sao_Paulo',
] as const;

/** Instants near each zone's offset changes (a 6-hour grid is close enough to start from). */
const nearChanges = new Map<string, number[]>(
  zones.map((zone) => {
    const found: number[] = [];
    for (const [from, to] of [
      [Date.UTC(2018, 0, 1), Date.UTC(2019, 11, 31)],
      [Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31)],
    ] as const) {
      let before = DateTime.fromMillis(from, { zone }).offset;
      for (let t = from; t < to; t += DAY / 4) {
        const offset = DateTime.fromMillis(t, { zone }).offset;
        if (offset !== before) found.push(t);
        before = offset;
      }
    }
    return [zone, found.length > 0 ? found : [Date.UTC(2026, 5, 15)]];
  }),
);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// Clock times biased towards DST hours (01:00–03:00, Chatham's 02:45) and late evenings.
const arbClock = fc.oneof(
  fc.constantFrom(0, 60, 90, 120, 150, 165, 180, 1320, 1410),
  fc.integer({ min: 0, max: 1439 }),
);
const arbLength = fc.oneof(
  fc.constantFrom(30, 60, 180, 480, 1440),
  fc.integer({ min: 1, max: 1440 }),
);
const arbSetup = fc.record({
  zone: fc.constantFrom(...zones),
  shifts: fc.array(
    fc.record({ day: fc.integer({ min: 1, max: 7 }), start: arbClock, length: arbLength }),
    { minLength: 1, maxLength: 8 },
  ),
  holidayOffsets: fc.uniqueArray(fc.integer({ min: -2, max: 8 }), { maxLength: 3 }),
  change: fc.nat(),
  fromChange: fc.integer({ min: -3 * 1440, max: 1440 }),
});
type Setup = typeof arbSetup extends fc.Arbitrary<infer T> ? T : never;

/** The calendar and a whole-minute start near an offset change of its zone. */
function build(setup: Setup): { cal: BusinessCalendar; start: number } {
  const changes = nearChanges.get(setup.zone)!;
  const start = changes[setup.change % changes.length]! + setup.fromChange * M;
  const startDate = DateTime.fromMillis(start, { zone: setup.zone }).startOf('day');
  const holidays = setup.holidayOffsets.map((d) => startDate.plus({ days: d }).toISODate()!);
  let cal: BusinessCalendar = { timeZone: setup.zone, weeklyHours: [], holidays };
  // Shifts are kept one by one while the calendar stays valid, dropping overlaps.
  for (const { day, start: s, length } of setup.shifts) {
    const shift: BusinessShift = {
      day: day as BusinessShift['day'],
      start: hhmm(s),
      end: hhmm((s + length) % 1440),
    };
    const next = { ...cal, weeklyHours: [...cal.weeklyHours, shift] };
    if (validateCalendar(next).ok) cal = next;
  }
  return { cal, start };
}

const WINDOW = 6 * 1440;
const arbFraction = fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000);
const arbIndex = fc.integer({ min: 0, max: WINDOW - 1 });

/** Reference answer for addBusinessDays, or undefined when the window is too short to know. */
function referenceDays(
  cal: BusinessCalendar,
  ref: ReferenceMinute[],
  start: number,
  days: number,
): number | undefined {
  const first = ref.findIndex((r) => r.owner !== undefined);
  if (first < 0) return undefined;
  const last = ref[ref.length - 1]!.local;
  const owned = new Set(ref.map((r) => r.owner));
  let date = ref[first]!.owner!;
  for (let i = 0; i < days; i++) {
    do {
      date = nextDate(date);
      if (Date.parse(`${date}T00:00Z`) + 3 * DAY > last) return undefined;
    } while (!owned.has(date));
  }
  const weekday = DateTime.fromISO(date, { zone: 'utc' }).weekday;
  const lastEnd = Math.max(
    ...referenceShifts(cal)
      .filter((s) => s.day === weekday)
      .map((s) => s.e),
  );
  const end = Date.parse(`${date}T00:00Z`) + lastEnd * M;
  if (end + DAY > last) return undefined;
  let m = ref.length - 1;
  while (ref[m]!.local >= end) m--;
  return start + (m + 1) * M;
}

describe('business time against a minute-by-minute reference', () => {
  it('agrees on every minute, additions, spans, next starts and business days', () => {
    fc.assert(
      fc.property(
        arbSetup,
        fc.array(fc.tuple(arbIndex, arbFraction), { minLength: 4, maxLength: 4 }),
        fc.array(fc.tuple(arbIndex, arbIndex), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 2 }),
        (setup, additions, spans, days) => {
          const { cal, start } = build(setup);
          const ref = referenceWindow(cal, start, WINDOW);
          const cum = [0];
          for (const r of ref) cum.push(cum[cum.length - 1]! + (r.owner === undefined ? 0 : 1));
          const at = (i: number) => new Date(start + i * M);

          for (let i = 0; i < WINDOW; i++) {
            const expected = ref[i]!.owner !== undefined;
            if (
              isBusinessTime(cal, at(i)) !== expected ||
              isBusinessTime(cal, new Date(start + i * M + 30_000)) !== expected
            )
              expect({ minute: at(i).toISOString(), business: !expected }).toEqual({
                minute: at(i).toISOString(),
                business: expected,
              });
          }

          for (const [i, j] of spans)
            expect(businessTimeBetween(cal, at(i), at(j))).toBe(Math.max(0, cum[j]! - cum[i]!) * M);

          const fromStart: number[] = [];
          for (const [k, [i, fraction]] of additions.entries()) {
            const from = k === 0 ? 0 : i; // the first always from the window's start
            const d = Math.floor(fraction * (cum[WINDOW]! - cum[from]!));
            let expected = start + from * M;
            if (d > 0) {
              let m = from;
              while (cum[m + 1]! - cum[from]! < d) m++;
              expected = start + (m + 1) * M;
            }
            const got = addBusinessTime(cal, at(from), d * M);
            expect(got.toISOString()).toBe(new Date(expected).toISOString());
            expect(businessTimeBetween(cal, at(from), got)).toBe(d * M);
            if (d > 0) expect(isBusinessTime(cal, new Date(got.getTime() - 1))).toBe(true);
            if (from === 0) fromStart.push(d);
          }
          for (const d of [...fromStart, ...additions.map(([, f]) => Math.floor(f * cum[WINDOW]!))])
            if (d < cum[WINDOW]!)
              expect(addBusinessTime(cal, at(0), d * M).getTime()).toBeLessThan(
                addBusinessTime(cal, at(0), (d + 1) * M).getTime(),
              );

          for (const [i] of spans) {
            const m = ref.findIndex((r, k) => k >= i && r.owner !== undefined);
            if (m >= 0) expect(nextBusinessStart(cal, at(i))).toEqual(at(m));
          }

          const deadline = referenceDays(cal, ref, start, days);
          if (deadline !== undefined)
            expect(addBusinessDays(cal, at(0), days).toISOString()).toBe(
              new Date(deadline).toISOString(),
            );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('business time laws at millisecond precision', () => {
  const weeklyMinutes = (cal: BusinessCalendar) =>
    referenceShifts(cal).reduce((sum, s) => sum + s.e - s.s, 0);

  it('adds and measures consistently: round trip, additivity, next start, business days', () => {
    fc.assert(
      fc.property(
        arbSetup,
        fc.integer({ min: 0, max: 59_999 }),
        fc.tuple(arbFraction, arbFraction, arbFraction),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 3 }),
        (setup, jitter, [f1, f2, f3], extraMs, days) => {
          const built = build(setup);
          const { cal } = built;
          const start = new Date(built.start + jitter);
          // Up to about two weeks of calendar, whatever the calendar's density.
          const scale = weeklyMinutes(cal) * 2 * M;
          const d1 = Math.floor(f1 * scale) + extraMs;
          const d2 = Math.floor(f2 * scale);

          const end1 = addBusinessTime(cal, start, d1);
          expect(businessTimeBetween(cal, start, end1)).toBe(d1);
          expect(addBusinessTime(cal, end1, d2)).toEqual(addBusinessTime(cal, start, d1 + d2));

          const later = new Date(start.getTime() + Math.floor(f3 * 10 * DAY));
          expect(
            businessTimeBetween(cal, start, end1) + businessTimeBetween(cal, end1, later),
          ).toBe(
            end1 <= later
              ? businessTimeBetween(cal, start, later)
              : businessTimeBetween(cal, start, end1),
          );

          const next = nextBusinessStart(cal, start);
          expect(next.getTime()).toBeGreaterThanOrEqual(start.getTime());
          expect(isBusinessTime(cal, next)).toBe(true);
          expect(businessTimeBetween(cal, start, next)).toBe(0);

          const deadline = addBusinessDays(cal, start, days);
          expect(addBusinessDays(cal, next, days)).toEqual(deadline);
          expect(addBusinessDays(cal, start, days + 1).getTime()).toBeGreaterThan(
            deadline.getTime(),
          );
          expect(deadline.getTime()).toBeGreaterThan(start.getTime());
        },
      ),
      { numRuns: 150 },
    );
  });
});
