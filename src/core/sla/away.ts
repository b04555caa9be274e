import type { BusinessCalendar } from '../business-time/calendar.js';
import {
  type ClockStep,
  holdsOf,
  isSettled,
  nextDueInstant,
  onEvent,
  type SlaClock,
  type SlaNotification,
  tick,
} from './clocks.js';

/**
 * SLA clocks and the owner's leave (DESIGN.md §3: "paused … owner away").
 *
 * A clock whose owner is away is paused ('away' hold) from the start of the
 * leave, or from when the clock became theirs if that was later, and resumes
 * when the leave ends: the pause keeps the business time that was left, so
 * the leave's business hours are not counted, exactly as if the calendar had
 * no working time in it. The state shows it while it lasts (the inbox reads
 * 'paused'), and the instants are the leave's, not when a sweep noticed, so a
 * late sweep (a restart, a busy machine) gives the same result as a punctual
 * one. Leave recorded after it began still counts from its start, for clocks
 * not settled by then: notifications already sent stay sent.
 *
 * Pure: the service passes the owner's away periods and calendar, and stores
 * the clock with nextInstant's answer.
 */

export interface AwaySpan {
  from: Date;
  to: Date;
}

/** Overlapping or touching periods joined, in time order: a leave is its union. */
export function mergeAway(periods: readonly AwaySpan[]): { from: number; to: number }[] {
  const sorted = periods
    .map((p) => ({ from: p.from.getTime(), to: p.to.getTime() }))
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const p of sorted) {
    const last = merged.at(-1);
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else merged.push({ ...p });
  }
  return merged;
}

const floorOf = (clock: SlaClock): number => (clock.awayFloor ?? clock.startedAt).getTime();

/**
 * Brings a clock to `now` through its owner's leave: pauses at each leave's
 * start, resumes at its end, and ticks in between, gathering the warnings and
 * breaches that fell before a leave began (a deadline missed before the leave
 * is missed). A clock held for leave whose period no longer covers it (the
 * leave was shortened or removed) resumes at the end it had, or now if that
 * has not come. A clock held for the lead as well stays paused.
 */
export function followAway(
  clock: SlaClock,
  periods: readonly AwaySpan[],
  now: Date,
  calendar: BusinessCalendar,
): ClockStep {
  const spans = mergeAway(periods);
  const t = now.getTime();
  const notifications: SlaNotification[] = [];
  let current = clock;
  // Each pass pauses or resumes once; a leave is crossed in two passes.
  for (let pass = 0; pass <= 2 * spans.length + 2; pass++) {
    if (isSettled(current)) break;
    const floor = floorOf(current);
    if (current.state === 'paused') {
      if (!holdsOf(current).includes('away')) break;
      const pausedAt = Math.max(current.pausedAt!.getTime(), floor);
      const cover = spans.find((s) => s.from <= pausedAt && pausedAt < s.to);
      if (cover && cover.to > t) {
        if (current.holdUntil?.getTime() !== cover.to)
          current = { ...current, holdUntil: new Date(cover.to) };
        break;
      }
      const knownEnd = current.holdUntil?.getTime() ?? t;
      const end = Math.max(pausedAt, cover ? cover.to : Math.min(knownEnd, t));
      const at = new Date(end);
      const resumed = onEvent(current, { type: 'resumed', at, hold: 'away' }, calendar).clock;
      current = { ...resumed, awayFloor: at };
      continue;
    }
    const span = spans.find((s) => s.to > floor && s.from <= t);
    if (!span) break;
    const at = new Date(Math.max(span.from, floor));
    const step = onEvent(current, { type: 'paused', at, hold: 'away' }, calendar);
    notifications.push(...step.notifications);
    current = step.clock;
    if (current.state === 'paused') current = { ...current, holdUntil: new Date(span.to) };
  }
  const last = tick(current, now);
  notifications.push(...last.notifications);
  return { clock: last.clock, notifications };
}

/**
 * When the sweep must look at the clock next: its warning or due time, the
 * end of the leave holding it, or the start of its owner's next leave if that
 * comes first.
 */
export function nextInstant(clock: SlaClock, periods: readonly AwaySpan[], now: Date): Date | null {
  const due = nextDueInstant(clock);
  if (clock.state !== 'running' && clock.state !== 'warned') return due;
  const floor = floorOf(clock);
  const t = now.getTime();
  const next = mergeAway(periods).find((s) => s.to > floor && s.to > t);
  if (!next) return due;
  const start = Math.max(next.from, floor);
  return due === null || start < due.getTime() ? new Date(start) : due;
}
