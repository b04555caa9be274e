import { systemActor } from '../../src/core/roles.js';
import { defaultScoringModel } from '../../src/core/scoring/default-model.js';
import type { ScoringModel } from '../../src/core/scoring/model.js';
import { activateScoringModel } from '../../src/services/scoring/activate-scoring-model.js';
import { loadActiveModel } from '../../src/services/scoring/active-model.js';
import { createScoringDraft } from '../../src/services/scoring/create-scoring-draft.js';
import { rescoreBatchSize, rescoreContacts } from '../../src/services/scoring/rescore-contacts.js';
import type { Db } from '../../src/store/db.js';
import { insertRescore, type Rescore } from '../../src/store/rescores.js';
import { progress } from './report.js';
import { type StatementTime, timeStatements } from './scoring-timed-db.js';
import { measureUsage, type Usage } from './usage.js';

export interface ReadResult {
  wallMs: number;
  contacts: number;
  events: number;
  eventsPerSec: number;
}

export interface RescoreResult extends ReadResult {
  modelId: string;
  contactsPerSec: number;
  /**
   * The rescore's statements, slowest kind first: how long its workers waited
   * for each kind, summed over the workers (so with two the sums overlap).
   */
  statements: StatementTime[];
  /** This process's CPU (computing scores, encoding and decoding rows), its event loop's and the machine's busy shares. */
  usage: Usage;
}

/**
 * The floor of any rescore over this driver: every event a rescore reads,
 * read the way it reads them — pages of `rescoreBatchSize` contacts in id
 * order (keyset), one transaction per page, the page's events in one
 * statement with the same columns and order — decoded into rows, and nothing
 * computed or written.
 */
export async function readEventsBaseline(db: Db): Promise<ReadResult> {
  const started = performance.now();
  let afterId: string | null = null;
  let contacts = 0;
  let events = 0;
  for (;;) {
    const page: { ids: string[]; events: number } = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM contacts WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
        [afterId, rescoreBatchSize],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return { ids, events: 0 };
      const read = await tx.query(
        `SELECT contact_id, id, type, name, properties, occurred_at FROM events
         WHERE contact_id = ANY($1::uuid[]) ORDER BY contact_id, occurred_at, id`,
        [ids],
      );
      return { ids, events: read.rows.length };
    });
    if (page.ids.length === 0) break;
    afterId = page.ids[page.ids.length - 1]!;
    contacts += page.ids.length;
    events += page.events;
  }
  const wallMs = performance.now() - started;
  return { wallMs, contacts, events, eventsPerSec: events / (wallMs / 1000) };
}

/** The default model with a few points moved: what a marketer would try first. */
export function benchDraft(): ScoringModel {
  const model = structuredClone(defaultScoringModel);
  const points: Record<string, number> = {
    'pricing-page': 12,
    'demo-request': 35,
    'blog-post': 2,
    'company-size-core': 12,
  };
  for (const rule of [...model.fit, ...model.engagement])
    if (rule.id in points) rule.points = points[rule.id]!;
  return model;
}

export async function createBenchDraft(db: Db): Promise<string> {
  const draft = await createScoringDraft({
    db,
    actor: systemActor,
    name: 'Benchmark draft',
    document: benchDraft(),
    note: 'Pricing, demo requests and blog posts weigh more; core company size less',
  });
  return draft.id;
}

/** Runs a rescore to completion with progress, timing its statements, and checks every contact is on the model. */
async function timeRescore(
  db: Db,
  rescore: Pick<Rescore, 'id' | 'modelId'>,
  label: string,
  events: number,
): Promise<RescoreResult> {
  const timed = timeStatements(db);
  let next = 0.1;
  const started = performance.now();
  const stop = measureUsage();
  const done = await rescoreContacts({
    db: timed.db,
    rescore,
    onProgress: (n, total) => {
      if (n / total < next) return;
      const seconds = (performance.now() - started) / 1000;
      progress(
        `  ${label}: ${n.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} contacts, ${seconds.toFixed(1)} s`,
      );
      while (n / total >= next) next += 0.1;
    },
  });
  const wallMs = performance.now() - started;
  const usage = stop();
  if (done?.status !== 'completed')
    throw new Error(
      `${label}: the rescore ended ${done?.status ?? 'stopped'} (${done?.error ?? ''})`,
    );
  const { rows } = await db.query<{ scored: number; contacts: number }>(
    `SELECT (SELECT count(*)::int FROM contact_scores WHERE model_id = $1) AS scored,
            (SELECT count(*)::int FROM contacts) AS contacts`,
    [rescore.modelId],
  );
  const { scored, contacts } = rows[0]!;
  if (scored !== contacts)
    throw new Error(`${label}: ${scored} of ${contacts} contacts are on the model`);
  return {
    modelId: rescore.modelId,
    wallMs,
    contacts,
    events,
    contactsPerSec: contacts / (wallMs / 1000),
    eventsPerSec: events / (wallMs / 1000),
    statements: timed.times(),
    usage,
  };
}

/**
 * Scores every loaded contact under the default model, as if they had come in
 * through ingest: the rescore an activation starts then replaces stored scores,
 * as it does in a live workspace, instead of writing first ones.
 */
export async function scoreLoadedContacts(db: Db, events: number): Promise<RescoreResult> {
  const active = await loadActiveModel(db);
  if (!active) throw new Error('the workspace has no active scoring model');
  const rescore = await insertRescore(db, active.id);
  return timeRescore(db, rescore, 'first scoring', events);
}

/** Activates the draft (retiring the active version) and times the rescore that follows. */
export async function activateAndRescore(
  db: Db,
  draftId: string,
  events: number,
): Promise<RescoreResult> {
  const { rescore } = await activateScoringModel({ db, actor: systemActor, modelId: draftId });
  return timeRescore(db, rescore, 'rescore', events);
}
