import { eventPropertyKeysRead } from '../../core/scoring/event-fields.js';
import type { ScoringEvent } from '../../core/scoring/model.js';
import { buildScoreState } from '../../core/scoring/state.js';
import {
  type ContactScoreWrite,
  loadScoringEvents,
  loadScoringInputs,
  writeContactScores,
} from '../../store/contact-scores.js';
import type { Db, Tx } from '../../store/db.js';
import {
  type ContactEvents,
  fetchRescoreContacts,
  fetchRescoreEvents,
  loadStoredScoreMarks,
  openRescoreCursors,
} from '../../store/rescore-stream.js';
import type { ActiveModel } from './active-model.js';
import { scoreWrite } from './score-contacts.js';

/** How long a transaction that read before the stream's snapshot may take to commit, and more. */
const snapshotMargin = 60_000;
/** Contacts' events per fetch (about ten events each in the benchmark). */
const eventFetch = 1_000;
/** Pages being written while the next one is read and scored. */
const writesInFlight = 2;

/**
 * The PostgreSQL rescore: one read transaction streams every contact and every
 * event in contact order (store/rescore-stream.ts) while pages are written in
 * transactions of their own, two at a time, so the server's reading, this
 * process's scoring and the server's writing overlap.
 *
 * The stream reads a snapshot; a page's write checks each contact under lock.
 * Scored by the new model since (ingest after the activation): left alone,
 * that score is newer. Scored around or after the snapshot by anything else (an
 * ingest transaction that began before the activation): rebuilt from storage
 * right there, since the stream may lack its events.
 */
export async function streamRescore(input: {
  db: Db;
  model: ActiveModel;
  limit: number;
  now: () => Date;
  /** Whether to go on: false stops after the page in hand (a newer activation, a stop). */
  goOn: () => Promise<boolean>;
  onPage: (contacts: number) => Promise<void>;
}): Promise<void> {
  const snapshotAt = new Date(Date.now() - snapshotMargin);
  const inFlight = new Set<Promise<void>>();
  try {
    await input.db.transaction((reader) => streamPages(reader, input, snapshotAt, inFlight));
  } finally {
    // A failed page fails the run; the pages still being written settle first.
    await Promise.allSettled(inFlight);
  }
}

async function streamPages(
  reader: Tx,
  input: Parameters<typeof streamRescore>[0],
  snapshotAt: Date,
  inFlight: Set<Promise<void>>,
): Promise<void> {
  const { db, model } = input;
  await openRescoreCursors(reader, { propertyKeys: eventPropertyKeysRead(model.model) });
  let buffered: ContactEvents[] = [];
  let eventsDone = false;
  for (;;) {
    if (!(await input.goOn())) break;
    const inputs = await fetchRescoreContacts(reader, input.limit);
    if (inputs.length === 0) break;
    const lastId = inputs[inputs.length - 1]!.contactId;
    while (
      !eventsDone &&
      (buffered.length === 0 || buffered[buffered.length - 1]!.contactId <= lastId)
    ) {
      const more = await fetchRescoreEvents(reader, eventFetch);
      if (more.length < eventFetch) eventsDone = true;
      buffered = buffered.length === 0 ? more : buffered.concat(more);
    }
    const cut = firstAfter(buffered, lastId);
    const events = new Map(buffered.slice(0, cut).map((c) => [c.contactId, c.events]));
    buffered = buffered.slice(cut);
    const at = input.now();
    const writes: ContactScoreWrite[] = [];
    for (const i of inputs) {
      if (i.stored?.modelId === model.id) continue;
      const state = buildScoreState(model.model, events.get(i.contactId) ?? []);
      const write = scoreWrite(model, i, state, at, 'rescore');
      if (write) writes.push(write);
    }
    if (inFlight.size >= writesInFlight) await Promise.race(inFlight);
    const pageSize = inputs.length;
    const write = db
      .transaction((tx) => writeRescorePage(tx, model, writes, snapshotAt, at))
      .then(() => input.onPage(pageSize))
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  }
  await Promise.all(inFlight);
}

/** Index of the first buffered contact past `lastId` (they come in contact order). */
function firstAfter(events: readonly ContactEvents[], lastId: string): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.contactId <= lastId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Stores a streamed page, checking each contact under lock (see streamRescore). */
export async function writeRescorePage(
  tx: Tx,
  model: ActiveModel,
  writes: readonly ContactScoreWrite[],
  snapshotAt: Date,
  at: Date,
): Promise<void> {
  if (writes.length === 0) return;
  const ids = writes.map((w) => w.contactId).sort();
  await tx.query(
    'SELECT 1 FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
    [ids],
  );
  const marks = await loadStoredScoreMarks(tx, ids);
  const kept: ContactScoreWrite[] = [];
  const stale: string[] = [];
  for (const w of writes) {
    const mark = marks.get(w.contactId);
    if (mark?.modelId === model.id) continue;
    if (mark && mark.scoredAt >= snapshotAt) stale.push(w.contactId);
    else kept.push(w);
  }
  if (stale.length > 0) {
    const [inputs, events] = await Promise.all([
      loadScoringInputs(tx, stale, { lock: false }),
      loadScoringEvents(tx, stale),
    ]);
    for (const i of inputs) {
      const history: readonly ScoringEvent[] = events.get(i.contactId) ?? [];
      const write = scoreWrite(model, i, buildScoreState(model.model, history), at, 'rescore');
      if (write) kept.push(write);
    }
  }
  await writeContactScores(tx, kept);
}
