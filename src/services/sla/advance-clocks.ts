import { followAway, nextInstant } from '../../core/sla/away.js';
import type { SlaNotification } from '../../core/sla/clocks.js';
import type { SalesClauseKey } from '../../core/sla/contract.js';
import type { Queryable } from '../../store/db.js';
import { loadAwayPeriods } from '../../store/member-calendars.js';
import { type ClockRecord, saveClocks } from '../../store/sla-clocks.js';
import { loadMemberCalendars } from './load-member-calendars.js';
import { writeSlaNotifications } from './write-sla-notifications.js';

/**
 * The clauses whose breach hands the lead to someone else when the contract
 * asks for it: the lead is sitting untouched (no decision, no first attempt),
 * and another rep can still make the first impression. Once the rep is
 * working the lead (cadence, outcome) a breach is for the manager to weigh,
 * not a reason to start the relationship over with a stranger.
 */
export const reassigningClauses: readonly SalesClauseKey[] = [
  'accept_within',
  'first_attempt_within',
];

/**
 * Brings locked clocks to `now` through their owners' leave
 * (core/sla/away.ts followAway), stores each with the next instant the sweep
 * must look at it and writes the warnings and breaches into the outbox, in
 * the caller's transaction. A breach the sweep finds (the lead sat idle past
 * its due time) of a clause that hands the lead on keeps its due time in
 * next_due_at: that marks the reassignment as owed until
 * reassignBreachedLeads has done it, across crashes.
 */
export async function advanceClocks(
  tx: Queryable,
  records: readonly ClockRecord[],
  now: Date,
): Promise<{ notified: number; reassignments: number }> {
  if (records.length === 0) return { notified: 0, reassignments: 0 };
  const owners = [...new Set(records.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))];
  let since = now.getTime();
  for (const r of records)
    since = Math.min(since, (r.clock.awayFloor ?? r.clock.startedAt).getTime());
  const away = await loadAwayPeriods(tx, owners, new Date(since));
  // Calendars only where leave can pause or resume a clock: most sweeps need none.
  const needCalendar = new Set(
    records.flatMap((r) =>
      r.ownerId && (away.has(r.ownerId) || r.clock.state === 'paused') ? [r.ownerId] : [],
    ),
  );
  const calendarOf = await loadMemberCalendars(tx, [...needCalendar]);
  const updates: Parameters<typeof saveClocks>[1][number][] = [];
  const notices: { record: ClockRecord; notification: SlaNotification }[] = [];
  let reassignments = 0;
  for (const record of records) {
    const periods = (record.ownerId && away.get(record.ownerId)) || [];
    const step = followAway(record.clock, periods, now, calendarOf(record.ownerId));
    for (const notification of step.notifications) notices.push({ record, notification });
    let nextDueAt = nextInstant(step.clock, periods, now);
    const handOn = step.notifications.some(
      (n) => n.type === 'sla.breached' && n.reassign && reassigningClauses.includes(n.clause),
    );
    if (handOn && record.ownerId !== null) {
      nextDueAt = step.clock.dueAt;
      reassignments++;
    }
    updates.push({ id: record.id, ownerId: record.ownerId, clock: step.clock, nextDueAt });
  }
  await saveClocks(tx, updates);
  const notified = await writeSlaNotifications(tx, notices);
  return { notified, reassignments };
}
