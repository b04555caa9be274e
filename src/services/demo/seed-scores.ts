import { type FactDefinitions, handoffAt } from '../../core/reports/contact-fact.js';
import { eventPropertyKeysRead } from '../../core/scoring/event-fields.js';
import type { ScoringEvent } from '../../core/scoring/model.js';
import { buildScoreState } from '../../core/scoring/state.js';
import {
  type ContactScoreWrite,
  loadScoringEventsInRange,
  loadScoringInputPage,
  writeContactScores,
} from '../../store/contact-scores.js';
import { type Queryable, together } from '../../store/db.js';
import { loadFoldInputs } from '../../store/report-rollups.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { loadActiveModel } from '../scoring/active-model.js';
import { rescoreBatchSize } from '../scoring/rescore-contacts.js';
import { scoreWrite } from '../scoring/score-contacts.js';

/**
 * Scores the seeded demo inside its transaction. A live workspace scores each
 * contact as its events arrive, so its score history holds the score every
 * handed lead had when it was handed over, and the scoring report reads it
 * there. The demo inserts months of events at once: without this each contact
 * would have one history row, at the end, and every handoff would show "no
 * score". So for each handed lead the active model scores the lead's own
 * events up to the handoff instant and that score is stored as the history row
 * ingest would have written by then (cause 'activity', at the handoff); then
 * every contact gets its current score from its whole history, as a rescore
 * would (the row that stays in contact_scores).
 *
 * The handoff is found by the same rule the report fold uses (handoffAt over
 * the stored transitions and the definitions in force), so the fold reads
 * exactly the rows written here.
 */
export async function scoreDemoContacts(
  tx: Queryable,
  input: { now: Date; onProgress?: (n: number) => void },
): Promise<{ scored: number; handoffScores: number }> {
  const model = await loadActiveModel(tx);
  if (!model) return { scored: 0, handoffScores: 0 };
  const active = await loadActiveDefinitions(tx);
  const definitions: FactDefinitions = {
    version: active.version,
    stages: active.stages.map((s) => ({ key: s.key, position: s.position, kind: s.kind })),
    reasonCodes: active.reasonCodes.map((r) => ({ key: r.key, kind: r.kind })),
  };
  const propertyKeys = eventPropertyKeysRead(model.model);
  let afterId: string | null = null;
  let scored = 0;
  let handoffScores = 0;
  for (;;) {
    const page = await loadScoringInputPage(tx, { afterId, limit: rescoreBatchSize, lock: false });
    if (page.length === 0) return { scored, handoffScores };
    const lastId = page[page.length - 1]!.contactId;
    const [events, moves] = await together([
      loadScoringEventsInRange(tx, { afterId, lastId, propertyKeys }),
      loadFoldInputs(
        tx,
        page.map((i) => i.contactId),
      ),
    ] as const);
    const contactOf = new Map(moves.contacts.map((c) => [c.id, c]));
    const atHandoff: ContactScoreWrite[] = [];
    const current: ContactScoreWrite[] = [];
    for (const i of page) {
      const history: readonly ScoringEvent[] = events.get(i.contactId) ?? [];
      const contact = contactOf.get(i.contactId)!;
      const handedAt = handoffAt(contact, moves.transitions.get(i.contactId) ?? [], definitions);
      if (handedAt !== null) {
        const until = handedAt.getTime();
        const before = history.filter((e) => e.occurredAt.getTime() <= until);
        const state = buildScoreState(model.model, before);
        // As first scored (nothing stored yet): always a history row, caused by activity.
        const write = scoreWrite(model, { ...i, stored: null }, state, handedAt, 'activity');
        if (write) atHandoff.push(write);
      }
      const write = scoreWrite(
        model,
        i,
        buildScoreState(model.model, history),
        input.now,
        'rescore',
      );
      if (write) current.push(write);
    }
    // Handoff rows first: the current score then overwrites the state they left behind.
    await writeContactScores(tx, atHandoff);
    await writeContactScores(tx, current);
    handoffScores += atHandoff.length;
    scored += page.length;
    afterId = lastId;
    input.onProgress?.(page.length);
  }
}
