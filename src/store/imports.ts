import type { ImportKind } from '../core/import/fields.js';
import type { ImportReport } from '../core/import/import-report.js';
import type { PresetName } from '../core/import/presets.js';
import type { RowError } from '../core/import/rows.js';
import type { Actor } from '../core/roles.js';
import type { Queryable } from './db.js';

interface ImportRow {
  id: string;
  kind: ImportKind;
  file_name: string | null;
  preset: PresetName | null;
  mapping: { column: string; field: string | null }[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error_count: number;
  errors: RowError[] | null;
  started_at: Date;
  finished_at: Date;
}

function toReport(r: ImportRow): ImportReport {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    dryRun: false,
    preset: r.preset,
    mapping: r.mapping,
    rows: r.rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    failed: r.failed,
    errorCount: r.error_count,
    errors: r.errors ?? [],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export async function insertImport(
  q: Queryable,
  report: ImportReport & { id: string },
  status: 'completed' | 'failed',
  actor: Actor,
): Promise<void> {
  await q.query(
    `INSERT INTO imports (id, kind, file_name, preset, status, mapping, rows, created, updated, unchanged, failed,
                          error_count, errors, actor_kind, actor_id, started_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      report.id,
      report.kind,
      report.fileName,
      report.preset,
      status,
      JSON.stringify(report.mapping),
      report.rows,
      report.created,
      report.updated,
      report.unchanged,
      report.failed,
      report.errorCount,
      JSON.stringify(report.errors),
      actor.kind,
      actor.id,
      report.startedAt,
      report.finishedAt,
    ],
  );
}

/** The latest completed runs, newest first, without their error lists. */
export async function listImports(q: Queryable, limit: number): Promise<ImportReport[]> {
  const { rows } = await q.query<ImportRow>(
    `SELECT id, kind, file_name, preset, mapping, rows, created, updated, unchanged, failed, error_count,
            NULL AS errors, started_at, finished_at
     FROM imports WHERE status = 'completed' ORDER BY started_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map(toReport);
}

export async function findImport(q: Queryable, id: string): Promise<ImportReport | null> {
  const { rows } = await q.query<ImportRow>(
    `SELECT id, kind, file_name, preset, mapping, rows, created, updated, unchanged, failed, error_count,
            errors, started_at, finished_at
     FROM imports WHERE id = $1`,
    [id],
  );
  return rows[0] ? toReport(rows[0]) : null;
}
