import { foldReportRollups } from '../services/reports/fold-report-rollups.js';
import type { Job } from './job.js';

/**
 * Folds the contacts the writing transactions marked dirty into the report
 * rollups, a batch per transaction; runs again at once while batches come
 * back full, so a backlog (a backfill, an import) drains without waiting.
 */
export const reportRollupJob: Job = {
  id: 'report-rollups',
  everyMs: 2000,
  async handler({ db }) {
    const { folded, pending } = await foldReportRollups({ db });
    return { again: folded > 0 && pending > 0 };
  },
};
