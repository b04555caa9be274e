import type { Config } from '../config.js';
import type { PersonaRematchRunner } from '../services/definitions/persona-rematch-runner.js';
import type { IngestQueue } from '../services/ingest/ingest-queue.js';
import type { RescoreRunner } from '../services/scoring/rescore-runner.js';
import type { Db } from '../store/db.js';

/** What every route plugin is given: the database, the validated settings, and shared services. */
export interface RouteDeps {
  db: Db;
  config: Config;
  ingestQueue: IngestQueue;
  /** Runs the rescores that activations start. */
  rescores: RescoreRunner;
  /** Matches contacts to new personas after a definitions version takes effect. */
  rematches: PersonaRematchRunner;
}
