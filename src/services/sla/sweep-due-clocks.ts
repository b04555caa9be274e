import type { Db } from '../../store/db.js';
import { claimAwayOwnersClocks, claimDueClocks } from '../../store/sla-clocks.js';
import { advanceClocks } from './advance-clocks.js';

/** Clocks one sweep takes on; a full batch makes the clock job sweep again at once. */
export const clockSweepBatch = 500;

/**
 * The clock's half of the SLA: takes the clocks whose warning, due time or
 * end of the owner's leave has come (by the partial index on next_due_at), and
 * the running clocks of owners on leave now, skipping rows another sweep or a
 * lead event holds; brings each to `now` (advanceClocks: leave pauses and
 * resumes at its own instants, then the core's tick), stores it with its next
 * instant and writes the warnings and breaches into the outbox, all in one
 * transaction. A crash before the commit leaves the clocks due, so the next
 * sweep (after a restart, or in another process) does the work; one after it
 * has nothing left to do. The dedupe keys make a second notification for one
 * crossing impossible even if two sweeps did see the same clock.
 */
export async function sweepDueClocks(input: {
  db: Db;
  now: Date;
  limit?: number;
}): Promise<{ swept: number; notified: number; full: boolean }> {
  const limit = input.limit ?? clockSweepBatch;
  return input.db.transaction(async (tx) => {
    const due = await claimDueClocks(tx, input.now, limit);
    const away = await claimAwayOwnersClocks(tx, input.now, limit);
    const seen = new Set(due.map((r) => r.id));
    const records = [...due, ...away.filter((r) => !seen.has(r.id))];
    if (records.length === 0) return { swept: 0, notified: 0, full: false };
    const { notified } = await advanceClocks(tx, records, input.now);
    return { swept: records.length, notified, full: due.length === limit || away.length === limit };
  });
}
