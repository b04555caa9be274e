import { type CapWindow, capWindowIndex, firstKeptWindow, placeInWindow } from './caps.js';
import { decayedValue, decayFactor, halfLifeMs } from './decay.js';
import { type DroppedWindows, droppedWindowKey } from './late-windows.js';
import type { EngagementRule, RouteKey, ScoringEvent, ScoringModel } from './model.js';
import { fromUnits, toUnits } from './points.js';
import {
  type ConditionRef,
  compareOccurrences,
  conditionsMatching,
  engagementRulesOf,
  rulesMatching,
} from './rules.js';

/**
 * The stored score of one contact, JSON as it stands, updated per event in time
 * independent of how many events came before (DESIGN.md §5, "exact decay").
 *
 * Every engagement rule keeps its points so far, each decayed from its event's
 * time and summed, as one value S at a reference time t0 (its newest event):
 * S(t) = S(t0)·2^(−(t−t0)/h). A new event at t ≥ t0 makes it S(t) + points at
 * t. All rules share h, so their sum, the engagement, is one such curve too,
 * read at the state's t0 (the newest event any rule matched). Each rule keeps
 * its own t0 so that an event costs work for the rules it matches only.
 *
 * Out-of-order events: an event at t earlier than t0 adds its points already
 * decayed to t0, points·2^(−(t0−t)/h), which is what it would have grown into by
 * then. Addition commutes, so the value does not depend on arrival order; caps
 * are the one place where order could matter, and caps.ts makes them award in
 * occurrence order whatever the arrival order.
 *
 * Reading a state at a time before t0 (an event stamped in the future) reads it
 * at t0: a score never grows by itself. Each event must be applied once; the
 * store's exactly-once ingest guarantees it.
 */

export interface RuleState {
  /** Signed points, decayed to `t0`. */
  value: number;
  /** The rule's newest occurrence. */
  t0: number;
  /** Matching events, including those a cap let earn nothing. */
  occurrences: number;
  /** Capped rules: the earliest occurrence, and the windows still kept (caps.ts). */
  earliestAt?: number;
  windows?: CapWindow[];
}

export interface ScoreState {
  t0: number | null;
  rules: Record<string, RuleState>;
  /** Per PQL/CQL condition: the times of its latest `minOccurrences` events, newest first. */
  activity: Record<RouteKey, number[][]>;
}

export function emptyScoreState(model: ScoringModel): ScoreState {
  const activity = (key: RouteKey) => (model.qualification[key]?.conditions ?? []).map(() => []);
  return { t0: null, rules: {}, activity: { pql: activity('pql'), cql: activity('cql') } };
}

export type ApplyOutcome =
  | { kind: 'applied'; state: ScoreState; matchedRules: string[] }
  /**
   * The event lands in a cap window the state has let go of and `dropped` does
   * not hold: read that window (late-windows.ts) or rebuild from stored events.
   */
  | { kind: 'rescore'; ruleId: string };

/** Whether a capped rule's state still knows the window a late occurrence at `at` falls in. */
function canPlace(
  state: ScoreState,
  rule: EngagementRule,
  at: number,
  dropped: DroppedWindows | undefined,
): boolean {
  const rs = state.rules[rule.id];
  if (!rule.cap || !rs || state.t0 === null || at >= state.t0) return true;
  const w = capWindowIndex(at, rule.cap.days);
  if (w >= firstKeptWindow(state.t0, rule.cap.days)) return true;
  if (dropped?.has(droppedWindowKey(rule.id, w))) return true;
  return rs.earliestAt === undefined || w < capWindowIndex(rs.earliestAt, rule.cap.days);
}

/*
 * The updates below write into a state the caller owns: buildScoreState owns the
 * one it builds, applyEvent copies what it will change first. A rescore of a
 * long history then allocates next to nothing per event.
 */

