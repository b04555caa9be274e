import { buildScoreState } from '../../core/scoring/state.js';
import {
  type ContactScoreWrite,
  countContactsToScore,
  loadScoringEvents,
  loadScoringInputPage,
  type ScoringInput,
  writeContactScores,
} from '../../store/contact-scores.js';
import type { Db, Queryable } from '../../store/db.js';
import { finishRescore, type Rescore, recordRescoreProgress } from '../../store/rescores.js';
import { type ActiveModel, loadActiveModel, modelById } from './active-model.js';
import { scoreWrite } from './score-contacts.js';

export const rescoreBatchSize = 1000;

/**
 * Scores every contact not yet scored by the rescore's model, a page at a time
 * (one transaction each), from its whole stored history. A page already done
 * is skipped when the run resumes after a restart; a run whose model was
 * replaced by a newer activation stops, since that one's run takes over.
 */
export async function rescoreContacts(input: {
  db: Db;
  rescore: Pick<Rescore, 'id' | 'modelId'>;
  batchSize?: number;
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
  let afterId: string | null = null;
  const total = await countContactsToScore(db, rescore.modelId);
  let done = 0;
  try {
    for (;;) {
      if (input.signal?.aborted) return null;
      const page = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ status: string }>(
          'SELECT status FROM scoring_models WHERE id = $1',
          [rescore.modelId],
        );
        if (rows[0]?.status !== 'active') return null;
        const inputs = await scorePage(tx, model, {
          afterId,
          limit,
          now: now(),
          lock: db.kind === 'postgres',
        });
        await recordRescoreProgress(tx, rescore.id, inputs.length);
        return inputs;
      });
      if (page === null) {
        return await finishRescore(db, rescore.id, 'failed', 'a newer model version was activated');
      }
      if (page.length === 0) break;
      afterId = page[page.length - 1]!.contactId;
      done += page.length;
      input.onProgress?.(done, Math.max(total, done));
    }
  } catch (error) {
    await finishRescore(db, rescore.id, 'failed', (error as Error).message);
    throw error;
  }
  return finishRescore(db, rescore.id, 'completed', null);
}

/** Scores the next page of contacts not yet on `model` from their stored history; returns the page. */
export async function scorePage(
  tx: Queryable,
  model: ActiveModel,
  page: { afterId: string | null; limit: number; now: Date; lock: boolean },
): Promise<ScoringInput[]> {
  const inputs = await loadScoringInputPage(tx, {
    afterId: page.afterId,
    limit: page.limit,
    skipModelId: model.id,
    lock: page.lock,
  });
  const events = await loadScoringEvents(
    tx,
    inputs.map((i) => i.contactId),
  );
  const writes: ContactScoreWrite[] = [];
  for (const i of inputs) {
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
