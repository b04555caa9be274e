import type { ImportReport } from '../../core/import/import-report.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { listImports as list } from '../../store/imports.js';

/** The latest 50 completed import runs, newest first; their error lists are left out (see getImport). */
export async function listImports(input: { db: Db; actor: Actor }): Promise<ImportReport[]> {
  authorize(input.actor, { action: 'import' });
  return list(input.db, 50);
}
