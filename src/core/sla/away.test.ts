import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessTimeBetween } from '../business-time/business-time.js';
import { defaultCalendar } from '../business-time/calendar.js';
import { type AwaySpan, followAway, mergeAway, nextInstant } from './away.js';
import { nextDueInstant, onEvent, type SlaClock, startClocks } from './clocks.js';
import { defaultContract, type SalesClauseKey } from './contract.js';

// The owner works Mon–Fri 09:00–17:00 in Berlin; the lead arrives Friday
// 2026-05-08 16:00 (as in clocks.test.ts), so by hand: accept_within (4 h) is
// due Monday 12:00, warned Monday 11:00.
const berlin = 'Europe/Berlin';
const cal = defaultCalendar(berlin);
const H = 3_600_000;
const at = (local: string): Date => DateTime.fromISO(local, { zone: berlin }).toJSDate();
const show = (d: Date | null | undefined): string | null =>
  d ? DateTime.fromJSDate(d, { zone: berlin }).toFormat('ccc yyyy-MM-dd HH:mm') : null;

function clockFor(clause: SalesClauseKey, start = at('2026-05-08T16:00')): SlaClock {
  return startClocks(defaultContract(), { leadEnteredAt: start, calendar: cal }).find(
    (c) => c.clause === clause,
  )!;
}

