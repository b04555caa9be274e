import { crossingTime, halfLifeMs } from './decay.js';
import type { FitResult } from './evaluate.js';
import type { ScoringModel } from './model.js';
import { fromUnits } from './points.js';
import { countsUntil, routeHoldsFromTimes } from './qualification.js';
import { routeKeys } from './rules.js';
import { engagementAt, engagementAtT0, type ScoreState } from './state.js';

/**
 * Between events a score changes only by decay, so the moment its band or
 * qualification changes is computable (DESIGN.md §5): the clock schedules a job
 * at that instant instead of scanning every contact.
 *
 * Total = fit + E(t), fit is constant between events and E(t) = E0·2^(−(t−t0)/h)
 * is monotone, so every band threshold and the MQL criteria are one level each
 * that E crosses at most once; PQL and CQL lapse when the oldest occurrence a
 * condition needs leaves its window.
 */

export type ChangeReason = 'band' | 'mql' | 'pql' | 'cql';

export interface ScheduledChange {
  /** The first millisecond at which the summary differs from the one at `now`. */
  at: Date;
  reasons: ChangeReason[];
}

/**
 * The exact instant (fractional milliseconds) at which the total reaches
 * `threshold` by decay alone, or null if it never does. At that instant the total
 * equals the threshold; before it, it is on the side it started on.
 */
export function totalCrossingTime(
  model: ScoringModel,
  fit: number,
  state: ScoreState,
  threshold: number,
): number | null {
  if (state.t0 === null) return null;
  return crossingTime(
    engagementAtT0(model, state),
    state.t0,
    threshold - fit,
    halfLifeMs(model.halfLifeDays),
  );
}

/** The engagement curve, read once: E now (as summarize reads it) and E0 at t0. */
interface Curve {
  t0: number;
  e0: number;
  now: number;
  eNow: number;
  halfLife: number;
}

/**
 * When E reaches `level` (from `now` on), as the first whole millisecond on the
 * new side. Which side each instant is on is decided from the current value and
 * the limit (E → 0), not from the crossing time, so rounding in the logarithm can
 * delay a change by a millisecond but never lose it, and the answer is always
 * after `now`: a clock that acts on it and asks again makes progress.
 */
function levelChange(curve: Curve, level: number): number | null {
  const above = curve.eNow >= level;
  const aboveInTheEnd = 0 >= level;
  if (above === aboveInTheEnd) return null;
  const t = crossingTime(curve.e0, curve.t0, level, curve.halfLife);
  // A negative E rises towards 0 but never reaches it: a level of exactly 0 is never crossed.
  if (t === null) return null;
  // Falling: still at the level at t, below just after. Rising: at the level, so across, at t.
  const first = above ? Math.floor(t) + 1 : Math.ceil(t);
  return Math.max(curve.now + 1, first);
}

/** The next change of band or qualification that decay or lapsing activity alone causes. */
export function nextScoreChange(
  model: ScoringModel,
  fitResult: FitResult,
  state: ScoreState,
  now: Date,
): ScheduledChange | null {
  const t = now.getTime();
  const fit = fromUnits(fitResult.units);
  const candidates: { at: number; reason: ChangeReason }[] = [];
  const add = (at: number | null, reason: ChangeReason) => {
    if (at !== null) candidates.push({ at, reason });
  };

  if (state.t0 !== null) {
    const curve: Curve = {
      t0: state.t0,
      e0: engagementAtT0(model, state),
      now: t,
      eNow: engagementAt(model, state, t),
      halfLife: halfLifeMs(model.halfLifeDays),
    };
    add(levelChange(curve, model.bands.warm - fit), 'band');
    add(levelChange(curve, model.bands.hot - fit), 'band');
    const mql = model.qualification.mql;
    if (mql.minFit === undefined || fit >= mql.minFit) {
      // total ≥ minTotal and E ≥ minEngagement is one level on E.
      const level = Math.max(mql.minTotal - fit, mql.minEngagement ?? Number.NEGATIVE_INFINITY);
      add(levelChange(curve, level), 'mql');
    }
  }
  for (const key of routeKeys) {
    const route = model.qualification[key];
    if (!route || !routeHoldsFromTimes(route, fit, state.activity[key], t)) continue;
    // Holding now, it lapses when the first condition's oldest needed occurrence expires.
    const lapses = route.conditions.map((condition, i) => {
      const times = state.activity[key][i]!;
      return countsUntil(condition, times[condition.minOccurrences - 1]!);
    });
    add(Math.max(t + 1, Math.floor(Math.min(...lapses)) + 1), key);
  }

  if (candidates.length === 0) return null;
  const at = Math.min(...candidates.map((c) => c.at));
  const reasons = [...new Set(candidates.filter((c) => c.at === at).map((c) => c.reason))];
  return { at: new Date(at), reasons };
}
