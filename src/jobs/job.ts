import type { Db } from '../store/db.js';

export interface JobContext {
  db: Db;
  now: Date;
}

export interface JobRun {
  /** There is more to do now (a full batch): run again without waiting. */
  again?: boolean;
  /** The next instant work falls due, if sooner than the job's period. */
  wakeAt?: Date | null;
}

/** A job as data: the runner (runner.ts) owns the timers, the handler only the work. */
export interface Job {
  id: string;
  /** The longest the job sleeps between runs; work that falls due sooner wakes it (`wakeAt`). */
  everyMs: number;
  handler(ctx: JobContext): Promise<JobRun>;
}
