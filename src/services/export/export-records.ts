import { csvRow } from '../../core/csv-format.js';
import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { type ExportKind, exportColumns, readExportPage } from '../../store/exports.js';

export type ExportFormat = 'csv' | 'jsonl';

export interface ExportFilter {
  text?: string | undefined;
  stage?: string | undefined;
  owner?: string | undefined;
}

/**
 * Streams every contact or event as CSV or JSON Lines, a page of rows at a
 * time (keyset order), so exporting a million rows holds one page in memory.
 */
export async function* exportRecords(input: {
  db: Db;
  actor: Actor;
  kind: ExportKind;
  format: ExportFormat;
  filter?: ExportFilter;
  onProgress?: (done: number, total: number, label: string) => void;
}): AsyncGenerator<string> {
  authorize(input.actor, { action: 'contact.read' });
  const columns = exportColumns[input.kind];
  if (input.format === 'csv') yield csvRow(columns);
  const total = input.onProgress
    ? (await input.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${input.kind}`)).rows[0]!
        .n
    : 0;
  let cursor: string | null = null;
  let done = 0;
  do {
    const rows = await readExportPage(input.db, input.kind, {
      after: cursor ? decodeCursor(cursor) : undefined,
      limit: 1000,
      filter: input.filter ?? {},
    });
    for (const row of rows) {
      yield input.format === 'csv'
        ? csvRow(columns.map((c) => row[c]))
        : `${JSON.stringify(row)}\n`;
    }
    done += rows.length;
    input.onProgress?.(done, Math.max(total, done), `exporting ${input.kind}`);
    const last = rows.at(-1);
    cursor =
      rows.length === 1000 && last
        ? encodeCursor({ at: last.created_at as Date, id: last.id as string })
        : null;
  } while (cursor);
}
