import type { Config } from '../config.js';
import type { Job } from './job.js';
import { notificationDeliveryJob } from './notification-delivery-job.js';
import { reportRollupJob } from './report-rollup-job.js';
import { scoreChangesJob } from './score-changes-job.js';
import { slaClockJob } from './sla-clock-job.js';

/**
 * What `tandem serve --role clock` (or `all`) runs: decay changes, SLA clocks
 * and notification delivery (which needs the SMTP settings and public URL).
 */
export function clockJobs(config: Pick<Config, 'smtp' | 'publicUrl'>): Job[] {
  return [scoreChangesJob, slaClockJob, notificationDeliveryJob(config), reportRollupJob];
}
