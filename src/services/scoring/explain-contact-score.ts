import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { type Contribution, evaluate, evaluateFit } from '../../core/scoring/evaluate.js';
import { type FitReport, predictProbability } from '../../core/scoring/learn/fit-report.js';
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
  /**
   * A learned version's exact probability of its outcome (the logistic model its
   * rules approximate), null for versions written by hand.
   */
  probability: number | null;
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
  const { rows } = await input.db.query<{ name: string; report: unknown }>(
    'SELECT name, report FROM scoring_models WHERE id = $1',
    [active.id],
  );
  const report = rows[0]?.report;
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
    probability: isFitReport(report)
      ? predictProbability(report, contactInput.contact, countByType(history))
      : null,
    nextChange: nextScoreChange(
      active.model,
      evaluateFit(active.model, contactInput.contact),
      buildScoreState(active.model, history),
      now,
    ),
  };
}

function isFitReport(report: unknown): report is FitReport {
  return (report as { format?: unknown } | null)?.format === 'tandem.fit-report/1';
}

function countByType(events: readonly ScoringEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}
