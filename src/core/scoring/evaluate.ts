import { awardsFromScratch } from './caps.js';
import { decayFactor, halfLifeMs } from './decay.js';
import type { Band, ScoringContact, ScoringEvent, ScoringModel } from './model.js';
import { apportion, fromUnits, toUnits } from './points.js';
import { contactMatches } from './predicates.js';
import {
  bandOf,
  meetsMql,
  type Qualifies,
  qualifiesFromTimes,
  type RawScores,
  routeHoldsFromEvents,
} from './qualification.js';
import {
  type ContributionKind,
  compareOccurrences,
  engagementRulesOf,
  fitRulesOf,
  ruleMatchesEvent,
} from './rules.js';
import { engagementAt, type ScoreState } from './state.js';

/** One rule's share of the score; an explanation's contributions add up to its total exactly. */
export interface Contribution {
  ruleId: string;
  label: string;
  kind: ContributionKind;
  /** Which score it counts towards (a negative rule is on one or the other). */
  part: 'fit' | 'engagement';
  /** After decay, in whole units of 0.0001 (points.ts). */
  points: number;
  /** The events that earned points, newest first (fit rules: none). */
  events: string[];
  /** Matching events, including those a cap let earn nothing. */
  occurrences: number;
}

export interface FitResult {
  /** Fit in units of 0.0001 point: exact, since rule points have at most 4 decimals. */
  units: number;
  contributions: Contribution[];
}

/** Rounded figures as shown and stored; band and qualification come from `raw`. */
export interface ScoreSummary {
  fit: number;
  engagement: number;
  total: number;
  band: Band;
  qualifies: Qualifies;
  raw: RawScores;
}

export interface ScoreExplanation extends ScoreSummary {
  at: Date;
  /** Largest first; ties in model order. */
  contributions: Contribution[];
}

export function evaluateFit(model: ScoringModel, contact: ScoringContact): FitResult {
  const contributions: Contribution[] = [];
  let units = 0;
  for (const { rule, kind } of fitRulesOf(model)) {
    if (!contactMatches(rule.predicate, contact)) continue;
    const u = toUnits(rule.points);
    units += u;
    contributions.push({
      ruleId: rule.id,
      label: rule.label,
      kind,
      part: 'fit',
      points: fromUnits(u),
      events: [],
      occurrences: 0,
    });
  }
  return { units, contributions };
}

function finish(
  model: ScoringModel,
  fitUnits: number,
  engagementRaw: number,
  engagementUnits: number,
  qualifies: (raw: RawScores) => Qualifies,
): ScoreSummary {
  const fit = fromUnits(fitUnits);
  const raw = { fit, engagement: engagementRaw, total: fit + engagementRaw };
  return {
    fit,
    engagement: fromUnits(engagementUnits),
    total: fromUnits(fitUnits + engagementUnits),
    band: bandOf(model.bands, raw),
    qualifies: qualifies(raw),
    raw,
  };
}

/**
 * The score of a contact at `now` from its whole history, with the rules that
 * make it up. Events after `now` have not happened yet and are left out, so a
 * backtest can evaluate at any past instant.
 */
export function evaluate(
  model: ScoringModel,
  contact: ScoringContact,
  events: readonly ScoringEvent[],
  now: Date,
): ScoreExplanation {
  const t = now.getTime();
  const h = halfLifeMs(model.halfLifeDays);
  const past = events.filter((e) => e.occurredAt.getTime() <= t);
  const fit = evaluateFit(model, contact);

  const engaged: { contribution: Contribution; raw: number }[] = [];
  for (const { rule, kind } of engagementRulesOf(model)) {
    const occurrences = past
      .filter((e) => ruleMatchesEvent(rule, e))
      .map((e) => ({ at: e.occurredAt.getTime(), eventId: e.id }))
      .sort(compareOccurrences);
    if (occurrences.length === 0) continue;
    const sign = Math.sign(rule.points);
    const awards = awardsFromScratch(
      occurrences,
      toUnits(Math.abs(rule.points)),
      rule.cap ? { units: toUnits(rule.cap.points), days: rule.cap.days } : null,
    );
    let raw = 0;
    const earned: string[] = [];
    occurrences.forEach((o, i) => {
      const units = awards[i]!;
      if (units === 0) return;
      raw += sign * fromUnits(units) * decayFactor(t - o.at, h);
      earned.push(o.eventId);
    });
    engaged.push({
      raw,
      contribution: {
        ruleId: rule.id,
        label: rule.label,
        kind,
        part: 'engagement',
        points: 0,
        events: earned.reverse(),
        occurrences: occurrences.length,
      },
    });
  }

  const units = apportion(engaged.map((x) => x.raw));
  engaged.forEach((x, i) => {
    x.contribution.points = fromUnits(units[i]!);
  });
  const engagementRaw = engaged.reduce((sum, x) => sum + x.raw, 0);
  const engagementUnits = units.reduce((a, b) => a + b, 0);
  const summary = finish(model, fit.units, engagementRaw, engagementUnits, (raw) => ({
    mql: meetsMql(model.qualification.mql, raw),
    pql: routeHoldsFromEvents(model.qualification.pql, raw.fit, past, t),
    cql: routeHoldsFromEvents(model.qualification.cql, raw.fit, past, t),
  }));
  const contributions = [...fit.contributions, ...engaged.map((x) => x.contribution)]
    .map((c, order) => ({ c, order }))
    .sort((a, b) => b.c.points - a.c.points || a.order - b.order)
    .map((x) => x.c);
  return { ...summary, at: new Date(t), contributions };
}

/**
 * The score from a stored state, in O(rules): what ingest writes after each
 * event and the clock after each scheduled crossing. `fit` is evaluateFit's
 * result for the contact as it is now.
 */
export function summarize(
  model: ScoringModel,
  fit: FitResult,
  state: ScoreState,
  now: Date,
): ScoreSummary {
  const t = now.getTime();
  const engagementRaw = engagementAt(model, state, t);
  return finish(model, fit.units, engagementRaw, toUnits(engagementRaw), (raw) =>
    qualifiesFromTimes(model, raw, state.activity, t),
  );
}
