import type { BusinessCalendar } from '../../core/business-time/calendar.js';
import { defaultReasonCodes } from '../../core/definitions.js';
import { salesAttemptEventType } from '../../core/sales-activity.js';
import { type AwaySpan, followAway } from '../../core/sla/away.js';
import {
  type ClockEvent,
  onEvent,
  type SlaClock,
  type SlaNotification,
  startClocks,
} from '../../core/sla/clocks.js';
import type { SlaContract } from '../../core/sla/contract.js';
import { clockEventOfMove } from '../../core/sla/lead-events.js';
import { defaultStageDefinitions } from '../../core/stages.js';
import type { NewEvent } from '../../store/events.js';
import type { Random } from './random.js';

/**
 * The demo's clocks are not invented: they are what the core makes of the
 * simulated history, replayed the way the live system would have seen it. The
 * sweep warns, breaches and pauses for the owner's leave at the instants they
 * fall (followAway before each event, which is what a punctual sweep leaves
 * behind), the lead desk's actions arrive as events (accept, reject, attempts
 * as recorded, outcomes), and the sweep brings everything up to `asOf`.
 */

export interface HistoryMove {
  fromStage: string | null;
  toStage: string;
  reasonCode: string | null;
  occurredAt: Date;
}

const stageByKey = new Map(defaultStageDefinitions.map((s) => [s.key, s]));
const reasonKind = new Map(defaultReasonCodes.map((r) => [r.key, r.kind]));

/** The clock events of a lead's moves (by the default definitions, as the demo uses) and logged attempts. */
export function clockEventsOf(
  moves: readonly HistoryMove[],
  attemptsRecordedAt: readonly Date[],
): ClockEvent[] {
  const events: ClockEvent[] = [];
  for (const m of moves) {
    const to = stageByKey.get(m.toStage);
    if (!to) continue;
    const from = m.fromStage === null ? null : (stageByKey.get(m.fromStage) ?? null);
    const kind = m.reasonCode ? (reasonKind.get(m.reasonCode) ?? null) : null;
    const type = clockEventOfMove({ from, to, reasonKind: kind });
    if (type !== null) events.push({ type, at: m.occurredAt });
  }
  for (const at of attemptsRecordedAt) events.push({ type: 'attempt_logged', at });
  // Stable: moves keep their order against attempts recorded at the same instant.
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export interface ReplayedClock {
  clock: SlaClock;
  notifications: SlaNotification[];
}

/** The clocks of one handoff to an owner with `calendar`, brought up to `asOf`. */
export function replayHandoff(input: {
  contract: SlaContract;
  calendar: BusinessCalendar;
  /** The owner's leave. */
  away: readonly AwaySpan[];
  handedAt: Date;
  events: readonly ClockEvent[];
  asOf: Date;
}): ReplayedClock[] {
  const { calendar, away, handedAt, asOf } = input;
  const relevant = input.events.filter(
    (e) => e.at.getTime() >= handedAt.getTime() && e.at.getTime() < asOf.getTime(),
  );
  return startClocks(input.contract, { leadEnteredAt: handedAt, calendar }).map((start) => {
    let clock = start;
    const notifications: SlaNotification[] = [];
    const step = (s: { clock: SlaClock; notifications: SlaNotification[] }) => {
      clock = s.clock;
      notifications.push(...s.notifications);
    };
    for (const event of relevant) {
      step(followAway(clock, away, event.at, calendar));
      step(onEvent(clock, event, calendar));
    }
    step(followAway(clock, away, asOf, calendar));
    return { clock, notifications };
  });
}

/** A clock as the demo stores it; the handoff is named by its transition until the store numbers it. */
export interface DemoClock {
  id: string;
  contactId: string;
  handoffTransitionId: string;
  ownerId: string;
  clock: SlaClock;
  /** What the sweep and the desk would have written into the outbox for this clock. */
  notifications: SlaNotification[];
}

/** Every clock of a lead's handoffs (moves into a route stage), replayed over its history. */
export function handoffClocks(input: {
  rng: Random;
  contract: SlaContract;
  calendar: BusinessCalendar;
  away: readonly AwaySpan[];
  contactId: string;
  ownerId: string;
  handoffs: readonly (HistoryMove & { id: string })[];
  moves: readonly HistoryMove[];
  events: readonly NewEvent[];
  asOf: Date;
}): DemoClock[] {
  const attempts = input.events
    .filter((e) => e.type === salesAttemptEventType)
    .map((e) => e.receivedAt ?? e.occurredAt);
  const events = clockEventsOf(input.moves, attempts);
  return input.handoffs.flatMap((h) =>
    replayHandoff({
      contract: input.contract,
      calendar: input.calendar,
      away: input.away,
      handedAt: h.occurredAt,
      events,
      asOf: input.asOf,
    }).map(({ clock, notifications }) => ({
      id: input.rng.uuid(),
      contactId: input.contactId,
      handoffTransitionId: h.id,
      ownerId: input.ownerId,
      clock,
      notifications,
    })),
  );
}
