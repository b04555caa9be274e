import { nextDueInstant, type SlaNotification, tick } from '../../core/sla/clocks.js';
import type { Db } from '../../store/db.js';
import { type ClockRecord, claimDueClocks, saveClocks } from '../../store/sla-clocks.js';
import { writeSlaNotifications } from './write-sla-notifications.js';

/** Clocks one sweep takes on; a full batch makes the clock job sweep again at once. */
export const clockSweepBatch = 500;

/**
 * The clock's half of the SLA: takes the clocks whose warning or due time has
 * come (by the partial index on next_due_at, skipping rows another sweep or a
 * lead event holds), moves each to `now` with the core's tick, stores it with
 * its next instant and writes the warnings and breaches into the outbox, all
 * in one transaction. A crash before the commit leaves the clocks due, so the
 * next sweep (after a restart, or in another process) does the work; one after
 * it has nothing left to do. The dedupe keys make a second notification for
 * one crossing impossible even if two sweeps did see the same clock.
 */
export async function sweepDueClocks(input: {
  db: Db;
  now: Date;
  limit?: number;
}): Promise<{ swept: number; notified: number; full: boolean }> {
  const limit = input.limit ?? clockSweepBatch;
  return input.db.transaction(async (tx) => {
    const due = await claimDueClocks(tx, input.now, limit);
    if (due.length === 0) return { swept: 0, notified: 0, full: false };
    const updates: Parameters<typeof saveClocks>[1][number][] = [];
    const notices: { record: ClockRecord; notification: SlaNotification }[] = [];
    for (const record of due) {
      const step = tick(record.clock, input.now);
      for (const notification of step.notifications) notices.push({ record, notification });
      updates.push({
        id: record.id,
        ownerId: record.ownerId,
        clock: step.clock,
        nextDueAt: nextDueInstant(step.clock),
      });
    }
    await saveClocks(tx, updates);
    const notified = await writeSlaNotifications(tx, notices);
    return { swept: due.length, notified, full: due.length === limit };
  });
}
