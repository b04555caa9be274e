import {
  businessTimeBetween,
  isBusinessTime,
} from '../../../../src/core/business-time/business-time.js';
import type { BusinessCalendar } from '../../../../src/core/business-time/calendar.js';
import type { ClockState } from '../../../../src/core/sla/clocks.js';

/** What a countdown needs of an inbox clock (kept structural so node tests can import this file). */
export interface CountdownClock {
  state: ClockState;
  dueAt: string | null;
  warnAt: string | null;
  remainingBusinessMs: number | null;
}

/**
 * A clock's standing at a browser instant, in the owner's business time. The
 * arithmetic is the server's own (core/business-time, bundled into the web
 * app), so the countdown stops at the end of the owner's working day exactly
 * where the server's due instant says it should.
 */
export type ClockView =
  | { kind: 'paused'; remainingMs: number | null }
  | {
      kind: 'running';
      /** Business ms left (negative = overdue by that much business time). */
      remainingMs: number;
      urgency: 'ok' | 'warned' | 'overdue';
      /** Outside the owner's business hours the countdown stands still. */
      ticking: boolean;
    }
  | { kind: 'settled' };

export function clockView(cal: BusinessCalendar, clock: CountdownClock, now: Date): ClockView {
  if (clock.state === 'met' || clock.state === 'cancelled') return { kind: 'settled' };
  if (clock.state === 'paused' || clock.dueAt === null)
    return { kind: 'paused', remainingMs: clock.remainingBusinessMs };
  const due = new Date(clock.dueAt);
  const remainingMs =
    now < due ? businessTimeBetween(cal, now, due) : -businessTimeBetween(cal, due, now);
  const overdue = clock.state === 'breached' || now >= due;
  const warned =
    clock.state === 'warned' || (clock.warnAt !== null && now >= new Date(clock.warnAt));
  return {
    kind: 'running',
    remainingMs,
    urgency: overdue ? 'overdue' : warned ? 'warned' : 'ok',
    ticking: isBusinessTime(cal, now),
  };
}

/** "2h 05m 09s" of business time; days are working hours, so hours are not folded into days. */
export function formatBusinessMs(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m ${pad(s)}s` : `${m}m ${pad(s)}s`;
}

/** The most urgent first: overdue longest, then least time left; paused and settled last. */
export function urgencyKey(
  cal: BusinessCalendar,
  clocks: readonly CountdownClock[],
  now: Date,
): number {
  let key = Number.POSITIVE_INFINITY;
  for (const clock of clocks) {
    const view = clockView(cal, clock, now);
    if (view.kind === 'running') key = Math.min(key, view.remainingMs);
  }
  return key;
}
