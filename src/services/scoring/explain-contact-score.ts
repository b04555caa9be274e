import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { type Contribution, evaluate, evaluateFit } from '../../core/scoring/evaluate.js';
import type { ScoringEvent } from '../../core/scoring/model.js';
import { nextScoreChange, type ScheduledChange } from '../../core/scoring/schedule.js';
import { buildScoreState } from '../../core/scoring/state.js';
import { loadScoringEvents, loadScoringInputs } from '../../store/contact-scores.js';
import type { Db } from '../../store/db.js';
import { loadActiveModel } from './active-model.js';

/** The events behind a contribution, newest first, at most this many (`occurrences` counts all). */
export const eventsShownPerRule = 20;

export interface ExplainedContribution extends Omit<Contribution, 'events'> {
  events: Pick<ScoringEvent, 'id' | 'type' | 'name' | 'occurredAt'>[];
}

export interface ContactScoreExplanation {
  model: { id: string; version: number; name: string };
  at: Date;
  fit: number;
  engagement: number;
  total: number;
  band: string;
  qualifies: { mql: boolean; pql: boolean; cql: boolean };
  contributions: ExplainedContribution[];
  nextChange: ScheduledChange | null;
}

/**
 * Why a contact scores what it does, now: every rule that gave points, after
 * decay, with the events behind it. Computed from the whole history, the way a
 * rescore would, so it is also a check on the stored state.
 */
export async function explainContactScore(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  now?: Date;
}): Promise<ContactScoreExplanation> {
  authorize(input.actor, { action: 'contact.read' });
  authorize(input.actor, { action: 'scoring.read' });
  const now = input.now ?? new Date();
  const [active, inputs, events] = await Promise.all([
    loadActiveModel(input.db),
    loadScoringInputs(input.db, [input.contactId], { lock: false }),
    loadScoringEvents(input.db, [input.contactId]),
  ]);
  const contactInput = inputs[0];
  if (!contactInput) throw new AppError('not_found', 'No contact with that id');
  if (!active) throw new AppError('not_found', 'This workspace has no active scoring model');
  const history = events.get(input.contactId) ?? [];
  const explanation = evaluate(active.model, contactInput.contact, history, now);
  const byId = new Map(history.map((e) => [e.id, e]));
  const { rows } = await input.db.query<{ name: string }>(
    'SELECT name FROM scoring_models WHERE id = $1',
    [active.id],
  );
  return {
    model: { id: active.id, version: active.version, name: rows[0]?.name ?? '' },
    at: explanation.at,
    fit: explanation.fit,
    engagement: explanation.engagement,
    total: explanation.total,
    band: explanation.band,
    qualifies: explanation.qualifies,
    contributions: explanation.contributions.map((c) => ({
      ...c,
      events: c.events.slice(0, eventsShownPerRule).map((id) => {
        const e = byId.get(id)!;
        return { id: e.id, type: e.type, name: e.name, occurredAt: e.occurredAt };
      }),
    })),
    nextChange: nextScoreChange(
      active.model,
      evaluateFit(active.model, contactInput.contact),
      buildScoreState(active.model, history),
      now,
    ),
  };
}
