import { dayMs } from './model.js';
import { compareOccurrences } from './rules.js';

/**
 * Caps per window ({ points: 30, days: 7 }: a rule earns at most 30 points a week).
 *
 * Windows are fixed: consecutive spans of `days` days counted from Monday
 * 1970-01-05 00:00 UTC, so weekly caps run Monday to Monday (UTC) and daily caps
 * are UTC days. Inside a window, occurrences earn in the order they occurred
 * (time, then event id): each earns the rule's points until the cap is reached,
 * the one that reaches it earns the remainder, later ones earn nothing. Awards
 * are whole units (points.ts), so the cap holds exactly.
 *
 * Why not a sliding window: there, what an event earns depends on what every
 * event in the preceding `days` earned, which depended on the events before
 * them, and so on; one late event (a mobile client that was offline) could
 * change awards all the way to now, which no bounded state can absorb. With
 * fixed windows a late event changes only its own window: it may take points
 * from occurrences after it in that window, never anything outside.
 *
 * The state of a capped rule keeps, for each window that ends within
 * `lateEventHorizonMs` of the newest event, the occurrences that earned points
 * (at most ⌈cap / points⌉ of them, a ratio the validator bounds), and
 * the time of the rule's earliest occurrence. A late event landing in a window
 * the state has let go of (older than the horizon, after the earliest
 * occurrence) cannot be placed from the state alone: the caller reads that
 * window's stored occurrences (late-windows.ts), or applyEvent asks for a
 * rescore from the stored events instead of guessing.
 */

/** Monday 1970-01-05T00:00:00Z. */
export const capAnchorMs = 4 * dayMs;
export const lateEventHorizonMs = 14 * dayMs;

export function capWindowIndex(at: number, days: number): number {
  return Math.floor((at - capAnchorMs) / (days * dayMs));
}

/** The oldest window a state whose newest event is at `t0` still keeps. */
export function firstKeptWindow(t0: number, days: number): number {
  return capWindowIndex(t0 - lateEventHorizonMs, days);
}

export interface CapAward {
  at: number;
  eventId: string;
  /** Magnitude in units of 0.0001 point; the rule's sign applies. */
  units: number;
}

export interface CapWindow {
  index: number;
  /** Occurrences that earned points, in (time, id) order. */
  awards: CapAward[];
}

/** A change of what one occurrence earns, for the caller to decay into the score. */
export interface AwardChange {
  at: number;
  units: number;
}

/**
 * Places one more occurrence in a window's awards. Occurrences before it keep
 * theirs; it and those after share what is left of the cap, in order.
 */
export function placeInWindow(
  awards: readonly CapAward[],
  occurrence: { at: number; eventId: string },
  perUnits: number,
  capUnits: number,
): { awards: CapAward[]; changes: AwardChange[] } {
  let pos = awards.length;
  // From the end: an occurrence is usually the newest, and then takes nothing from anyone.
  while (pos > 0 && compareOccurrences(awards[pos - 1]!, occurrence) > 0) pos--;
  let left = capUnits;
  for (let i = 0; i < pos; i++) left -= awards[i]!.units;
  if (left <= 0) return { awards: awards.slice(), changes: [] };
  if (pos === awards.length) {
    const units = Math.min(perUnits, left);
    return {
      awards: [...awards, { at: occurrence.at, eventId: occurrence.eventId, units }],
      changes: [{ at: occurrence.at, units }],
    };
  }
  const next = awards.slice(0, pos);
  const changes: AwardChange[] = [];
  const queue = [{ ...occurrence, units: 0 }, ...awards.slice(pos)];
  for (const a of queue) {
    const units = Math.min(perUnits, left);
    left -= units;
    if (units !== a.units) changes.push({ at: a.at, units: units - a.units });
    if (units > 0) next.push({ at: a.at, eventId: a.eventId, units });
  }
  return { awards: next, changes };
}

/**
 * What each occurrence earns, from scratch: `sorted` in (time, id) order.
 * Uncapped rules earn `perUnits` every time.
 */
export function awardsFromScratch(
  sorted: readonly { at: number }[],
  perUnits: number,
  cap: { units: number; days: number } | null,
): number[] {
  if (!cap) return sorted.map(() => perUnits);
  const used = new Map<number, number>();
  return sorted.map((o) => {
    const w = capWindowIndex(o.at, cap.days);
    const before = used.get(w) ?? 0;
    const units = Math.min(perUnits, cap.units - before);
    used.set(w, before + units);
    return units;
  });
}
