import {
  addBusinessDays,
  addBusinessTime,
  businessTimeBetween,
} from '../business-time/business-time.js';
import type { BusinessCalendar } from '../business-time/calendar.js';
import {
  clauseWindow,
  type SalesClauseKey,
  type SlaContract,
  salesClauseKeys,
} from './contract.js';

/**
 * SLA clocks (DESIGN.md §3): one per lead and sales clause, as plain data the
 * store keeps in a row. Every function here returns a new clock and the
 * notifications the step causes; the service writes both in one transaction
 * (the notifications into the outbox), so each goes out exactly once.
 *
 * States:
 *   running  → warned     the warning share of the window has passed (tick)
 *   running|warned → met  the clause was fulfilled before the due time
 *   running|warned → breached   the due time passed first (tick or a late event)
 *   running|warned ⇄ paused     lead disqualified, owner away
 *   any open → cancelled  the obligation lapsed: the lead was rejected or closed
 *                         before the clause applied (neither credit nor blame)
 * met, breached and cancelled are final: a later event changes nothing, so a
 * breached clock never notifies again and a met one never breaches.
 *
 * Timing rules:
 * - The window is [startedAt, dueAt): at dueAt the time is used up, so an event
 *   at exactly dueAt is late, as is a tick at dueAt.
 * - An event is judged at `at`, the instant it was recorded. A backdated
 *   attempt logged after the due time is late whether or not the sweep has
 *   already noticed, so the outcome never depends on the sweep's timing.
 * - Due and warn instants are instants, computed once in business time and
 *   stored; only pause, resume and reassignment recompute them.
 */

export type ClockState = 'running' | 'warned' | 'met' | 'breached' | 'paused' | 'cancelled';

export const openClockStates: readonly ClockState[] = ['running', 'warned', 'paused'];

/**
 * Why a clock is on hold: the lead (a manual disqualification) or the owner's
 * leave. Kept apart because they end apart: the owner's return resumes a clock
 * held only for their leave, never one held for the lead as well.
 */
export type PauseHold = 'lead' | 'away';

export interface SlaClock {
  clause: SalesClauseKey;
  startedAt: Date;
  /** Null while paused: a paused clock falls due at no instant. */
  dueAt: Date | null;
  /** When the owner is warned; kept once warned, null while paused before the warning. */
  warnAt: Date | null;
  state: ClockState;
  warnedAt: Date | null;
  pausedAt: Date | null;
  /** Business ms left until due, while paused. */
  remainingMs: number | null;
  /** Business ms left until the warning, while paused before it. */
  warnRemainingMs: number | null;
  /** Attempts that fulfil the clause: 1 for the first attempt, K for the cadence, 0 when attempts don't count. */
  attemptsRequired: number;
  attemptsCounted: number;
  /** When the clock became met, breached or cancelled. */
  settledAt: Date | null;
  /** While paused: why (absent on clocks paused before holds were told apart = the lead). */
  holds?: PauseHold[];
  /**
   * While held for the owner's leave: when that leave ends as far as it is
   * known, the instant the sweep looks at the clock again (core/sla/away.ts).
   */
  holdUntil?: Date | null;
  /**
   * Leave before this instant is already accounted for, or was an earlier
   * owner's: the clock's start, its last reassignment, its last return from
   * leave. Absent = startedAt.
   */
  awayFloor?: Date | null;
  /** The escalation in force when the clock started: a new contract version applies to new leads. */
  escalation: { notifyManagerOnBreach: boolean; reassignOnBreach: boolean };
}

export type ClockEvent =
  | { type: 'accepted'; at: Date }
  | { type: 'rejected'; at: Date }
  | { type: 'attempt_logged'; at: Date }
  | { type: 'outcome_recorded'; at: Date }
  /** `hold` says why (default 'lead'); a clock resumes once no hold is left. */
  | { type: 'paused'; at: Date; hold?: PauseHold }
  | { type: 'resumed'; at: Date; hold?: PauseHold }
  /** `to` is the new owner's calendar; the calendar passed beside the event is the old owner's. */
  | { type: 'reassigned'; at: Date; to: BusinessCalendar };

export type Recipient = 'owner' | 'manager';