function addOccurrenceInPlace(
  state: ScoreState,
  rule: EngagementRule,
  event: ScoringEvent,
  halfLife: number,
  dropped: DroppedWindows | undefined,
): void {
  const at = event.occurredAt.getTime();
  let rs = state.rules[rule.id];
  if (!rs) {
    rs = { value: 0, t0: at, occurrences: 0 };
    if (rule.cap) Object.assign(rs, { earliestAt: at, windows: [] });
    state.rules[rule.id] = rs;
  }
  if (at > rs.t0) {
    rs.value = decayedValue(rs.value, rs.t0, at, halfLife);
    rs.t0 = at;
  }
  rs.occurrences++;
  if (!rule.cap) {
    rs.value += rule.points * decayFactor(rs.t0 - at, halfLife);
    return;
  }
  const sign = Math.sign(rule.points);
  const perUnits = toUnits(Math.abs(rule.points));
  const capUnits = toUnits(rule.cap.points);
  rs.earliestAt = Math.min(rs.earliestAt ?? at, at);
  const keep = firstKeptWindow(state.t0!, rule.cap.days);
  const w = capWindowIndex(at, rule.cap.days);
  let windows = rs.windows ?? [];
  if (windows.some((x) => x.index < keep)) windows = windows.filter((x) => x.index >= keep);
  const occurrence = { at, eventId: event.id };
  if (w < keep) {
    const key = droppedWindowKey(rule.id, w);
    const awards = dropped?.get(key);
    if (dropped && awards) {
      const placed = placeInWindow(awards, occurrence, perUnits, capUnits);
      for (const c of placed.changes)
        rs.value += sign * fromUnits(c.units) * decayFactor(rs.t0 - c.at, halfLife);
      dropped.set(key, placed.awards);
      rs.windows = windows;
      return;
    }
    // Before anything this rule has seen (canPlace checked): alone in its window.
    rs.value += sign * fromUnits(Math.min(perUnits, capUnits)) * decayFactor(rs.t0 - at, halfLife);
    rs.windows = windows;
    return;
  }
  const i = windows.findIndex((x) => x.index === w);
  const placed = placeInWindow(i < 0 ? [] : windows[i]!.awards, occurrence, perUnits, capUnits);
  for (const c of placed.changes)
    rs.value += sign * fromUnits(c.units) * decayFactor(rs.t0 - c.at, halfLife);
  const window = { index: w, awards: placed.awards };
  // Windows are shared with the state applyEvent copied from: replaced, never written into.
  rs.windows =
    i >= 0
      ? windows.map((x, j) => (j === i ? window : x))
      : [...windows, window].sort((a, b) => a.index - b.index);
}

function recordActivityInPlace(state: ScoreState, at: number, hits: readonly ConditionRef[]): void {
  for (const { route, index, condition } of hits) {
    const times = state.activity[route][index] ?? [];
    // Newest first, and only as many as the condition counts: older ones can never matter.
    const pos = times.findIndex((t) => t < at);
    const next = pos < 0 ? [...times, at] : [...times.slice(0, pos), at, ...times.slice(pos)];
    state.activity[route][index] = next.slice(0, condition.minOccurrences);
  }
}

/** Copies what an update may write: rule states and the activity lists (not their contents). */
function copyForWrite(state: ScoreState): ScoreState {
  const rules: Record<string, RuleState> = {};
  for (const [id, rs] of Object.entries(state.rules)) rules[id] = { ...rs };
  return {
    t0: state.t0,
    rules,
    activity: { pql: state.activity.pql.slice(), cql: state.activity.cql.slice() },
  };
}

function applyInPlace(
  model: ScoringModel,
  state: ScoreState,
  event: ScoringEvent,
  matched: readonly EngagementRule[],
  hits: readonly ConditionRef[],
  dropped?: DroppedWindows,
): void {
  const at = event.occurredAt.getTime();
  recordActivityInPlace(state, at, hits);
  if (matched.length === 0) return;
  if (state.t0 === null || at > state.t0) state.t0 = at;
  const h = halfLifeMs(model.halfLifeDays);
  for (const rule of matched) addOccurrenceInPlace(state, rule, event, h, dropped);
}

