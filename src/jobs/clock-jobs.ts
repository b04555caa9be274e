import type { Job } from './job.js';
import { scoreChangesJob } from './score-changes-job.js';
import { slaClockJob } from './sla-clock-job.js';

/** What `tandem serve --role clock` (or `all`) runs: decay changes and SLA clocks. The outbox joins it later. */
export const clockJobs: readonly Job[] = [scoreChangesJob, slaClockJob];