export interface SlaNotification {
  type: 'sla.warning' | 'sla.breached';
  clause: SalesClauseKey;
  /** The instant the threshold was crossed (warnAt or dueAt), not when it was noticed. */
  at: Date;
  dueAt: Date;
  notify: Recipient[];
  /** Breaches only: the contract asks for the lead to be handed to someone else. */
  reassign: boolean;
}

export interface ClockStep {
  clock: SlaClock;
  notifications: SlaNotification[];
}

export interface StartInput {
  /** When the lead was handed to (assigned to) its owner. */
  leadEnteredAt: Date;
  /** The owner's calendar. */
  calendar: BusinessCalendar;
  /** Start only these clauses (e.g. fresh clocks after a breach); default every sales clause of the contract. */
  clauses?: readonly SalesClauseKey[];
}

const attemptsRequired = (contract: SlaContract, clause: SalesClauseKey): number =>
  clause === 'first_attempt_within'
    ? 1
    : clause === 'attempt_cadence'
      ? (contract.sales.attempt_cadence?.attempts ?? 0)
      : 0;

/**
 * One running clock per sales clause of the contract, due in the owner's
 * calendar. The warning falls when `warnOwnerAt` of the window's business time
 * has passed, counted in business time too: a 6-hour window warns after 4.5
 * business hours, not after 75% of the wall-clock span that includes a night.
 */
export function startClocks(contract: SlaContract, input: StartInput): SlaClock[] {
  const { leadEnteredAt: start, calendar } = input;
  const wanted = input.clauses ?? salesClauseKeys;
  const clocks: SlaClock[] = [];
  for (const clause of salesClauseKeys) {
    if (!wanted.includes(clause)) continue;
    const window = clauseWindow(contract.sales, clause);
    if (!window) continue;
    let dueAt: Date;
    let windowMs: number;
    if ('businessMs' in window) {
      windowMs = window.businessMs;
      dueAt = addBusinessTime(calendar, start, windowMs);
    } else {
      dueAt = addBusinessDays(calendar, start, window.businessDays);
      windowMs = businessTimeBetween(calendar, start, dueAt);
    }
    // Rounded down so the warning never falls after the due time.
    const warnAt = addBusinessTime(
      calendar,
      start,
      Math.floor(windowMs * contract.escalation.warnOwnerAt),
    );
    clocks.push({
      clause,
      startedAt: new Date(start),
      dueAt,
      warnAt,
      state: 'running',
      warnedAt: null,
      pausedAt: null,
      remainingMs: null,
      warnRemainingMs: null,
      attemptsRequired: attemptsRequired(contract, clause),
      attemptsCounted: 0,
      settledAt: null,
      escalation: {
        notifyManagerOnBreach: contract.escalation.notifyManagerOnBreach,
        reassignOnBreach: contract.escalation.reassignOnBreach,
      },
    });
  }
  return clocks;
}

export function isSettled(clock: SlaClock): boolean {
  return clock.state === 'met' || clock.state === 'breached' || clock.state === 'cancelled';
}

/**
 * The instant the sweep next has to look at the clock: the warning if it has
 * not come yet, else the due time; null when nothing can happen without an
 * event (settled or paused). The store indexes this column.
 */
export function nextDueInstant(clock: SlaClock): Date | null {
  if (clock.state === 'running') return clock.warnAt ?? clock.dueAt;
  if (clock.state === 'warned') return clock.dueAt;
  if (clock.state === 'paused' && holdsOf(clock).includes('away')) return clock.holdUntil ?? null;
  return null;
}

export function holdsOf(clock: SlaClock): PauseHold[] {
  if (clock.state !== 'paused') return [];
  return clock.holds ?? ['lead'];
}

function breach(clock: SlaClock, dueAt: Date): ClockStep {
  const notify: Recipient[] = clock.escalation.notifyManagerOnBreach
    ? ['owner', 'manager']
    : ['owner'];
  return {
    clock: { ...clock, state: 'breached', settledAt: dueAt },
    notifications: [
      {
        type: 'sla.breached',
        clause: clock.clause,
        at: dueAt,
        dueAt,
        notify,
        reassign: clock.escalation.reassignOnBreach,
      },
    ],
  };
}

