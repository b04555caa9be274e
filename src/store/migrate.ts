import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: the key of the transaction-scoped advisory lock migrations take on PostgreSQL. */
const migrationLockKey = 7245001;

export interface MigrationResult {
  applied: string[];
  total: number;
}

export function listMigrations(): string[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/**
 * Applies the plain SQL files in migrations/ in name order, each in its own
 * transaction. On PostgreSQL a transaction-scoped advisory lock lets several
 * servers start at once: the second waits, then sees the file applied.
 */
export async function migrate(db: Db): Promise<MigrationResult> {
  const files = listMigrations();
  const applied: string[] = [];
  for (const file of files) {
    const didApply = await db.transaction(async (tx) => {
      if (db.kind === 'postgres') {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
      }
      await tx.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [file]);
      if (done.rows.length > 0) return false;
      await tx.exec(fs.readFileSync(migrationsDir + file, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [file]);
      return true;
    });
    if (didApply) applied.push(file);
  }
  return { applied, total: files.length };
}
