import { AppError } from '../../core/app-error.js';
import type { ImportReport } from '../../core/import/import-report.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { findImport } from '../../store/imports.js';

/** One import run with the first 1,000 row errors it stored. */
export async function getImport(input: {
  db: Db;
  actor: Actor;
  importId: string;
}): Promise<ImportReport> {
  authorize(input.actor, { action: 'import' });
  const found = await findImport(input.db, input.importId);
  if (!found) throw new AppError('not_found', 'No import has this id');
  return found;
}