describe('clocks and the owner’s leave', () => {
  const leave: AwaySpan = { from: at('2026-05-11T10:00'), to: at('2026-05-13T10:00') };

  it('pauses at the start of the leave, keeping the business hour left', () => {
    const clock = clockFor('accept_within');
    // Noticed at 10:00:30, but paused at 10:00 sharp.
    const step = followAway(clock, [leave], at('2026-05-11T10:00:30'), cal);
    expect(step.notifications).toEqual([]);
    expect(step.clock).toMatchObject({
      state: 'paused',
      holds: ['away'],
      pausedAt: leave.from,
      // Friday 16–17 and Monday 09–10 spent: 2 of 4 hours left, 1 to the warning.
      remainingMs: 2 * H,
      warnRemainingMs: 1 * H,
      dueAt: null,
    });
    expect(show(step.clock.holdUntil)).toBe('Wed 2026-05-13 10:00');
    // While held, the sweep next looks at the end of the leave.
    expect(nextDueInstant(step.clock)).toEqual(leave.to);
  });

  it('resumes when the leave ends: Wednesday 10:00 + 2 business hours', () => {
    const paused = followAway(clockFor('accept_within'), [leave], at('2026-05-11T12:00'), cal);
    const back = followAway(paused.clock, [leave], at('2026-05-13T10:00'), cal);
    expect(back.clock.state).toBe('running');
    expect(show(back.clock.warnAt)).toBe('Wed 2026-05-13 11:00');
    expect(show(back.clock.dueAt)).toBe('Wed 2026-05-13 12:00');
    expect(back.clock).toMatchObject({ holds: undefined, awayFloor: leave.to });
    // The same leave is never counted twice.
    const later = followAway(back.clock, [leave], at('2026-05-13T10:30'), cal);
    expect(later.clock).toEqual(back.clock);
  });

  it('gives the same result to a sweep that wakes long after the leave (a restart)', () => {
    const punctual = followAway(
      followAway(clockFor('accept_within'), [leave], leave.from, cal).clock,
      [leave],
      leave.to,
      cal,
    ).clock;
    const late = followAway(clockFor('accept_within'), [leave], at('2026-05-13T10:30'), cal);
    expect(late.notifications).toEqual([]);
    expect(late.clock.dueAt).toEqual(punctual.dueAt);
    expect(late.clock.state).toBe('running');
    // After the new due time: the breach is at the moved due time, not the old one.
    const breached = followAway(clockFor('accept_within'), [leave], at('2026-05-14T09:00'), cal);
    expect(breached.clock.state).toBe('breached');
    expect(breached.notifications.map((n) => [n.type, show(n.dueAt)])).toEqual([
      ['sla.breached', 'Wed 2026-05-13 12:00'],
    ]);
  });

  it('warns before the leave when the warning fell before it, and breaches a deadline missed before it', () => {
    const clock = clockFor('accept_within');
    const lateLeave = { from: at('2026-05-11T11:30'), to: at('2026-05-12T09:00') };
    const step = followAway(clock, [lateLeave], at('2026-05-11T11:45'), cal);
    expect(step.notifications.map((n) => n.type)).toEqual(['sla.warning']);
    expect(step.clock).toMatchObject({ state: 'paused', remainingMs: 0.5 * H });
    const afterDue = { from: at('2026-05-11T13:00'), to: at('2026-05-12T09:00') };
    const missed = followAway(clock, [afterDue], at('2026-05-11T13:30'), cal);
    expect(missed.clock.state).toBe('breached');
    expect(missed.clock.settledAt).toEqual(at('2026-05-11T12:00'));
  });

  it('extends the hold through touching or overlapping leave, and follows a shortened one', () => {
    const second = { from: at('2026-05-13T10:00'), to: at('2026-05-14T09:00') };
    const held = followAway(
      clockFor('accept_within'),
      [leave, second],
      at('2026-05-12T09:00'),
      cal,
    );
    expect(show(held.clock.holdUntil)).toBe('Thu 2026-05-14 09:00');
    // The second leave was removed: the hold ends with the first.
    const back = followAway(held.clock, [leave], at('2026-05-13T10:00'), cal);
    expect(back.clock.state).toBe('running');
    expect(show(back.clock.dueAt)).toBe('Wed 2026-05-13 12:00');
    // Leave removed while it runs: the clock resumes now, the days away still uncounted.
    const cut = followAway(held.clock, [], at('2026-05-12T15:00'), cal);
    expect(cut.clock.state).toBe('running');
    expect(show(cut.clock.dueAt)).toBe('Tue 2026-05-12 17:00');
  });

  it('starts a clock handed over during leave paused from its start', () => {
    const start = at('2026-05-12T09:00');
    const step = followAway(
      clockFor('accept_within', start),
      [leave],
      at('2026-05-12T09:00:01'),
      cal,
    );
    expect(step.clock).toMatchObject({ state: 'paused', pausedAt: start, remainingMs: 4 * H });
  });

  it('never resumes a clock also held for the lead (a manual disqualification)', () => {
    const held = followAway(clockFor('accept_within'), [leave], at('2026-05-11T12:00'), cal).clock;
    const both = onEvent(held, { type: 'paused', at: at('2026-05-12T09:00') }, cal).clock;
    expect(both.holds).toEqual(['away', 'lead']);
    const after = followAway(both, [leave], at('2026-05-14T09:00'), cal).clock;
    expect(after).toMatchObject({ state: 'paused', holds: ['lead'], remainingMs: 2 * H });
    expect(nextDueInstant(after)).toBeNull();
    // A lead-held clock never takes the owner's leave on top.
    const leadHeld = onEvent(clockFor('accept_within'), { type: 'paused', at: leave.from }, cal);
    expect(followAway(leadHeld.clock, [leave], at('2026-05-14T09:00'), cal).clock).toEqual(
      leadHeld.clock,
    );
  });

  it('ends a hold for leave when the lead goes to someone else', () => {
    const held = followAway(clockFor('accept_within'), [leave], at('2026-05-11T12:00'), cal).clock;
    const moved = onEvent(
      held,
      { type: 'reassigned', at: at('2026-05-11T14:00'), to: cal },
      cal,
    ).clock;
    expect(moved).toMatchObject({ state: 'running', awayFloor: at('2026-05-11T14:00') });
    expect(show(moved.dueAt)).toBe('Mon 2026-05-11 16:00');
    // The new owner is not away: nothing holds it. Were they, their leave would, from the handover.
    expect(followAway(moved, [], at('2026-05-11T14:30'), cal).clock).toEqual(moved);
    const theirs = followAway(moved, [leave], at('2026-05-11T15:00'), cal).clock;
    expect(theirs).toMatchObject({ state: 'paused', pausedAt: at('2026-05-11T14:00') });
  });

  it('wakes the sweep at the next leave’s start when it comes before the warning', () => {
    const clock = clockFor('attempt_cadence');
    expect(nextInstant(clock, [leave], at('2026-05-08T16:30'))).toEqual(leave.from);
    expect(nextInstant(clock, [], at('2026-05-08T16:30'))).toEqual(clock.warnAt);
    expect(mergeAway([leave, { from: leave.to, to: at('2026-05-15T09:00') }])).toHaveLength(1);
  });

  it('never counts business time inside the leave (property, hour grid over a month)', () => {
    const base = at('2026-05-04T00:00').getTime();
    const arbSpan = fc
      .tuple(fc.integer({ min: 0, max: 24 * 28 }), fc.integer({ min: 1, max: 24 * 5 }))
      .map(([s, len]) => ({ from: new Date(base + s * H), to: new Date(base + (s + len) * H) }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * 10 }),
        fc.array(arbSpan, { maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 24 * 30 }), { minLength: 1, maxLength: 6 }),
        (startH, spans, sweepsH) => {
          const start = new Date(base + startH * H);
          const clock = clockFor('first_attempt_within', start);
          const window = 6 * H;
          // Sweeps at arbitrary instants, ending far past every leave.
          let current = clock;
          for (const h of [...sweepsH.sort((a, b) => a - b), 24 * 60])
            current = followAway(current, spans, new Date(base + h * H), cal).clock;
          expect(current.state).toBe('breached');
          const due = current.settledAt!;
          const counted =
            businessTimeBetween(cal, start, due) -
            mergeAway(spans).reduce((sum, s) => {
              const a = Math.max(s.from, start.getTime());
              const b = Math.min(s.to, due.getTime());
              return a < b ? sum + businessTimeBetween(cal, new Date(a), new Date(b)) : sum;
            }, 0);
          expect(counted).toBe(window);
        },
      ),
      { numRuns: 200 },
    );
  });
});
