import { evaluateFit } from '../../core/scoring/evaluate.js';
import { scoreFigures } from '../../core/scoring/score-figures.js';
import {
  type ContactScoreWrite,
  claimDueScoreChanges,
  loadScoringInputs,
  writeContactScores,
} from '../../store/contact-scores.js';
import type { Db } from '../../store/db.js';
import { loadActiveModel } from './active-model.js';

/** Changes past due that one sweep takes on; a full batch makes the clock sweep again at once. */
export const scoreChangeBatch = 500;

/**
 * The clock's half of exact decay: between events a score changes only by
 * decay, at instants computed when it was stored (`next_change_at`). This takes
 * the contacts whose instant has come, by the index on it (never a scan of every
 * contact), and stores their band and qualification as of that instant — and of
 * each later one that has also passed, were the clock late — with a history row
 * at the exact time of each change.
 */
export async function applyDueScoreChanges(input: {
  db: Db;
  now: Date;
  limit?: number;
}): Promise<{ applied: number; full: boolean }> {
  const limit = input.limit ?? scoreChangeBatch;
  return input.db.transaction(async (tx) => {
    const due = await claimDueScoreChanges(tx, input.now, limit);
    if (due.length === 0) return { applied: 0, full: false };
    const active = await loadActiveModel(tx);
    if (!active) return { applied: 0, full: false };
    const inputs = await loadScoringInputs(tx, due, { lock: false });
    // Steps in time order; a contact whose second change has also passed gets a second step.
    const steps: ContactScoreWrite[][] = [];
    for (const i of inputs) {
      const stored = i.stored;
      // Still on an older model: the rescore run reaches it and schedules it afresh.
      if (!stored?.state || stored.modelId !== active.id || stored.nextChangeAt === null) continue;
      const state = stored.state;
      const fit = evaluateFit(active.model, i.contact);
      let at: Date | null = stored.nextChangeAt;
      for (let step = 0; at !== null && at <= input.now; step++) {
        const figures = scoreFigures(active.model, fit, state, at);
        const writes = steps[step] ?? [];
        steps[step] = writes;
        writes.push({
          contactId: i.contactId,
          modelId: active.id,
          ...figures,
          state,
          scoredAt: at,
          history: 'decay',
        });
        at = figures.nextChangeAt;
      }
    }
    for (const writes of steps) await writeContactScores(tx, writes);
    return { applied: due.length, full: due.length === limit };
  });
}
