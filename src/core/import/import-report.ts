import type { ImportKind } from './fields.js';
import type { PresetName } from './presets.js';
import type { RowError } from './rows.js';

/** What an import run did (or, for a dry run, would do); stored in `imports` for real runs. */
export interface ImportReport {
  /** null for a dry run: nothing was stored, not even the report. */
  id: string | null;
  kind: ImportKind;
  fileName: string | null;
  dryRun: boolean;
  /** The preset used, whether chosen or detected from the header. */
  preset: PresetName | null;
  mapping: { column: string; field: string | null }[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Every error found; `errors` holds at most the first `maxReportedErrors` of them (by row). */
  errorCount: number;
  errors: RowError[];
  startedAt: Date;
  finishedAt: Date;
}

/** How many row errors a report keeps and the API returns; the CLI's --errors file has them all. */
export const maxReportedErrors = 1000;

/** What writing one chunk of rows did; deferred rows go to the next chunk. */
export interface ChunkOutcome<R> {
  created: number;
  updated: number;
  unchanged: number;
  failed: { row: number; errors: RowError[] }[];
  deferred: R[];
}
