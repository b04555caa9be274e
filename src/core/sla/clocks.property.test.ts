import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween } from '../business-time/business-time.js';
import { type BusinessCalendar, defaultCalendar } from '../business-time/calendar.js';
import {
  type ClockEvent,
  isSettled,
  nextDueInstant,
  onEvent,
  type SlaClock,
  type SlaNotification,
  startClocks,
  tick,
} from './clocks.js';
import { defaultContract, type SlaContract } from './contract.js';

const M = 60_000;
const H = 60 * M;

// Calendars unlike each other: plain office hours on both sides of the
// Atlantic, a split shift with a holiday in a half-hour-DST zone, and night
// shifts that cross midnight in a zone without DST.
const calendars: BusinessCalendar[] = [
  defaultCalendar('Europe/Berlin'),
  defaultCalendar('America/New_York'),
  {
    timeZone: 'Australia/Lord_Howe',
    weeklyHours: ([1, 2, 3, 4, 5] as const).flatMap((day) => [
      { day, start: '08:00', end: '12:00' },
      { day, start: '13:30', end: '17:30' },
    ]),
    holidays: ['2026-04-06', '2026-10-05'],
  },
  {
    timeZone: 'Asia/Kolkata',
    weeklyHours: ([7, 1, 2, 3, 4] as const).map((day) => ({ day, start: '22:00', end: '06:00' })),
    holidays: [],
  },
];

const arbCalendar = fc.constantFrom(...calendars);
/** Whole minutes across 2026, so DST changes in both hemispheres come up. */
const arbInstant = fc.integer({ min: 0, max: 365 * 1440 }).map((m) => Date.UTC(2026, 0, 1) + m * M);

const arbContract: fc.Arbitrary<SlaContract> = fc
  .record({
    accept: fc.integer({ min: 1, max: 40 }),
    first: fc.integer({ min: 0, max: 40 }),
    attempts: fc.integer({ min: 1, max: 6 }),
    cadenceDays: fc.integer({ min: 1, max: 15 }),
    outcomeDays: fc.integer({ min: 1, max: 20 }),
    warn: fc.integer({ min: 1, max: 99 }),
  })
  .map((p) => {
    const contract = defaultContract();
    contract.sales = {
      accept_within: { businessHours: p.accept / 4 },
      first_attempt_within: { businessHours: (p.accept + p.first) / 4 },
      attempt_cadence: { attempts: p.attempts, businessDays: p.cadenceDays },
      outcome_recorded: { businessDays: p.outcomeDays },
    };
    contract.escalation.warnOwnerAt = p.warn / 100;
    return contract;
  });

const leq = (a: Date | null, b: Date | null) => a!.getTime() <= b!.getTime();

/** Each notification at most once, a warning never after the breach, and in time order. */
function expectWellOrdered(notifications: readonly SlaNotification[]): void {
  const types = notifications.map((n) => n.type);
  expect(types.filter((t) => t === 'sla.warning').length).toBeLessThanOrEqual(1);
  expect(types.filter((t) => t === 'sla.breached').length).toBeLessThanOrEqual(1);
  if (types.length === 2) {
    expect(types).toEqual(['sla.warning', 'sla.breached']);
    expect(leq(notifications[0]!.at, notifications[1]!.at)).toBe(true);
  }
}

function expectConsistent(clock: SlaClock): void {
  if (clock.state === 'running') expect(leq(clock.warnAt, clock.dueAt)).toBe(true);
  if (clock.state === 'running' || clock.state === 'warned')
    expect(nextDueInstant(clock)).not.toBeNull();
  if (clock.state === 'warned') expect(clock.warnedAt).not.toBeNull();
  if (clock.state === 'paused') {
    expect(clock.dueAt).toBeNull();
    expect(clock.remainingMs).toBeGreaterThanOrEqual(0);
    if (clock.warnRemainingMs !== null)
      expect(clock.warnRemainingMs).toBeLessThanOrEqual(clock.remainingMs!);
  }
  expect(clock.attemptsCounted).toBeLessThanOrEqual(Math.max(clock.attemptsRequired, 0));
}