/**
 * Moves a running or warned clock to `now`: breached once now ≥ dueAt, warned
 * once now ≥ warnAt. A sweep that wakes after the due time reports only the
 * breach: a warning about a deadline already missed helps nobody.
 */
export function tick(clock: SlaClock, now: Date): ClockStep {
  if (clock.state !== 'running' && clock.state !== 'warned') return { clock, notifications: [] };
  const t = now.getTime();
  const dueAt = clock.dueAt!;
  if (t >= dueAt.getTime()) return breach(clock, dueAt);
  if (clock.state === 'running' && clock.warnAt && t >= clock.warnAt.getTime())
    return {
      clock: { ...clock, state: 'warned', warnedAt: clock.warnAt },
      notifications: [
        {
          type: 'sla.warning',
          clause: clock.clause,
          at: clock.warnAt,
          dueAt,
          notify: ['owner'],
          reassign: false,
        },
      ],
    };
  return { clock, notifications: [] };
}

type Effect = 'fulfils' | 'counts' | 'cancels' | 'none';

/** What a lead event means for a clause. */
function effectOf(clause: SalesClauseKey, type: ClockEvent['type']): Effect {
  switch (clause) {
    case 'accept_within':
      // Either decision keeps the promise; a lead closed without one (a manager
      // disqualifying it) leaves nothing to decide.
      if (type === 'accepted' || type === 'rejected') return 'fulfils';
      return type === 'outcome_recorded' ? 'cancels' : 'none';
    case 'first_attempt_within':
    case 'attempt_cadence':
      // A rejected or closed lead is not followed up any further, so the
      // attempts it would have needed are owed to nobody.
      if (type === 'attempt_logged') return 'counts';
      return type === 'rejected' || type === 'outcome_recorded' ? 'cancels' : 'none';
    case 'outcome_recorded':
      // A rejection carries its reason code, which is the outcome.
      return type === 'outcome_recorded' || type === 'rejected' ? 'fulfils' : 'none';
  }
}

/**
 * Applies a lead event to a clock. `calendar` is the calendar of the owner the
 * clock runs for when the event happens (for a reassignment, the old owner's;
 * the new one comes in the event).
 *
 * Pause and reassignment first bring the clock up to the event's time as tick
 * would, so a clock paused after its due time is breached, not paused.
 * Resuming a clock that is not paused, or pausing a paused one, changes nothing.
 * Other events are judged against the due time directly: one at or after it
 * finds the clause missed and breaches the clock (notified here if the sweep
 * has not done it yet); one before it meets, counts or cancels without a
 * warning, which would come too late to matter. A paused clock can still be
 * met or cancelled (the work got done, or the lead closed, while it was on
 * hold) but never breaches.
 */
export function onEvent(clock: SlaClock, event: ClockEvent, calendar: BusinessCalendar): ClockStep {
  if (isSettled(clock)) return { clock, notifications: [] };
  const at = event.at.getTime();
  switch (event.type) {
    case 'paused':
      return after(tick(clock, event.at), (c) =>
        pause(c, event.at, calendar, event.hold ?? 'lead'),
      );
    case 'resumed':
      return { clock: resume(clock, event.at, calendar, event.hold ?? 'lead'), notifications: [] };
    case 'reassigned':
      return after(tick(clock, event.at), (c) => reassign(c, event.at, calendar, event.to));
  }
  const effect = effectOf(clock.clause, event.type);
  if (effect === 'none') return { clock, notifications: [] };
  // Work recorded before the clock started belongs to an earlier handoff.
  if (effect !== 'cancels' && at < clock.startedAt.getTime()) return { clock, notifications: [] };
  // Whatever the event, a deadline that passed before it was missed.
  if (clock.state !== 'paused' && at >= clock.dueAt!.getTime()) return breach(clock, clock.dueAt!);
  if (effect === 'cancels')
    return { clock: { ...clock, state: 'cancelled', settledAt: event.at }, notifications: [] };
  if (effect === 'counts') {
    const counted = clock.attemptsCounted + 1;
    if (counted < clock.attemptsRequired)
      return { clock: { ...clock, attemptsCounted: counted }, notifications: [] };
    return {
      clock: { ...clock, attemptsCounted: counted, state: 'met', settledAt: event.at },
      notifications: [],
    };
  }
  return { clock: { ...clock, state: 'met', settledAt: event.at }, notifications: [] };
}

