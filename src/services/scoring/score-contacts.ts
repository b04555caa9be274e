import { evaluateFit } from '../../core/scoring/evaluate.js';
import { eventPropertyKeysRead } from '../../core/scoring/event-fields.js';
import {
  type DroppedWindowRead,
  type DroppedWindows,
  droppedWindowsHit,
  fillDroppedWindows,
  mergedSpans,
} from '../../core/scoring/late-windows.js';
import type { ScoringEvent } from '../../core/scoring/model.js';
import { fromUnits } from '../../core/scoring/points.js';
import { eventTypesScored } from '../../core/scoring/rules.js';
import { scoreFigures } from '../../core/scoring/score-figures.js';
import { applyEvent, buildScoreState, type ScoreState } from '../../core/scoring/state.js';
import {
  type ContactScoreWrite,
  loadScoringEvents,
  loadScoringEventsBetween,
  loadScoringInputs,
  type ScoreCause,
  type ScoringInput,
  writeContactScores,
} from '../../store/contact-scores.js';
import type { Queryable } from '../../store/db.js';
import { assignPersonas } from '../definitions/assign-personas.js';
import { routeQualifiedContacts } from '../lifecycle/route-qualified-contacts.js';
import { type ActiveModel, loadActiveModel } from './active-model.js';

/** What changed for which contacts in the caller's transaction. */
export interface ScoringWork {
  now: Date;
  /** PostgreSQL: lock the contacts while scoring them (store/contact-scores.ts). */
  lock: boolean;
  /** Events this transaction stored, per contact. */
  appended?: ReadonlyMap<string, readonly ScoringEvent[]>;
  /** Contacts this transaction created: all their events are in `appended`. */
  created?: ReadonlySet<string>;
  /**
   * Contacts whose stored history changed other than by appending (a merge moved
   * events over, identification attached earlier anonymous ones): rebuilt from storage.
   */
  rebuild?: ReadonlySet<string>;
  /** Contacts whose profile or account may have changed what fit rules see. */
  profile?: Iterable<string>;
}

/**
 * Brings the scores of the contacts a transaction touched up to date, inside
 * that transaction (DESIGN.md §5): when the caller commits, score, band and
 * qualification are current. An event costs O(rules it matches): the stored
 * state is updated, not recomputed; only contacts without a state under the
 * active model, or whose history changed underneath, are rebuilt from events.
 */
export async function scoreContacts(tx: Queryable, work: ScoringWork): Promise<void> {
  const appended = work.appended ?? new Map<string, readonly ScoringEvent[]>();
  const ids = new Set<string>([
    ...appended.keys(),
    ...(work.rebuild ?? []),
    ...(work.profile ?? []),
  ]);
  if (ids.size === 0) return;
  const [active, inputs] = await Promise.all([
    loadActiveModel(tx),
    loadScoringInputs(tx, [...ids], { lock: work.lock }),
  ]);
  // Fit rules may name the persona; a workspace without a model still matches personas.
  await assignPersonas(tx, inputs);
  if (!active) return;

  // Only what the model reads: a busy contact's page views carry much it never looks at.
  const read = {
    eventTypes: eventTypesScored(active.model),
    propertyKeys: eventPropertyKeysRead(active.model),
  };
  const states = new Map<string, ScoreState>();
  const fromStorage: string[] = [];
  const late: LateWork[] = [];
  for (const input of inputs) {
    const events = appended.get(input.contactId) ?? [];
    const carried = carriedState(active, input, work);
    const hit = carried ? droppedWindowsHit(active.model, carried, events) : null;
    if (hit && hit.reads.length > 0) {
      late.push({ input, events, ...hit });
      continue;
    }
    const state = advance(active, input, events, work, hit?.windows);
    if (state) states.set(input.contactId, state);
    else fromStorage.push(input.contactId);
  }
  if (late.length > 0) {
    // Late events in windows the state let go of: read those windows, not the whole history.
    const stored = await loadScoringEventsBetween(
      tx,
      late.flatMap((l) =>
        mergedSpans(l.reads).map((span) => ({
          contactId: l.input.contactId,
          from: new Date(span.from),
          to: new Date(span.to),
        })),
      ),
      read,
    );
    for (const l of late) {
      const id = l.input.contactId;
      const exclude = new Set(l.events.map((e) => e.id));
      fillDroppedWindows(active.model, l.windows, l.reads, stored.get(id) ?? [], exclude);
      const state = advance(active, l.input, l.events, work, l.windows);
      if (state) states.set(id, state);
      else fromStorage.push(id);
    }
  }
  if (fromStorage.length > 0) {
    const events = await loadScoringEvents(tx, fromStorage, read);
    for (const id of fromStorage)
      states.set(id, buildScoreState(active.model, events.get(id) ?? []));
  }

  const writes: ContactScoreWrite[] = [];
  for (const input of inputs) {
    const state = states.get(input.contactId)!;
    const events = appended.get(input.contactId);
    const cause: ScoreCause =
      (events && events.length > 0) || work.rebuild?.has(input.contactId) ? 'activity' : 'profile';
    const write = scoreWrite(active, input, state, work.now, cause);
    if (write) writes.push(write);
  }
  await writeContactScores(tx, writes);
  await routeQualifiedContacts(tx, { inputs, writes, appended, modelVersion: active.version });
}

