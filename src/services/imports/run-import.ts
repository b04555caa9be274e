import { randomUUID } from 'node:crypto';
import type { ChunkOutcome, ImportReport } from '../../core/import/import-report.js';
import { maxReportedErrors } from '../../core/import/import-report.js';
import {
  type ImportInput,
  type PreparedImport,
  prepareImport,
} from '../../core/import/prepare-import.js';
import type { RowError } from '../../core/import/rows.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import { recordContactFields } from '../../store/contact-fields.js';
import type { Db, Tx } from '../../store/db.js';
import { insertImport } from '../../store/imports.js';
import { identityCacheOf } from '../ingest/identity-cache.js';
import { importAccounts } from './import-accounts.js';
import { importContacts } from './import-contacts.js';
import { importEvents } from './import-events.js';

/** Rows per statement and per transaction: large enough for set-based speed, small enough to keep locks short. */
export const importChunkSize = 500;

class DryRunRollback extends Error {}

interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: RowError[];
}

/**
 * The CSV import use case (CLI, API and web page): checks the file and
 * mapping without touching the database (a bad file or mapping changes
 * nothing), then upserts the valid rows in chunks of 500, one transaction
 * each, and records the run in `imports` with one audit entry. Rows with an
 * error are reported and skipped; the others import.
 *
 * A dry run runs exactly the same code in one transaction that is rolled
 * back, so its counts are the ones a real run would give, and it writes
 * nothing — not even the report.
 */
export async function runImport(
  input: ImportInput & {
    db: Db;
    actor: Actor;
    fileName?: string | null | undefined;
    dryRun?: boolean | undefined;
    /** How many errors the returned report lists (the stored one keeps 1,000); the CLI asks for all. */
    errorLimit?: number | undefined;
    onProgress?: ((done: number, total: number, label: string) => void) | undefined;
    /** The CLI checks the file before opening the workspace; it hands over what it prepared. */
    prepared?: PreparedImport | undefined;
  },
): Promise<ImportReport> {
  const { db, actor } = input;
  authorize(actor, { action: 'import' });
  const startedAt = new Date();
  const prepared = input.prepared ?? prepareImport(input);
  const tally: Tally = {
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: prepared.failedRows,
    errors: [...prepared.errors],
  };
  const label = `importing ${prepared.kind}`;
  let done = prepared.failedRows;
  input.onProgress?.(done, prepared.rows, label);

  const inChunks = async <R extends { row: number }>(
    records: readonly R[],
    run: (fn: (tx: Tx) => Promise<ChunkOutcome<R>>) => Promise<ChunkOutcome<R>>,
    write: (tx: Tx, chunk: R[]) => Promise<ChunkOutcome<R>>,
  ) => {
    let next = 0;
    let carried: R[] = [];
    while (carried.length > 0 || next < records.length) {
      const take = Math.max(0, importChunkSize - carried.length);
      const chunk = [...carried, ...records.slice(next, next + take)];
      next += take;
      const outcome = await run((tx) => write(tx, chunk));
      tally.created += outcome.created;
      tally.updated += outcome.updated;
      tally.unchanged += outcome.unchanged;
      tally.failed += outcome.failed.length;
      for (const f of outcome.failed) tally.errors.push(...f.errors);
      carried = outcome.deferred;
      done += chunk.length - carried.length;
      input.onProgress?.(done, prepared.rows, label);
    }
  };

  // Ingest on the embedded database keeps a memo of identities (see identity-cache.ts): an
  // import reads through it and clears it when its rows merge contacts, but never feeds it.
  // A dry run's merges are rolled back, so it leaves the memo alone.
  const identityCache = input.dryRun ? undefined : identityCacheOf(db);
  const importAll = async (
    run: <R>(fn: (tx: Tx) => Promise<ChunkOutcome<R>>) => Promise<ChunkOutcome<R>>,
  ) => {
    const receivedAt = startedAt;
    switch (prepared.kind) {
      case 'contacts':
        return inChunks(prepared.records, run, (tx, records) =>
          importContacts(tx, { dbKind: db.kind, actor, records }),
        );
      case 'accounts':
        return inChunks(prepared.records, run, (tx, records) =>
          importAccounts(tx, { actor, records }),
        );
      case 'events':
        return inChunks(prepared.records, run, (tx, records) =>
          importEvents(tx, { dbKind: db.kind, actor, records, receivedAt, identityCache }),
        );
    }
  };

  const id = input.dryRun ? null : randomUUID();
  const report = (): ImportReport & { allErrors: RowError[] } => {
    const sorted = tally.errors
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.row - b.e.row || a.i - b.i)
      .map(({ e }) => e);
    return {
      id,
      kind: prepared.kind,
      fileName: input.fileName ?? null,
      dryRun: Boolean(input.dryRun),
      preset: prepared.plan.preset,
      mapping: prepared.mapping,
      rows: prepared.rows,
      created: tally.created,
      updated: tally.updated,
      unchanged: tally.unchanged,
      failed: tally.failed,
      errorCount: sorted.length,
      errors: sorted.slice(0, input.errorLimit ?? maxReportedErrors),
      allErrors: sorted,
      startedAt,
      finishedAt: new Date(),
    };
  };

  if (input.dryRun) {
    try {
      await db.transaction(async (tx) => {
        await importAll((fn) => fn(tx));
        throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    const { allErrors: _all, ...result } = report();
    return result;
  }

  let failure: unknown = null;
  try {
    await importAll((fn) => db.transaction(fn));
  } catch (error) {
    failure = error;
  }
  const { allErrors, ...result } = report();
  // A run that broke off is recorded too: its chunks so far are committed, and re-running is safe.
  const status = failure === null ? 'completed' : 'failed';
  const record = db.transaction(async (tx) => {
    await insertImport(
      tx,
      { ...result, id: id!, errors: allErrors.slice(0, maxReportedErrors) },
      status,
      actor,
    );
    // The mapping's word on who fills each field, for learned scoring (contact_fields).
    if (prepared.kind === 'contacts')
      await recordContactFields(
        tx,
        prepared.plan.columns.flatMap((c) =>
          c.field && c.filledBy ? [{ key: c.field, filledBy: c.filledBy, label: c.header }] : [],
        ),
      );
    await insertAudit(tx, actor, {
      action: `import.${status}`,
      subjectType: 'import',
      subjectId: id,
      changes: {
        kind: result.kind,
        fileName: result.fileName,
        preset: result.preset,
        rows: result.rows,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        failed: result.failed,
        errorCount: result.errorCount,
      },
    });
  });
  if (failure !== null) {
    await record.catch(() => undefined);
    throw failure;
  }
  await record;
  return result;
}
