import { businessTimeBetween } from '../../core/business-time/business-time.js';
import type { BusinessCalendar } from '../../core/business-time/calendar.js';

/** The instants and counters of a stored clock the inbox and breaches show (jsonb keeps ISO strings). */
export interface ClockView {
  startedAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  settledAt: Date | null;
  remainingMs: number | null;
  attemptsRequired: number;
}

const instant = (v: unknown): Date | null => (typeof v === 'string' ? new Date(v) : null);

export function readClockJson(json: Record<string, unknown>): ClockView {
  return {
    startedAt: instant(json.startedAt) ?? new Date(0),
    dueAt: instant(json.dueAt),
    warnAt: instant(json.warnAt),
    settledAt: instant(json.settledAt),
    remainingMs: typeof json.remainingMs === 'number' ? json.remainingMs : null,
    attemptsRequired: typeof json.attemptsRequired === 'number' ? json.attemptsRequired : 0,
  };
}

/**
 * Business time left until the clock falls due, as of `now`, in the owner's
 * calendar; negative once overdue (the business time since it fell due). A
 * paused clock keeps the remainder it was paused with.
 */
export function remainingBusinessMs(
  clock: ClockView,
  paused: boolean,
  calendar: BusinessCalendar,
  now: Date,
): number {
  if (paused || clock.dueAt === null) return clock.remainingMs ?? 0;
  return clock.dueAt.getTime() > now.getTime()
    ? businessTimeBetween(calendar, now, clock.dueAt)
    : -businessTimeBetween(calendar, clock.dueAt, now);
}