function after(step: ClockStep, then: (clock: SlaClock) => SlaClock): ClockStep {
  if (isSettled(step.clock)) return step;
  return { clock: then(step.clock), notifications: step.notifications };
}

/**
 * The business time left is measured in the calendar in force and kept as a
 * duration, which belongs to no calendar: resumption lays it on whichever
 * calendar is then the owner's.
 */
function pause(clock: SlaClock, at: Date, calendar: BusinessCalendar, hold: PauseHold): SlaClock {
  if (clock.state === 'paused') {
    const holds = holdsOf(clock);
    return holds.includes(hold) ? clock : { ...clock, holds: [...holds, hold] };
  }
  const warned = clock.state === 'warned';
  return {
    ...clock,
    state: 'paused',
    holds: [hold],
    pausedAt: at,
    remainingMs: businessTimeBetween(calendar, at, clock.dueAt!),
    warnRemainingMs: warned ? null : businessTimeBetween(calendar, at, clock.warnAt!),
    dueAt: null,
    warnAt: warned ? clock.warnAt : null,
  };
}

/**
 * The due time is the resumption plus the business time that was left, so a
 * pause costs the owner nothing; a clock warned before the pause stays warned.
 */
function resume(clock: SlaClock, at: Date, calendar: BusinessCalendar, hold: PauseHold): SlaClock {
  if (clock.state !== 'paused') return clock;
  const before = holdsOf(clock);
  if (!before.includes(hold)) return clock;
  const holds = before.filter((h) => h !== hold);
  if (holds.length > 0)
    return { ...clock, holds, holdUntil: holds.includes('away') ? clock.holdUntil : null };
  const warned = clock.warnedAt !== null;
  return {
    ...clock,
    state: warned ? 'warned' : 'running',
    holds: undefined,
    holdUntil: undefined,
    pausedAt: null,
    remainingMs: null,
    warnRemainingMs: null,
    dueAt: addBusinessTime(calendar, at, clock.remainingMs!),
    warnAt: warned ? clock.warnAt : addBusinessTime(calendar, at, clock.warnRemainingMs!),
  };
}

/**
 * The window continues rather than restarts: the business time already spent
 * (in the old owner's calendar) stays spent, and what is left is laid on the
 * new owner's calendar from the moment of reassignment. A restart would let a
 * lead bounce between reps without ever being late; continuing keeps the
 * promise to the lead, and the new owner still gets exactly the business time
 * the old one had left, in their own working hours. A paused clock holds its
 * remainder as a duration already, so only resumption applies the new calendar.
 * A warning already given is not repeated: the new owner learns of the lead
 * from its assignment. A hold for the old owner's leave ends with their
 * ownership (the new owner's own leave, if any, holds it again); leave before
 * the reassignment is no longer the clock's concern (awayFloor).
 */
function reassign(
  clock: SlaClock,
  at: Date,
  from: BusinessCalendar,
  to: BusinessCalendar,
): SlaClock {
  if (clock.state === 'paused') {
    const held = holdsOf(clock).includes('away') ? resume(clock, at, to, 'away') : clock;
    return { ...held, awayFloor: at };
  }
  const remaining = businessTimeBetween(from, at, clock.dueAt!);
  const dueAt = addBusinessTime(to, at, remaining);
  if (clock.state === 'warned') return { ...clock, dueAt, awayFloor: at };
  const warnRemaining = businessTimeBetween(from, at, clock.warnAt!);
  return { ...clock, dueAt, warnAt: addBusinessTime(to, at, warnRemaining), awayFloor: at };
}

/** Applies events in order, gathering their notifications: for replays and tests. */
export function applyEvents(
  clock: SlaClock,
  events: readonly ClockEvent[],
  calendar: BusinessCalendar,
): ClockStep {
  let current = clock;
  let cal = calendar;
  const notifications: SlaNotification[] = [];
  for (const event of events) {
    const step = onEvent(current, event, cal);
    current = step.clock;
    notifications.push(...step.notifications);
    if (event.type === 'reassigned') cal = event.to;
  }
  return { clock: current, notifications };
}
