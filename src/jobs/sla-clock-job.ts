import { nextClockDue } from '../services/sla/next-clock-due.js';
import { sweepDueClocks } from '../services/sla/sweep-due-clocks.js';
import type { Job } from './job.js';

/**
 * SLA warnings and breaches, noticed at their stored instants. It sleeps until
 * the earliest one is due, and at most a second, so a clock another process
 * started meanwhile is still noticed well within the 5 s the issue allows.
 */
export const slaClockJob: Job = {
  id: 'sla-clocks',
  everyMs: 1000,
  async handler({ db, now }) {
    const { full } = await sweepDueClocks({ db, now });
    if (full) return { again: true };
    return { wakeAt: await nextClockDue(db) };
  },
};
