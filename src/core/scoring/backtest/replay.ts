import { type FitResult, type ScoreSummary, summarize } from '../evaluate.js';
import type { Band, ScoringEvent, ScoringModel } from '../model.js';
import type { Qualifies } from '../qualification.js';
import { compareOccurrences } from '../rules.js';
import { nextScoreChange } from '../schedule.js';
import { applyEvent, buildScoreState, emptyScoreState, type ScoreState } from '../state.js';

/**
 * One contact's history replayed under one model, the way live scoring would
 * have seen it: events applied in time order to the exact state (state.ts),
 * and between events the changes decay alone causes (schedule.ts), so a
 * contact whose negative engagement fades until it qualifies is caught at that
 * instant and not at its next event. Work is O(events + decay crossings).
 */

export type QualificationRoute = 'mql' | 'pql' | 'cql';

export const qualificationRoutes: readonly QualificationRoute[] = ['mql', 'pql', 'cql'];

/**
 * A contact that meets several routes at once counts once, under the first of
 * MQL, PQL, CQL: the SLA quota counts marketing-qualified leads, and the other
 * routes are shown as what they add beside it.
 */
export function routeOf(qualifies: Qualifies): QualificationRoute | null {
  return qualifies.mql ? 'mql' : qualifies.pql ? 'pql' : qualifies.cql ? 'cql' : null;
}

export interface ReplayInput {
  model: ScoringModel;
  /** evaluateFit of the contact under `model`: profiles have no history, so today's. */
  fit: FitResult;
  events: readonly ScoringEvent[];
  /**
   * From when the model could have qualified the contact: its first event or
   * its creation, whichever came first (imported contacts are created after
   * the history they bring).
   */
  knownFrom: number;
  /** The instant whose score ranks the contact (ROC, lift). */
  decisionAt: number;
  /** Nothing from here on counts: events at or after it are not replayed. */
  end: number;
}

export interface ContactReplay {
  /** The first instant in [knownFrom, end) the contact meets MQL, PQL or CQL; null if none. */
  qualifiedAt: number | null;
  route: QualificationRoute | null;
  /** The band at `qualifiedAt`, or at `end` for a contact never qualified. */
  band: Band;
  /** The total (4 decimals, as shown) at `decisionAt`. */
  decisionScore: number;
}

function inOrder(events: readonly ScoringEvent[], end: number): ScoringEvent[] {
  const timed = events.filter((e) => e.occurredAt.getTime() < end);
  for (let i = 1; i < timed.length; i++) {
    const a = timed[i - 1]!;
    const b = timed[i]!;
    const order = compareOccurrences(
      { at: a.occurredAt.getTime(), eventId: a.id },
      { at: b.occurredAt.getTime(), eventId: b.id },
    );
    if (order > 0)
      return timed.sort((x, y) =>
        compareOccurrences(
          { at: x.occurredAt.getTime(), eventId: x.id },
          { at: y.occurredAt.getTime(), eventId: y.id },
        ),
      );
  }
  return timed;
}

export function replayContact(input: ReplayInput): ContactReplay {
  const { model, fit, knownFrom, decisionAt, end } = input;
  const events = inOrder(input.events, end);
  const n = events.length;
  const at = (i: number) => events[i]!.occurredAt.getTime();
  let state: ScoreState = emptyScoreState(model);
  let applied = 0;
  let decisionScore: number | null = null;
  const summaryAt = (t: number): ScoreSummary => summarize(model, fit, state, new Date(t));

  /** Applies the events up to and including `t`, reading the decision score on the way past it. */
  const applyThrough = (t: number) => {
    while (applied < n && at(applied) <= t) {
      if (decisionScore === null && decisionAt < at(applied))
        decisionScore = summaryAt(decisionAt).total;
      const outcome = applyEvent(model, state, events[applied]!);
      // In time order every event is the newest so far, so this does not happen; if it did,
      // the state rebuilt from the events so far is the exact answer.
      state =
        outcome.kind === 'applied'
          ? outcome.state
          : buildScoreState(model, events.slice(0, applied + 1));
      applied++;
    }
  };

  let qualifiedAt: number | null = null;
  let route: QualificationRoute | null = null;
  let band: Band | null = null;
  /** The engagement at the last instant checked: decay can only raise one below 0. */
  let engagement = 0;
  const qualifiesAt = (t: number): boolean => {
    const s = summaryAt(t);
    engagement = s.raw.engagement;
    const r = routeOf(s.qualifies);
    if (r === null) return false;
    qualifiedAt = t;
    route = r;
    band = s.band;
    return true;
  };
  /**
   * Decay-caused changes in (from, until): is one of them a qualification? Decay moves
   * engagement towards 0, and PQL/CQL activity only lapses, so a contact not qualified at
   * `from` can only come to qualify if its engagement is negative and rising (a fading penalty).
   */
  const qualifiesByDecay = (from: number, until: number): boolean => {
    if (engagement >= 0) return false;
    let t = from;
    for (;;) {
      const change = nextScoreChange(model, fit, state, new Date(t));
      if (change === null || change.at.getTime() >= until) return false;
      t = change.at.getTime();
      if (qualifiesAt(t)) return true;
    }
  };

  applyThrough(knownFrom);
  if (knownFrom < end && !qualifiesAt(knownFrom)) {
    let t = knownFrom;
    while (applied < n) {
      const next = at(applied);
      if (qualifiesByDecay(t, next)) break;
      applyThrough(next);
      t = next;
      if (qualifiesAt(t)) break;
    }
    if (applied >= n && qualifiedAt === null) qualifiesByDecay(t, end);
  }
  if (qualifiedAt !== null) {
    // The band is known; the rest of the history matters only for a decision still ahead, and
    // one pass building the state in place reads it without copying the state per event.
    if (decisionScore === null) {
      const upTo = events.filter((e) => e.occurredAt.getTime() <= decisionAt);
      state = buildScoreState(model, upTo);
      decisionScore = summaryAt(decisionAt).total;
    }
  } else applyThrough(Number.POSITIVE_INFINITY);
  if (decisionScore === null) decisionScore = summaryAt(decisionAt).total;
  return {
    qualifiedAt,
    route,
    band: band ?? summaryAt(end).band,
    decisionScore,
  };
}
