import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../business-time/calendar.js';
import {
  applyEvents,
  type ClockEvent,
  nextDueInstant,
  onEvent,
  type SlaClock,
  startClocks,
  tick,
} from './clocks.js';
import { defaultContract, type SalesClauseKey, type SlaContract } from './contract.js';

// Cases a person can check with a wall calendar. The lead arrives on Friday
// 2026-05-08 at 16:00 in Berlin (CEST, no DST change or holiday nearby); the
// owner works Mon–Fri 09:00–17:00.

const berlin = 'Europe/Berlin';
const newYork = 'America/New_York';
const berlinCal = defaultCalendar(berlin);
const newYorkCal = defaultCalendar(newYork);
const H = 3_600_000;

const at = (local: string, zone = berlin): Date => DateTime.fromISO(local, { zone }).toJSDate();
const show = (d: Date | null, zone = berlin): string | null =>
  d && DateTime.fromJSDate(d, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');

const friday = at('2026-05-08T16:00');

function clockFor(clause: SalesClauseKey, contract: SlaContract = defaultContract()): SlaClock {
  const found = startClocks(contract, { leadEnteredAt: friday, calendar: berlinCal }).find(
    (c) => c.clause === clause,
  );
  if (!found) throw new Error(`no ${clause} clock`);
  return found;
}

const event = (type: Exclude<ClockEvent['type'], 'reassigned'>, local: string): ClockEvent => ({
  type,
  at: at(local),
});

describe('starting the clocks', () => {
  it("lays each clause's due and warning on the owner's calendar (the articles' example)", () => {
    const clocks = startClocks(defaultContract(), { leadEnteredAt: friday, calendar: berlinCal });
    const view = clocks.map((c) => [c.clause, show(c.warnAt), show(c.dueAt), c.attemptsRequired]);
    expect(view).toEqual([
      // 4 h: Friday 16–17, Monday 09–12; warned after 3 h.
      ['accept_within', 'Mon 2026-05-11 11:00', 'Mon 2026-05-11 12:00', 0],
      // 6 h: 1 h Friday + 5 h Monday → 14:00; 75% = 4.5 business hours → 12:30.
      ['first_attempt_within', 'Mon 2026-05-11 12:30', 'Mon 2026-05-11 14:00', 1],
      // Friday is day 0; the 12th working day after it is Tuesday 26 May, due at its close.
      // The window is 1 + 12 × 8 = 97 h; 75% = 72 h 45 min: Friday's hour, eight
      // full days to Wednesday 20 May, then 7 h 45 min into Thursday.
      ['attempt_cadence', 'Thu 2026-05-21 16:45', 'Tue 2026-05-26 17:00', 4],
      // 15 working days → Friday 29 May 17:00; 121 h × 75% = 90 h 45 min.
      ['outcome_recorded', 'Tue 2026-05-26 10:45', 'Fri 2026-05-29 17:00', 0],
    ]);
    for (const c of clocks) {
      expect(c.state).toBe('running');
      expect(c.startedAt).toEqual(friday);
      expect(nextDueInstant(c)).toEqual(c.warnAt);
    }
  });

  it('starts only the clauses asked for, and none the contract leaves out', () => {
    const contract = defaultContract();
    delete contract.sales.accept_within;
    const clocks = startClocks(contract, {
      leadEnteredAt: friday,
      calendar: berlinCal,
      clauses: ['accept_within', 'first_attempt_within'],
    });
    expect(clocks.map((c) => c.clause)).toEqual(['first_attempt_within']);
  });

  it('snapshots the escalation, so a later contract version does not change a running clock', () => {
    const contract = defaultContract();
    contract.escalation.reassignOnBreach = true;
    const clock = clockFor('first_attempt_within', contract);
    contract.escalation.reassignOnBreach = false;
    expect(clock.escalation).toEqual({ notifyManagerOnBreach: true, reassignOnBreach: true });
  });
});

describe('tick', () => {
  const clock = clockFor('first_attempt_within');

  it('warns at 12:30 and breaches at 14:00, each exactly once', () => {
    expect(tick(clock, at('2026-05-11T12:29')).notifications).toEqual([]);
    const warned = tick(clock, at('2026-05-11T12:30'));
    expect(warned.clock.state).toBe('warned');
    expect(warned.notifications).toEqual([
      {
        type: 'sla.warning',
        clause: 'first_attempt_within',
        at: at('2026-05-11T12:30'),
        dueAt: at('2026-05-11T14:00'),
        notify: ['owner'],
        reassign: false,
      },
    ]);
    expect(nextDueInstant(warned.clock)).toEqual(at('2026-05-11T14:00'));
    expect(tick(warned.clock, at('2026-05-11T13:00')).notifications).toEqual([]);
    const breached = tick(warned.clock, at('2026-05-11T14:00'));
    expect(breached.clock.state).toBe('breached');
    expect(breached.clock.settledAt).toEqual(at('2026-05-11T14:00'));
    expect(breached.notifications).toEqual([
      {
        type: 'sla.breached',
        clause: 'first_attempt_within',
        at: at('2026-05-11T14:00'),
        dueAt: at('2026-05-11T14:00'),
        notify: ['owner', 'manager'],
        reassign: false,
      },
    ]);
    expect(nextDueInstant(breached.clock)).toBeNull();
    expect(tick(breached.clock, at('2026-05-12T09:00'))).toEqual({
      clock: breached.clock,
      notifications: [],
    });
  });

  it('reports only the breach when the sweep wakes after the due time', () => {
    const late = tick(clock, at('2026-05-12T10:00'));
    expect(late.notifications.map((n) => n.type)).toEqual(['sla.breached']);
    expect(late.notifications[0]!.at).toEqual(at('2026-05-11T14:00'));
  });

  it('follows the escalation policy: no manager, reassignment asked for', () => {
    const contract = defaultContract();
    contract.escalation = {
      warnOwnerAt: 0.5,
      notifyManagerOnBreach: false,
      reassignOnBreach: true,
    };
    const step = tick(clockFor('first_attempt_within', contract), at('2026-05-11T14:00'));
    expect(step.notifications[0]).toMatchObject({ notify: ['owner'], reassign: true });
  });
});

describe('events', () => {
  it('meets the first attempt before 14:00, after which nothing breaches it', () => {
    const met = onEvent(
      clockFor('first_attempt_within'),
      event('attempt_logged', '2026-05-11T13:59'),
      berlinCal,
    );
    expect(met.clock).toMatchObject({ state: 'met', attemptsCounted: 1 });
    expect(met.notifications).toEqual([]);
    expect(nextDueInstant(met.clock)).toBeNull();
    expect(tick(met.clock, at('2026-05-20T09:00')).notifications).toEqual([]);
    expect(onEvent(met.clock, event('paused', '2026-05-20T09:00'), berlinCal).clock).toBe(
      met.clock,
    );
  });

  it('breaches (and notifies once) on an attempt at exactly the due time, even before the sweep', () => {
    const late = onEvent(
      clockFor('first_attempt_within'),
      event('attempt_logged', '2026-05-11T14:00'),
      berlinCal,
    );
    expect(late.clock.state).toBe('breached');
    expect(late.notifications.map((n) => n.type)).toEqual(['sla.breached']);
    expect(tick(late.clock, at('2026-05-11T15:00')).notifications).toEqual([]);
  });

  it('lets a backdated attempt logged after the breach change nothing', () => {
    const breached = tick(clockFor('first_attempt_within'), at('2026-05-11T14:00')).clock;
    const step = onEvent(breached, event('attempt_logged', '2026-05-11T13:00'), berlinCal);
    expect(step).toEqual({ clock: breached, notifications: [] });
  });

  it('meets the cadence at the 4th attempt within 12 business days', () => {
    const attempts = [
      '2026-05-11T10:00',
      '2026-05-13T10:00',
      '2026-05-19T10:00',
      '2026-05-26T16:59',
    ];
    const step = applyEvents(
      clockFor('attempt_cadence'),
      attempts.map((t) => event('attempt_logged', t)),
      berlinCal,
    );
    expect(step.clock).toMatchObject({ state: 'met', attemptsCounted: 4 });
    expect(step.clock.settledAt).toEqual(at('2026-05-26T16:59'));
    expect(tick(step.clock, at('2026-06-01T09:00')).notifications).toEqual([]);
  });

  it('breaches the cadence with three attempts by the due time, and a 4th after it changes nothing', () => {
    const three = applyEvents(
      clockFor('attempt_cadence'),
      ['2026-05-11T10:00', '2026-05-13T10:00', '2026-05-19T10:00'].map((t) =>
        event('attempt_logged', t),
      ),
      berlinCal,
    ).clock;
    expect(three).toMatchObject({ state: 'running', attemptsCounted: 3 });
    const warned = tick(three, at('2026-05-21T16:45'));
    expect(warned.notifications.map((n) => n.type)).toEqual(['sla.warning']);
    const breached = tick(warned.clock, at('2026-05-26T17:00'));
    expect(breached.notifications.map((n) => n.type)).toEqual(['sla.breached']);
    const fourth = onEvent(breached.clock, event('attempt_logged', '2026-05-27T09:00'), berlinCal);
    expect(fourth).toEqual({ clock: breached.clock, notifications: [] });
  });

  it('ignores attempts recorded before the lead was handed', () => {
    const step = onEvent(
      clockFor('attempt_cadence'),
      event('attempt_logged', '2026-05-08T15:00'),
      berlinCal,
    );
    expect(step.clock.attemptsCounted).toBe(0);
  });

  it('settles every clause on a rejection: the decision and the outcome met, the attempts owed to nobody', () => {
    const clocks = startClocks(defaultContract(), { leadEnteredAt: friday, calendar: berlinCal });
    const after = clocks.map((c) => onEvent(c, event('rejected', '2026-05-11T10:00'), berlinCal));
    expect(after.map((s) => [s.clock.clause, s.clock.state])).toEqual([
      ['accept_within', 'met'],
      ['first_attempt_within', 'cancelled'],
      ['attempt_cadence', 'cancelled'],
      ['outcome_recorded', 'met'],
    ]);
    expect(after.flatMap((s) => s.notifications)).toEqual([]);
  });

  it('breaches rather than cancels when the lead is closed after the due time', () => {
    const step = onEvent(
      clockFor('accept_within'),
      event('outcome_recorded', '2026-05-11T12:00'),
      berlinCal,
    );
    expect(step.clock.state).toBe('breached');
    const inTime = onEvent(
      clockFor('accept_within'),
      event('outcome_recorded', '2026-05-11T11:59'),
      berlinCal,
    );
    expect(inTime.clock.state).toBe('cancelled');
  });

  it('leaves clocks alone on events that do not concern their clause', () => {
    const clock = clockFor('outcome_recorded');
    for (const type of ['accepted', 'attempt_logged'] as const)
      expect(onEvent(clock, event(type, '2026-05-11T10:00'), berlinCal).clock).toBe(clock);
  });
});

describe('pause and resume', () => {
  it('keeps the business time left: paused Friday 16:30, resumed Wednesday 10:00', () => {
    const paused = onEvent(
      clockFor('first_attempt_within'),
      event('paused', '2026-05-08T16:30'),
      berlinCal,
    ).clock;
    expect(paused).toMatchObject({
      state: 'paused',
      pausedAt: at('2026-05-08T16:30'),
      remainingMs: 5.5 * H,
      warnRemainingMs: 4 * H,
      dueAt: null,
      warnAt: null,
    });
    expect(nextDueInstant(paused)).toBeNull();
    expect(tick(paused, at('2026-05-30T12:00'))).toEqual({ clock: paused, notifications: [] });
    const resumed = onEvent(paused, event('resumed', '2026-05-13T10:00'), berlinCal).clock;
    expect(resumed.state).toBe('running');
    expect(show(resumed.warnAt)).toBe('Wed 2026-05-13 14:00');
    expect(show(resumed.dueAt)).toBe('Wed 2026-05-13 15:30');
    expect(resumed).toMatchObject({ pausedAt: null, remainingMs: null, warnRemainingMs: null });
  });

  it('keeps a warned clock warned, without a second warning', () => {
    const warned = tick(clockFor('first_attempt_within'), at('2026-05-11T13:00')).clock;
    const paused = onEvent(warned, event('paused', '2026-05-11T13:00'), berlinCal);
    expect(paused.clock).toMatchObject({ state: 'paused', remainingMs: 1 * H });
    const resumed = onEvent(paused.clock, event('resumed', '2026-05-12T09:00'), berlinCal).clock;
    expect(resumed.state).toBe('warned');
    expect(show(resumed.dueAt)).toBe('Tue 2026-05-12 10:00');
    expect(tick(resumed, at('2026-05-12T09:59')).notifications).toEqual([]);
    expect(tick(resumed, at('2026-05-12T10:00')).notifications.map((n) => n.type)).toEqual([
      'sla.breached',
    ]);
  });

  it('breaches a clock paused after its due time instead of pausing it', () => {
    const step = onEvent(
      clockFor('first_attempt_within'),
      event('paused', '2026-05-11T15:00'),
      berlinCal,
    );
    expect(step.clock.state).toBe('breached');
    expect(step.notifications.map((n) => n.type)).toEqual(['sla.breached']);
  });

  it('gives the warning that fell due before a pause when the pause comes in', () => {
    const step = onEvent(
      clockFor('first_attempt_within'),
      event('paused', '2026-05-11T13:00'),
      berlinCal,
    );
    expect(step.notifications.map((n) => n.type)).toEqual(['sla.warning']);
    expect(step.clock).toMatchObject({ state: 'paused', warnedAt: at('2026-05-11T12:30') });
  });

  it('is met by an attempt made while paused, and never breaches while paused', () => {
    const paused = onEvent(
      clockFor('first_attempt_within'),
      event('paused', '2026-05-11T10:00'),
      berlinCal,
    ).clock;
    const step = onEvent(paused, event('attempt_logged', '2026-05-20T10:00'), berlinCal);
    expect(step.clock.state).toBe('met');
    expect(step.notifications).toEqual([]);
  });
});

describe('reassignment', () => {
  it("keeps the business time spent and lays the rest on the new owner's calendar in New York", () => {
    // Monday 10:00 Berlin (08:00 UTC, 04:00 in New York): 4 of the 6 hours are left, 2.5 until the warning.
    const moved = onEvent(
      clockFor('first_attempt_within'),
      { type: 'reassigned', at: at('2026-05-11T10:00'), to: newYorkCal },
      berlinCal,
    );
    expect(moved.notifications).toEqual([]);
    expect(moved.clock.state).toBe('running');
    expect(show(moved.clock.warnAt, newYork)).toBe('Mon 2026-05-11 11:30');
    expect(show(moved.clock.dueAt, newYork)).toBe('Mon 2026-05-11 13:00');
    expect(moved.clock.startedAt).toEqual(friday);
  });

  it('keeps a warned clock warned and moves only its due time', () => {
    const warned = tick(clockFor('first_attempt_within'), at('2026-05-11T13:00')).clock;
    const moved = onEvent(
      warned,
      { type: 'reassigned', at: at('2026-05-11T13:00'), to: newYorkCal },
      berlinCal,
    ).clock;
    // One hour left; New York opens at 09:00 EDT (15:00 in Berlin).
    expect(moved.state).toBe('warned');
    expect(show(moved.dueAt, newYork)).toBe('Mon 2026-05-11 10:00');
    expect(moved.warnAt).toEqual(warned.warnAt);
  });

  it('holds a paused remainder as a duration, laid on the new calendar at resumption', () => {
    const paused = onEvent(
      clockFor('first_attempt_within'),
      event('paused', '2026-05-08T16:30'),
      berlinCal,
    ).clock;
    const steps: ClockEvent[] = [
      { type: 'reassigned', at: at('2026-05-11T09:00'), to: newYorkCal },
      { type: 'resumed', at: at('2026-05-12T09:00', newYork) },
    ];
    const resumed = applyEvents(paused, steps, berlinCal).clock;
    expect(show(resumed.dueAt, newYork)).toBe('Tue 2026-05-12 14:30');
    expect(show(resumed.warnAt, newYork)).toBe('Tue 2026-05-12 13:00');
  });

  it('breaches first when the reassignment comes after the due time', () => {
    const step = onEvent(
      clockFor('accept_within'),
      { type: 'reassigned', at: at('2026-05-11T12:30'), to: newYorkCal },
      berlinCal,
    );
    expect(step.clock.state).toBe('breached');
    expect(step.notifications.map((n) => n.type)).toEqual(['sla.breached']);
  });
});
