import type { Config } from '../config.js';
import type { Db } from '../store/db.js';

/** What every route plugin is given: the database and the validated settings. */
export interface RouteDeps {
  db: Db;
  config: Config;
}
