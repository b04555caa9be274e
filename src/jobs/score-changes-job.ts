import { applyDueScoreChanges } from '../services/scoring/apply-due-score-changes.js';
import { nextScoreChangeDue } from '../services/scoring/next-score-change-due.js';
import type { Job } from './job.js';

/**
 * Decay-caused band and qualification changes, applied at their computed
 * instants. It sleeps until the earliest one is due, and at most a second, so
 * a change another process scheduled meanwhile is applied within a second.
 */
export const scoreChangesJob: Job = {
  id: 'score-changes',
  everyMs: 1000,
  async handler({ db, now }) {
    const { full } = await applyDueScoreChanges({ db, now });
    if (full) return { again: true };
    return { wakeAt: await nextScoreChangeDue(db) };
  },
};