/**
 * Drops the cap windows of every rule that the state's newest event put out of
 * reach: a late event can only land in a kept window (or before everything),
 * and canPlace sends anything else to a rebuild, so these are never read again.
 * Without this a rule that stops recurring keeps its last windows for good.
 */
function pruneWindowsInPlace(model: ScoringModel, state: ScoreState): void {
  if (state.t0 === null) return;
  for (const { rule } of engagementRulesOf(model)) {
    const rs = state.rules[rule.id];
    if (!rule.cap || !rs?.windows?.length) continue;
    const keep = firstKeptWindow(state.t0, rule.cap.days);
    if (rs.windows[0]!.index < keep) rs.windows = rs.windows.filter((w) => w.index >= keep);
  }
}

/**
 * The state after one more event; the input state is left as it was. With
 * `dropped` (late-windows.ts), a late event in a let-go cap window it holds is
 * placed there, and the window's awards in it are updated.
 */
export function applyEvent(
  model: ScoringModel,
  state: ScoreState,
  event: ScoringEvent,
  dropped?: DroppedWindows,
): ApplyOutcome {
  const at = event.occurredAt.getTime();
  if (!Number.isFinite(at)) throw new RangeError(`event ${event.id} has no valid occurredAt`);
  const matched = rulesMatching(model, event);
  for (const rule of matched)
    if (!canPlace(state, rule, at, dropped)) return { kind: 'rescore', ruleId: rule.id };
  const hits = conditionsMatching(model, event);
  if (matched.length === 0 && hits.length === 0)
    return { kind: 'applied', state, matchedRules: [] };
  const next = copyForWrite(state);
  applyInPlace(model, next, event, matched, hits, dropped);
  if (next.t0 !== state.t0) pruneWindowsInPlace(model, next);
  return { kind: 'applied', state: next, matchedRules: matched.map((r) => r.id) };
}

/** The state of a contact's whole history, as a rescore computes it. */
export function buildScoreState(model: ScoringModel, events: readonly ScoringEvent[]): ScoreState {
  const sorted = events
    .map((e) => ({ e, at: e.occurredAt.getTime(), eventId: e.id }))
    .sort(compareOccurrences);
  const state = emptyScoreState(model);
  for (const { e, at } of sorted) {
    if (!Number.isFinite(at)) throw new RangeError(`event ${e.id} has no valid occurredAt`);
    // In time order every event is the newest so far, so canPlace always holds.
    applyInPlace(model, state, e, rulesMatching(model, e), conditionsMatching(model, e));
  }
  pruneWindowsInPlace(model, state);
  return state;
}

/** Each rule's current points at `at` (read at the state's t0 if `at` is earlier). */
export function ruleValuesAt(
  model: ScoringModel,
  state: ScoreState,
  at: number,
): Map<string, number> {
  const h = halfLifeMs(model.halfLifeDays);
  const t = Math.max(at, state.t0 ?? at);
  const values = new Map<string, number>();
  for (const { rule } of engagementRulesOf(model)) {
    const rs = state.rules[rule.id];
    if (rs) values.set(rule.id, decayedValue(rs.value, rs.t0, t, h));
  }
  return values;
}

export function engagementAt(model: ScoringModel, state: ScoreState, at: number): number {
  const h = halfLifeMs(model.halfLifeDays);
  const t = Math.max(at, state.t0 ?? at);
  let sum = 0;
  // Model order, as ruleValuesAt and evaluate add them up.
  for (const { rule } of engagementRulesOf(model)) {
    const rs = state.rules[rule.id];
    if (rs) sum += decayedValue(rs.value, rs.t0, t, h);
  }
  return sum;
}

/** S(t0): the whole engagement at the state's reference time, the curve crossings are computed on. */
export function engagementAtT0(model: ScoringModel, state: ScoreState): number {
  return state.t0 === null ? 0 : engagementAt(model, state, state.t0);
}
