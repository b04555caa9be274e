import { nextClockDue } from '../services/sla/next-clock-due.js';
import { reassignBreachedLeads } from '../services/sla/reassign-breached-leads.js';
import { sweepDueClocks } from '../services/sla/sweep-due-clocks.js';
import type { Job } from './job.js';

/** How soon a reassignment skipped because its lead was busy is tried again. */
const busyRetryMs = 250;

/**
 * SLA warnings and breaches, noticed at their stored instants, then the
 * reassignments breaches owe (a contract with reassignOnBreach), each lead in
 * a transaction of its own after the sweep's. It sleeps until the earliest
 * instant is due, and at most a second, so a clock another process started
 * meanwhile is still noticed well within the 5 s the issue allows.
 */
export const slaClockJob: Job = {
  id: 'sla-clocks',
  everyMs: 1000,
  async handler({ db, now }) {
    const { full } = await sweepDueClocks({ db, now });
    const handed = await reassignBreachedLeads({ db, now });
    if (full || handed.full) return { again: true };
    const next = await nextClockDue(db);
    if (handed.busy === 0) return { wakeAt: next };
    const retry = new Date(now.getTime() + busyRetryMs);
    return { wakeAt: next && next < retry ? next : retry };
  },
};
