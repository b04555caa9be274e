import { type FitResult, summarize } from './evaluate.js';
import type { Band, ScoringModel } from './model.js';
import type { Qualifies } from './qualification.js';
import { nextScoreChange } from './schedule.js';
import type { ScoreState } from './state.js';

/** What is stored for a contact at `now`: the figures as shown, and when decay next changes them. */
export interface ScoreFigures {
  fit: number;
  engagement: number;
  total: number;
  band: Band;
  /** The routes it qualifies by, in the order mql, pql, cql. */
  qualifies: (keyof Qualifies)[];
  nextChangeAt: Date | null;
}

export function qualifiesList(q: Qualifies): (keyof Qualifies)[] {
  return (['mql', 'pql', 'cql'] as const).filter((k) => q[k]);
}

export function scoreFigures(
  model: ScoringModel,
  fit: FitResult,
  state: ScoreState,
  now: Date,
): ScoreFigures {
  const summary = summarize(model, fit, state, now);
  return {
    fit: summary.fit,
    engagement: summary.engagement,
    total: summary.total,
    band: summary.band,
    qualifies: qualifiesList(summary.qualifies),
    nextChangeAt: nextScoreChange(model, fit, state, now)?.at ?? null,
  };
}
