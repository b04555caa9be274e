import type { Db } from '../store/db.js';
import { type Clock, systemClock } from './clock.js';
import type { Job } from './job.js';

export interface JobRunner {
  /** Resolves when no handler is running (tests move a manual clock, then wait for this). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs each job in its own loop: run the handler, then sleep until its period
 * is up or until the work it reported next falls due, whichever is sooner. A
 * failing run is reported and retried on the next period; one job never waits
 * for another.
 */
export function startJobs(input: {
  db: Db;
  jobs: readonly Job[];
  clock?: Clock;
  onError?: (job: Job, error: unknown) => void;
}): JobRunner {
  const clock = input.clock ?? systemClock;
  let stopped = false;
  const running = new Set<Promise<void>>();
  const timers = new Map<string, { cancel(): void }>();

  const schedule = (job: Job, ms: number) => {
    if (stopped) return;
    timers.set(
      job.id,
      clock.setTimer(() => run(job), Math.max(0, ms)),
    );
  };

  const run = (job: Job) => {
    timers.delete(job.id);
    if (stopped) return;
    const started = clock.now();
    const p = job
      .handler({ db: input.db, now: started })
      .then(
        (result) => {
          if (result.again) return schedule(job, 0);
          const untilWake =
            result.wakeAt == null ? job.everyMs : result.wakeAt.getTime() - clock.now().getTime();
          schedule(job, Math.min(job.everyMs, untilWake));
        },
        (error: unknown) => {
          input.onError?.(job, error);
          schedule(job, job.everyMs);
        },
      )
      .finally(() => running.delete(p));
    running.add(p);
  };

  for (const job of input.jobs) run(job);

  return {
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) t.cancel();
      timers.clear();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