describe('SLA clocks, property-based', () => {
  it('start with start ≤ warn ≤ due, the warning at its share of the window in business time', () => {
    fc.assert(
      fc.property(arbContract, arbCalendar, arbInstant, (contract, calendar, start) => {
        const from = new Date(start);
        for (const clock of startClocks(contract, { leadEnteredAt: from, calendar })) {
          expect(leq(clock.startedAt, clock.warnAt)).toBe(true);
          expect(leq(clock.warnAt, clock.dueAt)).toBe(true);
          const window = businessTimeBetween(calendar, from, clock.dueAt!);
          if (clock.clause === 'accept_within' || clock.clause === 'first_attempt_within') {
            const hours = contract.sales[clock.clause]!.businessHours;
            expect(window).toBe(Math.round(hours * H));
          }
          expect(businessTimeBetween(calendar, from, clock.warnAt!)).toBe(
            Math.floor(window * contract.escalation.warnOwnerAt),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('notify each threshold at most once, warning before breach, when ticked with a rising now', () => {
    fc.assert(
      fc.property(
        arbContract,
        arbCalendar,
        arbInstant,
        fc.array(fc.integer({ min: 0, max: 40 * 24 * 60 }), { minLength: 1, maxLength: 30 }),
        (contract, calendar, start, offsets) => {
          const times = [...offsets].sort((a, b) => a - b).map((m) => new Date(start + m * M));
          for (let clock of startClocks(contract, { leadEnteredAt: new Date(start), calendar })) {
            const initial = clock;
            const notifications: SlaNotification[] = [];
            for (const now of times) {
              const step = tick(clock, now);
              notifications.push(...step.notifications);
              for (const n of step.notifications) expect(leq(n.at, now)).toBe(true);
              clock = step.clock;
              expectConsistent(clock);
            }
            expectWellOrdered(notifications);
            const last = times[times.length - 1]!;
            expect(clock.state).toBe(
              leq(initial.dueAt, last)
                ? 'breached'
                : leq(initial.warnAt, last)
                  ? 'warned'
                  : 'running',
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  const arbStep = fc.oneof(
    fc.constant({ kind: 'tick' as const }),
    fc
      .constantFrom(
        'accepted',
        'rejected',
        'attempt_logged',
        'attempt_logged',
        'attempt_logged',
        'outcome_recorded',
        'paused',
        'resumed',
        'resumed',
      )
      .map((type) => ({ kind: 'event' as const, type })),
    arbCalendar.map((to) => ({ kind: 'reassign' as const, to })),
  );

  it('stay consistent under any sequence of events and ticks, and never change once settled', () => {
    fc.assert(
      fc.property(
        arbContract,
        arbCalendar,
        arbInstant,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 24 * 60 }), arbStep), {
          minLength: 1,
          maxLength: 25,
        }),
        (contract, calendar, start, steps) => {
          for (let clock of startClocks(contract, { leadEnteredAt: new Date(start), calendar })) {
            let cal = calendar;
            let t = start;
            const notifications: SlaNotification[] = [];
            for (const [gap, step] of steps) {
              t += gap * M;
              const now = new Date(t);
              const before = clock;
              const event: ClockEvent | null =
                step.kind === 'event'
                  ? ({ type: step.type, at: now } as ClockEvent)
                  : step.kind === 'reassign'
                    ? { type: 'reassigned', at: now, to: step.to }
                    : null;
              const result = event ? onEvent(clock, event, cal) : tick(clock, now);
              if (step.kind === 'reassign') cal = step.to;
              clock = result.clock;
              notifications.push(...result.notifications);
              if (isSettled(before)) {
                expect(clock).toBe(before);
                expect(result.notifications).toEqual([]);
              }
              if (before.state === 'met') expect(clock.state).toBe('met');
              expectConsistent(clock);
            }
            expectWellOrdered(notifications);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('give back the same due and warning when paused and resumed at one instant, or reassigned within a calendar', () => {
    fc.assert(
      fc.property(
        arbContract,
        arbCalendar,
        arbInstant,
        fc.integer({ min: 0, max: 1000 }),
        (contract, calendar, start, permille) => {
          for (const clock of startClocks(contract, { leadEnteredAt: new Date(start), calendar })) {
            // An instant strictly before the warning, somewhere in the clock's life.
            const span = clock.warnAt!.getTime() - start;
            if (span <= 0) continue;
            const at = new Date(start + Math.floor(((span - 1) * permille) / 1000));
            const paused = onEvent(clock, { type: 'paused', at }, calendar).clock;
            const resumed = onEvent(paused, { type: 'resumed', at }, calendar).clock;
            expect([resumed.warnAt, resumed.dueAt]).toEqual([clock.warnAt, clock.dueAt]);
            const moved = onEvent(clock, { type: 'reassigned', at, to: calendar }, calendar).clock;
            expect([moved.warnAt, moved.dueAt]).toEqual([clock.warnAt, clock.dueAt]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keep the business time left across a pause of any length', () => {
    fc.assert(
      fc.property(
        arbCalendar,
        arbInstant,
        fc.integer({ min: 1, max: 24 * 60 }),
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        (calendar, start, pausedAfter, pauseLength) => {
          const contract = defaultContract();
          const clock = startClocks(contract, {
            leadEnteredAt: new Date(start),
            calendar,
            clauses: ['first_attempt_within'],
          })[0]!;
          const pausedAt = new Date(start + pausedAfter * M);
          const paused = onEvent(clock, { type: 'paused', at: pausedAt }, calendar).clock;
          if (paused.state !== 'paused') return;
          const resumeAt = new Date(pausedAt.getTime() + pauseLength * M);
          const resumed = onEvent(paused, { type: 'resumed', at: resumeAt }, calendar).clock;
          const spent = businessTimeBetween(calendar, new Date(start), pausedAt);
          expect(businessTimeBetween(calendar, resumeAt, resumed.dueAt!)).toBe(6 * H - spent);
          expect(resumed.dueAt).toEqual(addBusinessTime(calendar, resumeAt, 6 * H - spent));
        },
      ),
      { numRuns: 150 },
    );
  });
});
