import type {
  ActivityCondition,
  Band,
  Bands,
  MqlCriteria,
  RouteCriteria,
  RouteKey,
  ScoringEvent,
  ScoringModel,
} from './model.js';
import { dayMs } from './model.js';
import { conditionMatchesEvent } from './rules.js';

/**
 * Bands and qualification compare the unrounded scores (`RawScores`), never the
 * 4-decimal figures an explanation shows: only the unrounded total is a smooth
 * function of time, which is what lets a crossing be computed and scheduled.
 */
export interface RawScores {
  fit: number;
  engagement: number;
  total: number;
}

export interface Qualifies {
  mql: boolean;
  pql: boolean;
  cql: boolean;
}

/**
 * `total ≥ threshold` is decided as `engagement ≥ threshold − fit`: the same
 * in exact arithmetic, and in floating point the very comparison the scheduler
 * (schedule.ts) computes crossings for, so the two can never disagree.
 */
export function reaches(raw: RawScores, threshold: number): boolean {
  return raw.engagement >= threshold - raw.fit;
}

export function bandOf(bands: Bands, raw: RawScores): Band {
  return reaches(raw, bands.hot) ? 'hot' : reaches(raw, bands.warm) ? 'warm' : 'cold';
}

export function meetsMql(mql: MqlCriteria, raw: RawScores): boolean {
  return (
    reaches(raw, mql.minTotal) &&
    (mql.minFit === undefined || raw.fit >= mql.minFit) &&
    (mql.minEngagement === undefined || raw.engagement >= mql.minEngagement)
  );
}

/** The instant after which an occurrence at `at` no longer counts for the condition. */
export function countsUntil(condition: ActivityCondition, at: number): number {
  return at + condition.withinDays * dayMs;
}

function countsAt(condition: ActivityCondition, at: number, now: number): boolean {
  return at <= now && now <= countsUntil(condition, at);
}

/** From the state: the latest minOccurrences times, newest first, per condition. */
export function routeHoldsFromTimes(
  route: RouteCriteria | undefined,
  fit: number,
  times: readonly (readonly number[])[],
  now: number,
): boolean {
  if (!route || (route.minFit !== undefined && fit < route.minFit)) return false;
  return route.conditions.every((condition, i) => {
    const t = times[i] ?? [];
    return t.length >= condition.minOccurrences && t.every((at) => countsAt(condition, at, now));
  });
}

/** From scratch, over a contact's events. */
export function routeHoldsFromEvents(
  route: RouteCriteria | undefined,
  fit: number,
  events: readonly ScoringEvent[],
  now: number,
): boolean {
  if (!route || (route.minFit !== undefined && fit < route.minFit)) return false;
  return route.conditions.every((condition) => {
    let n = 0;
    for (const e of events)
      if (countsAt(condition, e.occurredAt.getTime(), now) && conditionMatchesEvent(condition, e))
        n++;
    return n >= condition.minOccurrences;
  });
}

export function qualifiesFromTimes(
  model: ScoringModel,
  raw: RawScores,
  activity: Record<RouteKey, number[][]>,
  now: number,
): Qualifies {
  const q = model.qualification;
  return {
    mql: meetsMql(q.mql, raw),
    pql: routeHoldsFromTimes(q.pql, raw.fit, activity.pql, now),
    cql: routeHoldsFromTimes(q.cql, raw.fit, activity.cql, now),
  };
}
