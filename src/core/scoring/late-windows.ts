import {
  type CapAward,
  capAnchorMs,
  capWindowIndex,
  firstKeptWindow,
  placeInWindow,
} from './caps.js';
import { dayMs, type ScoringEvent, type ScoringModel } from './model.js';
import { toUnits } from './points.js';
import { compareOccurrences, engagementRulesOf, ruleMatchesEvent, rulesMatching } from './rules.js';
import type { ScoreState } from './state.js';

/**
 * Late events in cap windows a state has let go of (caps.ts keeps windows
 * within `lateEventHorizonMs` of the newest event only).
 *
 * Such an event changes awards in its own window and nowhere else, so placing
 * it needs that one window's occurrences, not the whole history: the caller
 * reads the stored events of just that span, rebuilds the window's awards
 * from them, and hands them to applyEvent. Reading one window is bounded by
 * the window's length, where a rebuild reads everything the contact ever did.
 *
 * The map is the caller's and applyEvent writes into it: a second late event
 * in the same window then sees the first one's award.
 */
export type DroppedWindows = Map<string, CapAward[]>;

export function droppedWindowKey(ruleId: string, index: number): string {
  return `${ruleId}@${index}`;
}

/** A let-go window whose stored occurrences must be read: events in [from, to). */
export interface DroppedWindowRead {
  ruleId: string;
  index: number;
  from: number;
  to: number;
}

function windowSpan(index: number, days: number): { from: number; to: number } {
  const from = capAnchorMs + index * days * dayMs;
  return { from, to: from + days * dayMs };
}

/**
 * The let-go windows that `events`, applied to `state` in time order, land in.
 * Windows before a rule's earliest occurrence hold nothing stored and come back
 * already filled (empty); the others are listed in `reads`.
 *
 * A window the state still keeps at the start cannot be let go of before one
 * of these events reaches it: events are applied oldest first, and the one
 * that moves the state's newest time past a window is later than all of it.
 */
export function droppedWindowsHit(
  model: ScoringModel,
  state: ScoreState,
  events: readonly ScoringEvent[],
): { windows: DroppedWindows; reads: DroppedWindowRead[] } {
  const windows: DroppedWindows = new Map();
  const reads: DroppedWindowRead[] = [];
  if (state.t0 === null) return { windows, reads };
  for (const event of events) {
    const at = event.occurredAt.getTime();
    if (at >= state.t0) continue;
    for (const rule of rulesMatching(model, event)) {
      if (!rule.cap) continue;
      const index = capWindowIndex(at, rule.cap.days);
      if (index >= firstKeptWindow(state.t0, rule.cap.days)) continue;
      const key = droppedWindowKey(rule.id, index);
      if (windows.has(key)) continue;
      windows.set(key, []);
      const earliest = state.rules[rule.id]?.earliestAt;
      if (earliest !== undefined && index >= capWindowIndex(earliest, rule.cap.days))
        reads.push({ ruleId: rule.id, index, ...windowSpan(index, rule.cap.days) });
    }
  }
  return { windows, reads };
}

/**
 * Fills the windows of `reads` from stored events (any superset of each span's
 * events will do), leaving out `exclude`: events not yet applied to the state.
 */
export function fillDroppedWindows(
  model: ScoringModel,
  windows: DroppedWindows,
  reads: readonly DroppedWindowRead[],
  stored: readonly ScoringEvent[],
  exclude: ReadonlySet<string>,
): void {
  for (const read of reads) {
    const rule = engagementRulesOf(model).find((r) => r.rule.id === read.ruleId)?.rule;
    if (!rule?.cap) throw new RangeError(`rule ${read.ruleId} has no cap in this model`);
    const occurrences = stored
      .filter((e) => {
        const at = e.occurredAt.getTime();
        return at >= read.from && at < read.to && !exclude.has(e.id) && ruleMatchesEvent(rule, e);
      })
      .map((e) => ({ at: e.occurredAt.getTime(), eventId: e.id }))
      .sort(compareOccurrences);
    const perUnits = toUnits(Math.abs(rule.points));
    const capUnits = toUnits(rule.cap.points);
    let awards: CapAward[] = [];
    // In occurrence order each is the newest so far: placing it takes from nobody.
    for (const o of occurrences) awards = placeInWindow(awards, o, perUnits, capUnits).awards;
    windows.set(droppedWindowKey(read.ruleId, read.index), awards);
  }
}

/** The spans of `reads` merged where they overlap or touch: each stored event is read once. */
export function mergedSpans(reads: readonly DroppedWindowRead[]): { from: number; to: number }[] {
  const sorted = reads.map((r) => ({ from: r.from, to: r.to })).sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push(span);
  }
  return merged;
}
