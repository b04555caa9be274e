import { eventPropertyKeysRead } from '../../core/scoring/event-fields.js';
import { buildScoreState } from '../../core/scoring/state.js';
import {
  type ContactScoreWrite,
  countContactsToScore,
  loadScoringEventsInRange,
  loadScoringInputPage,
  type ScoringInput,
  writeContactScores,
} from '../../store/contact-scores.js';
import type { Db, Queryable } from '../../store/db.js';
import { finishRescore, type Rescore, recordRescoreProgress } from '../../store/rescores.js';
import { type ActiveModel, loadActiveModel, modelById } from './active-model.js';
import { scoreWrite } from './score-contacts.js';
import { streamRescore } from './stream-rescore.js';

export const rescoreBatchSize = 1000;

/**
 * Contact ids are random UUIDs, so equal slices of the id space hold about
 * equal numbers of contacts: one slice per worker.
 */
export function idSlices(count: number): { afterId: string | null; lastId: string | null }[] {
  const bound = (i: number) => {
    const hex = Math.floor((i * 0x1_0000_0000) / count)
      .toString(16)
      .padStart(8, '0');
    // The largest id below the slice's start: pages fetch ids greater than afterId.
    return i === 0
      ? null
      : `${(Number.parseInt(hex, 16) - 1).toString(16).padStart(8, '0')}-ffff-ffff-ffff-ffffffffffff`;
  };
  return Array.from({ length: count }, (_, i) => ({
    afterId: bound(i),
    lastId: i === count - 1 ? null : bound(i + 1),
  }));
}

/**
 * Scores every contact not yet scored by the rescore's model, a page at a time
 * (one transaction each), from its whole stored history. On PostgreSQL two
 * workers take halves of the id space, so the server's work on one page
 * overlaps this process's work on the other. A page already done is skipped
 * when the run resumes after a restart; a run whose model was replaced by a
 * newer activation stops, since that one's run takes over.
 */
export async function rescoreContacts(input: {
  db: Db;
  rescore: Pick<Rescore, 'id' | 'modelId'>;
  batchSize?: number;
  /**
   * Page by page over this many slices of the id space, each page's events read
   * by contact id. Left out: one slice on PGlite, and on PostgreSQL one stream
   * of every contact and event in contact order (stream-rescore.ts).
   */
  workers?: number;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Stops between pages, leaving the run `running` to resume at the next start. */
  signal?: AbortSignal;
}): Promise<Rescore | null> {
  const { db, rescore } = input;
  const now = input.now ?? (() => new Date());
  const limit = input.batchSize ?? rescoreBatchSize;
  const model = await modelById(db, rescore.modelId);
  if (!model) throw new Error(`rescore ${rescore.id}: model ${rescore.modelId} is gone`);
  const total = await countContactsToScore(db, rescore.modelId);
  let done = 0;
  let superseded = false;

  const work = async (slice: { afterId: string | null; lastId: string | null }) => {
    let afterId = slice.afterId;
    for (;;) {
      if (input.signal?.aborted || superseded) return;
      const page = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ status: string }>(
          'SELECT status FROM scoring_models WHERE id = $1',
          [rescore.modelId],
        );
        if (rows[0]?.status !== 'active') return null;
        return scorePage(tx, model, {
          afterId,
          lastId: slice.lastId,
          limit,
          now: now(),
          lock: db.kind === 'postgres',
        });
      });
      if (page === null) {
        superseded = true;
        return;
      }
      if (page.length === 0) return;
      afterId = page[page.length - 1]!.contactId;
      done += page.length;
      // Outside the page's transaction: workers would otherwise queue on this one row.
      await recordRescoreProgress(db, rescore.id, page.length);
      input.onProgress?.(done, Math.max(total, done));
    }
  };

  const stillActive = async () => {
    const { rows } = await db.query<{ status: string }>(
      'SELECT status FROM scoring_models WHERE id = $1',
      [rescore.modelId],
    );
    superseded = rows[0]?.status !== 'active';
    return !superseded;
  };
  try {
    if (db.kind === 'postgres' && input.workers === undefined) {
      await streamRescore({
        db,
        model,
        limit,
        now,
        goOn: async () => !input.signal?.aborted && (await stillActive()),
        onPage: async (n) => {
          done += n;
          await recordRescoreProgress(db, rescore.id, n);
          input.onProgress?.(done, Math.max(total, done));
        },
      });
    } else {
      await Promise.all(idSlices(input.workers ?? 1).map(work));
    }
  } catch (error) {
    await finishRescore(db, rescore.id, 'failed', (error as Error).message);
    throw error;
  }
  if (superseded)
    return finishRescore(db, rescore.id, 'failed', 'a newer model version was activated');
  if (input.signal?.aborted) return null;
  return finishRescore(db, rescore.id, 'completed', null);
}

/**
 * Scores the next page of contacts (by id) not yet on `model` from their
 * stored history, and returns the page (including those it skipped).
 */
export async function scorePage(
  tx: Queryable,
  model: ActiveModel,
  page: { afterId: string | null; lastId?: string | null; limit: number; now: Date; lock: boolean },
): Promise<ScoringInput[]> {
  const inputs = await loadScoringInputPage(tx, page);
  if (inputs.length === 0) return inputs;
  const events = await loadScoringEventsInRange(tx, {
    afterId: page.afterId,
    lastId: inputs[inputs.length - 1]!.contactId,
    propertyKeys: eventPropertyKeysRead(model.model),
  });
  const writes: ContactScoreWrite[] = [];
  for (const i of inputs) {
    // Scored by this model already: by ingest since the activation, or before a restart.
    if (i.stored?.modelId === model.id) continue;
    const state = buildScoreState(model.model, events.get(i.contactId) ?? []);
    const write = scoreWrite(model, i, state, page.now, 'rescore');
    if (write) writes.push(write);
  }
  await writeContactScores(tx, writes);
  return inputs;
}

/**
 * Scores every contact inside the caller's transaction (the demo seeds its
 * workspace this way, so it is never seen unscored).
 */
export async function scoreEveryContact(
  tx: Queryable,
  input: { now: Date; lock: boolean; onProgress?: (n: number) => void },
): Promise<number> {
  const model = await loadActiveModel(tx);
  if (!model) return 0;
  let afterId: string | null = null;
  let scored = 0;
  for (;;) {
    const page = await scorePage(tx, model, {
      afterId,
      limit: rescoreBatchSize,
      now: input.now,
      lock: input.lock,
    });
    if (page.length === 0) return scored;
    afterId = page[page.length - 1]!.contactId;
    scored += page.length;
    input.onProgress?.(page.length);
  }
}
