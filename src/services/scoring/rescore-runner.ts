import type { Db } from '../../store/db.js';
import { listRunningRescores, type Rescore } from '../../store/rescores.js';
import { rescoreContacts } from './rescore-contacts.js';

/**
 * Runs rescores in the background of a server: the activation answers at once
 * with the run's id, and the run's progress is read from the database. Runs
 * cut short by a stop are resumed at the next start (`resume`).
 */
export class RescoreRunner {
  private readonly runs = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown, rescoreId: string) => void,
  ) {}

  start(rescore: Pick<Rescore, 'id' | 'modelId'>): void {
    if (this.runs.has(rescore.id) || this.abort.signal.aborted) return;
    const run = rescoreContacts({ db: this.db, rescore, signal: this.abort.signal })
      .then(
        () => undefined,
        (error: unknown) => this.onError(error, rescore.id),
      )
      .finally(() => this.runs.delete(rescore.id));
    this.runs.set(rescore.id, run);
  }

  async resume(): Promise<void> {
    for (const r of await listRunningRescores(this.db)) this.start(r);
  }

  /** Resolves when no run is going (tests). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.allSettled([...this.runs.values()]);
  }

  /** Stops after the page each run is on; their rows stay `running` for the next start. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }
}
