import type { Db } from '../../store/db.js';
import { listRunningRematches } from '../../store/personas.js';
import { rematchPersonas } from './rematch-personas.js';

/**
 * Runs persona re-matches in the background of a server: signing answers at
 * once, and the run's progress is read from the version. Runs cut short by a
 * stop are resumed at the next start (`resume`).
 */
export class PersonaRematchRunner {
  private readonly runs = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown, versionId: string) => void,
  ) {}

  start(versionId: string): void {
    if (this.runs.has(versionId) || this.abort.signal.aborted) return;
    const run = rematchPersonas({ db: this.db, versionId, signal: this.abort.signal })
      .then(
        () => undefined,
        (error: unknown) => this.onError(error, versionId),
      )
      .finally(() => this.runs.delete(versionId));
    this.runs.set(versionId, run);
  }

  async resume(): Promise<void> {
    for (const r of await listRunningRematches(this.db)) this.start(r.versionId);
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
