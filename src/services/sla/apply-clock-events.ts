import { findReasonCode } from '../../core/definitions.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import {
  type ClockEvent,
  nextDueInstant,
  onEvent,
  type SlaNotification,
} from '../../core/sla/clocks.js';
import { clockEventOfMove } from '../../core/sla/lead-events.js';
import type { Queryable } from '../../store/db.js';
import { type ClockRecord, lockOpenClocks, saveClocks } from '../../store/sla-clocks.js';
import { loadMemberCalendars } from './load-member-calendars.js';
import { writeSlaNotifications } from './write-sla-notifications.js';

/** A lead event as the lifecycle knows it: a reassignment names the new owner, not a calendar. */
export type LeadClockEvent =
  | Exclude<ClockEvent, { type: 'reassigned' }>
  | { type: 'reassigned'; at: Date; toOwnerId: string };

/**
 * Feeds one lead event to the lead's open clocks (every handoff's, though only
 * the latest normally has any), in the caller's transaction. The clocks are
 * locked first, so a sweep in another transaction either finished with them or
 * skips them. A late event breaches the clock and notifies here, once (the
 * outbox's dedupe key), whether or not the sweep got there first. Clocks that
 * are already the new owner's are left alone by a reassignment. While a lead
 * has no owner (a manager unassigned it) its clocks keep running on the last
 * owner's calendar and notify that owner.
 */
export async function applyClockEvent(
  tx: Queryable,
  contactId: string,
  event: LeadClockEvent,
): Promise<void> {
  const records = await lockOpenClocks(tx, contactId);
  if (records.length === 0) return;
  const newOwner = event.type === 'reassigned' ? event.toOwnerId : null;
  const calendarOf = await loadMemberCalendars(tx, [
    ...records.flatMap((r) => (r.ownerId ? [r.ownerId] : [])),
    ...(newOwner ? [newOwner] : []),
  ]);
  const updates: Parameters<typeof saveClocks>[1][number][] = [];
  const notices: { record: ClockRecord; notification: SlaNotification }[] = [];
  for (const record of records) {
    if (newOwner !== null && record.ownerId === newOwner) continue;
    const core: ClockEvent =
      event.type === 'reassigned'
        ? { type: 'reassigned', at: event.at, to: calendarOf(event.toOwnerId) }
        : event;
    const step = onEvent(record.clock, core, calendarOf(record.ownerId));
    const ownerId = newOwner ?? record.ownerId;
    for (const notification of step.notifications) notices.push({ record, notification });
    if (step.clock === record.clock && ownerId === record.ownerId) continue;
    updates.push({
      id: record.id,
      ownerId,
      clock: step.clock,
      nextDueAt: nextDueInstant(step.clock),
    });
  }
  await saveClocks(tx, updates);
  await writeSlaNotifications(tx, notices);
}

/**
 * A stage move as a clock event (core/sla/lead-events.ts says which); moves
 * that mean nothing to the clocks cost one indexed read at most.
 */
export async function applyStageMove(
  tx: Queryable,
  move: {
    definitions: StageDefinitionVersion;
    contactId: string;
    from: string | null;
    to: string;
    reasonCode: string | null;
    at: Date;
  },
): Promise<void> {
  const { stages } = move.definitions;
  const to = stages.find((s) => s.key === move.to);
  if (!to) return;
  const from = stages.find((s) => s.key === move.from) ?? null;
  const code = move.reasonCode ? findReasonCode(move.definitions, move.reasonCode) : undefined;
  const type = clockEventOfMove({ from, to, reasonKind: code?.kind ?? null });
  if (type === null) return;
  await applyClockEvent(tx, move.contactId, { type, at: move.at });
}
