import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/core/business-time/calendar.js';
import {
  type CountdownClock,
  clockView,
  formatBusinessMs,
  urgencyKey,
} from '../../web/src/pages/inbox/countdown.js';

// The inbox's countdown, run in node: the same arithmetic the browser bundles.
// Monday–Friday 09:00–17:00 in London; 2026-12-04 is a Friday.

const H = 3_600_000;
const cal = defaultCalendar('Europe/London');
const at = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
const iso = (local: string) => at(local).toISOString();

const clock = (over: Partial<CountdownClock> = {}): CountdownClock => ({
  state: 'running',
  dueAt: iso('2026-12-07T10:00'),
  warnAt: iso('2026-12-07T09:00'),
  remainingBusinessMs: 0,
  ...over,
});

describe('an inbox countdown in the owner business time', () => {
  it('ticks inside working hours and counts only working time up to the due instant', () => {
    const view = clockView(cal, clock(), at('2026-12-04T16:00'));
    // Friday 16–17 and Monday 09–10.
    expect(view).toEqual({ kind: 'running', remainingMs: 2 * H, urgency: 'ok', ticking: true });
  });

  it('stands still over the weekend: same time left on Saturday and Sunday, not ticking', () => {
    const saturday = clockView(cal, clock(), at('2026-12-05T12:00'));
    const sunday = clockView(cal, clock(), at('2026-12-06T23:59'));
    expect(saturday).toEqual({ kind: 'running', remainingMs: H, urgency: 'ok', ticking: false });
    expect(sunday).toEqual(saturday);
  });

  it('turns amber once the warning instant has passed, even before the sweep marks it', () => {
    const view = clockView(cal, clock(), at('2026-12-07T09:30'));
    expect(view).toMatchObject({ remainingMs: H / 2, urgency: 'warned', ticking: true });
    expect(clockView(cal, clock({ state: 'warned' }), at('2026-12-04T16:00'))).toMatchObject({
      urgency: 'warned',
    });
  });

  it('counts overdue time in business time once due, and red whether or not swept', () => {
    const view = clockView(cal, clock(), at('2026-12-07T11:30'));
    expect(view).toEqual({
      kind: 'running',
      remainingMs: -1.5 * H,
      urgency: 'overdue',
      ticking: true,
    });
    // Overnight the overdue time stops growing too.
    expect(clockView(cal, clock({ state: 'breached' }), at('2026-12-07T22:00'))).toMatchObject({
      remainingMs: -7 * H,
      urgency: 'overdue',
      ticking: false,
    });
  });

  it('shows a paused clock with what it kept, and nothing for a settled one', () => {
    const paused = clock({ state: 'paused', dueAt: null, remainingBusinessMs: 3 * H });
    expect(clockView(cal, paused, at('2026-12-07T11:00'))).toEqual({
      kind: 'paused',
      remainingMs: 3 * H,
    });
    expect(clockView(cal, clock({ state: 'met' }), at('2026-12-07T11:00'))).toEqual({
      kind: 'settled',
    });
    expect(clockView(cal, clock({ state: 'cancelled' }), at('2026-12-07T11:00'))).toEqual({
      kind: 'settled',
    });
  });

  it('puts the longest overdue first, then the least time left; leads without a running clock last', () => {
    const now = at('2026-12-07T11:00');
    const overdue = [clock({ dueAt: iso('2026-12-07T09:30') })];
    const soon = [clock({ dueAt: iso('2026-12-07T12:00') }), clock({ state: 'met' })];
    const none = [clock({ state: 'paused', dueAt: null })];
    const keys = [none, soon, overdue].map((c) => urgencyKey(cal, c, now));
    expect(keys).toEqual([Number.POSITIVE_INFINITY, H, -1.5 * H]);
  });

  it('formats business time as hours, minutes and seconds, never folding hours into days', () => {
    expect(formatBusinessMs(2 * H + 5 * 60_000 + 9_000)).toBe('2h 05m 09s');
    expect(formatBusinessMs(-(59 * 60_000 + 1_500))).toBe('59m 01s');
    expect(formatBusinessMs(30 * H)).toBe('30h 00m 00s');
  });
});
