import type { Job } from './job.js';
import { scoreChangesJob } from './score-changes-job.js';

/** What `tandem serve --role clock` (or `all`) runs. The SLA clocks and the outbox join it later. */
export const clockJobs: readonly Job[] = [scoreChangesJob];