/** A contact whose late events land in cap windows its state let go of. */
interface LateWork {
  input: ScoringInput;
  events: readonly ScoringEvent[];
  windows: DroppedWindows;
  reads: DroppedWindowRead[];
}

/** The stored state, where it can be carried forward (else it is built from events). */
function carriedState(active: ActiveModel, input: ScoringInput, work: ScoringWork) {
  if (work.rebuild?.has(input.contactId) || input.stored?.modelId !== active.id) return null;
  return input.stored.state;
}

/**
 * The state after this transaction's events, updated in place of the stored
 * one where that is exact; null where it must be rebuilt from storage.
 */
function advance(
  active: ActiveModel,
  input: ScoringInput,
  events: readonly ScoringEvent[],
  work: ScoringWork,
  dropped: DroppedWindows | undefined,
): ScoreState | null {
  const id = input.contactId;
  if (work.rebuild?.has(id)) return null;
  if (work.created?.has(id) && !input.stored) return buildScoreState(active.model, events);
  let state = carriedState(active, input, work);
  if (!state) return null;
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const event of ordered) {
    const outcome = applyEvent(active.model, state, event, dropped);
    // Not placeable even with the let-go windows read: only a rebuild places it exactly.
    if (outcome.kind === 'rescore') return null;
    state = outcome.state;
  }
  return state;
}

/**
 * The row to store for one contact, or null when nothing it shows changed (a
 * profile edit that moves no fit rule). A history row is written when the
 * figures, band or qualification changed; on a switch to another model version
 * only when its band or qualification differs from the previous version's (a
 * rescore would otherwise write a row for nearly every contact, and the
 * version each row was scored by is kept anyway).
 */
export function scoreWrite(
  active: ActiveModel,
  input: ScoringInput,
  state: ScoreState,
  now: Date,
  cause: ScoreCause,
): ContactScoreWrite | null {
  const fit = evaluateFit(active.model, input.contact);
  const stored = input.stored;
  const sameModel = stored?.modelId === active.id;
  if (sameModel && cause === 'profile' && stored.fit === fromUnits(fit.units)) return null;
  const figures = scoreFigures(active.model, fit, state, now);
  const standing =
    stored?.band !== figures.band || stored.qualifies.join() !== figures.qualifies.join();
  let history: ScoreCause | null = null;
  if (!stored) history = cause;
  else if (!sameModel) history = standing ? 'rescore' : null;
  else if (standing || stored.total !== figures.total) history = cause;
  return {
    contactId: input.contactId,
    modelId: active.id,
    ...figures,
    state,
    scoredAt: now,
    history,
  };
}
