import { type Config, loadConfig } from '../config.js';
import { prepareWorkspace } from '../services/workspace/prepare-workspace.js';
import type { Db } from '../store/db.js';
import { type OpenedDatabase, openDatabase } from '../store/open-database.js';

export interface Workspace extends OpenedDatabase {
  config: Config;
}

/** Loads the settings, opens the database (locking PGlite's data directory) and migrates it. */
export async function openWorkspace(command: string): Promise<Workspace> {
  const config = loadConfig();
  const opened = await openDatabase(config, command);
  try {
    await prepareWorkspace(opened.db);
  } catch (error) {
    await opened.db.close();
    throw error;
  }
  return { ...opened, config };
}

/** Runs one CLI command against the workspace and always closes it (releasing the lock). */
export async function withWorkspace<T>(
  command: string,
  fn: (db: Db, ws: Workspace) => Promise<T>,
): Promise<T> {
  const ws = await openWorkspace(command);
  try {
    return await fn(ws.db, ws);
  } finally {
    await ws.db.close();
  }
}
