import type { ScoringContact, ScoringEvent } from '../core/scoring/model.js';
import type { ScoreState } from '../core/scoring/state.js';
import { type Queryable, together } from './db.js';
import { type ScoringContactRow, toScoringContact } from './scoring-contact.js';

/** What scoring reads about one contact: who it is (fit) and its stored state, if any. */
export interface ScoringInput {
  contactId: string;
  contact: ScoringContact;
  /** The lifecycle stage: a qualification moves only contacts whose stage allows it. */
  stage: string;
  stored: {
    modelId: string;
    /** Null where it was not read (a rescore rebuilds it anyway). */
    state: ScoreState | null;
    fit: number;
    total: number | null;
    band: string | null;
    qualifies: string[];
    nextChangeAt: Date | null;
  } | null;
}

export interface InputRow extends ScoringContactRow {
  id: string;
  lifecycle_stage: string;
  model_id: string | null;
  state: ScoreState | null;
  fit: number | null;
  total_score: number | null;
  band: string | null;
  qualifies: string[] | null;
  next_change_at: Date | null;
}

const inputSelect = `
  SELECT c.id, c.email, c.title, c.persona_key, c.lifecycle_stage, c.properties, c.account_id, a.domain, a.industry, a.employees,
         a.annual_revenue, a.country, a.properties AS account_properties,
         s.model_id, s.state, s.fit, s.total AS total_score, s.band, s.qualifies, s.next_change_at
  FROM contacts c
  LEFT JOIN accounts a ON a.id = c.account_id
  LEFT JOIN contact_scores s ON s.contact_id = c.id`;

export function toInput(r: InputRow): ScoringInput {
  return {
    contactId: r.id,
    contact: toScoringContact(r),
    stage: r.lifecycle_stage,
    stored:
      r.model_id === null
        ? null
        : {
            modelId: r.model_id,
            state: r.state,
            fit: r.fit ?? 0,
            total: r.total_score,
            band: r.band,
            qualifies: r.qualifies ?? [],
            nextChangeAt: r.next_change_at,
          },
  };
}

/**
 * With `lock`, the contacts are locked (in id order, so two scorers cannot
 * deadlock) until the caller commits: two transactions scoring one contact on
 * PostgreSQL take turns, and the second reads the state the first wrote. The
 * lock is its own statement: a read that waited on a row lock re-reads only the
 * locked table's rows, so a state joined in the same statement could be stale.
 */
export async function loadScoringInputs(
  q: Queryable,
  contactIds: readonly string[],
  options: { lock: boolean },
): Promise<ScoringInput[]> {
  if (contactIds.length === 0) return [];
  const [, { rows }] = await together([
    options.lock
      ? q.query('SELECT 1 FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE', [
          contactIds,
        ])
      : Promise.resolve(),
    q.query<InputRow>(`${inputSelect} WHERE c.id = ANY($1::uuid[])`, [contactIds]),
  ] as const);
  return rows.map(toInput);
}

/**
 * A page of contacts in id order after `afterId` (the primary key's order, so
 * each page is one index range), without their stored state: what a rescore
 * reads. Those already scored by the model are the caller's to skip.
 */
export async function loadScoringInputPage(
  q: Queryable,
  page: { afterId: string | null; lastId?: string | null; limit: number; lock: boolean },
): Promise<ScoringInput[]> {
  // The page is cut first, then joined: joined whole, the planner may merge-join every
  // stored score from the start of the index for each page.
  const { rows } = await q.query<InputRow>(
    `SELECT c.id, c.email, c.title, c.persona_key, c.lifecycle_stage, c.properties, c.account_id, a.domain, a.industry, a.employees,
            a.annual_revenue, a.country, a.properties AS account_properties,
            s.model_id, NULL::jsonb AS state, s.fit, s.total AS total_score, s.band, s.qualifies,
            s.next_change_at
     FROM (SELECT * FROM contacts
           WHERE ($1::uuid IS NULL OR id > $1::uuid) AND ($3::uuid IS NULL OR id <= $3::uuid)
           ORDER BY id LIMIT $2${page.lock ? ' FOR NO KEY UPDATE' : ''}) c
     LEFT JOIN accounts a ON a.id = c.account_id
     LEFT JOIN contact_scores s ON s.contact_id = c.id
     ORDER BY c.id`,
    [page.afterId, page.limit, page.lastId ?? null],
  );
  return rows.map(toInput);
}

export async function countContactsToScore(q: Queryable, modelId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM contacts c LEFT JOIN contact_scores s ON s.contact_id = c.id
     WHERE s.model_id IS DISTINCT FROM $1::uuid`,
    [modelId],
  );
  return rows[0]!.n;
}

export interface EventRow {
  contact_id: string;
  id: string;
  type: string;
  name: string | null;
  properties: Record<string, unknown>;
  occurred_at: Date;
}

export function groupEvents(rows: readonly EventRow[]): Map<string, ScoringEvent[]> {
  const events = new Map<string, ScoringEvent[]>();
  for (const r of rows) {
    let list = events.get(r.contact_id);
    if (!list) {
      list = [];
      events.set(r.contact_id, list);
    }
    list.push({
      id: r.id,
      type: r.type,
      name: r.name,
      properties: r.properties,
      occurredAt: r.occurred_at,
    });
  }
  return events;
}

/**
 * Every stored event of these contacts, in the order they happened; with
 * `read`, only events of those types, carrying only those property keys (what
 * a model looks at: core/scoring/rules.ts eventTypesScored, event-fields.ts).
 */
export async function loadScoringEvents(
  q: Queryable,
  contactIds: readonly string[],
  read?: { eventTypes: readonly string[]; propertyKeys: readonly string[] },
): Promise<Map<string, ScoringEvent[]>> {
  if (contactIds.length === 0) return new Map();
  const params: unknown[] = [contactIds];
  let properties = 'properties';
  let types = '';
  if (read) {
    params.push(read.eventTypes);
    types = ` AND type = ANY($${params.length}::text[])`;
    properties = propertiesRead(read.propertyKeys, params);
  }
  const { rows } = await q.query<EventRow>(
    `SELECT contact_id, id, type, name, ${properties} AS properties, occurred_at FROM events
     WHERE contact_id = ANY($1::uuid[])${types} ORDER BY contact_id, occurred_at, id`,
    params,
  );
  return groupEvents(rows);
}

/**
 * The stored events of each contact that happened in its spans ([from, to),
 * not overlapping within a contact), with only what the model reads: one
 * index range per span (events_contact_idx).
 */
export async function loadScoringEventsBetween(
  q: Queryable,
  spans: readonly { contactId: string; from: Date; to: Date }[],
  read: { eventTypes: readonly string[]; propertyKeys: readonly string[] },
): Promise<Map<string, ScoringEvent[]>> {
  if (spans.length === 0) return new Map();
  const params: unknown[] = [
    spans.map((s) => s.contactId),
    spans.map((s) => s.from),
    spans.map((s) => s.to),
    read.eventTypes,
  ];
  const properties = propertiesRead(read.propertyKeys, params);
  const { rows } = await q.query<EventRow>(
    `SELECT e.contact_id, e.id, e.type, e.name, ${properties} AS properties, e.occurred_at
     FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS s(contact_id, from_at, to_at)
     JOIN events e ON e.contact_id = s.contact_id AND e.occurred_at >= s.from_at AND e.occurred_at < s.to_at
     WHERE e.type = ANY($4::text[])
     ORDER BY e.contact_id, e.occurred_at, e.id`,
    params,
  );
  return groupEvents(rows);
}

/** An expression for just these keys of `properties`, their names bound as parameters. */
export function propertiesRead(keys: readonly string[], params: unknown[]): string {
  const pairs = keys.map((key) => {
    params.push(key);
    return `$${params.length}::text, properties -> $${params.length}::text`;
  });
  return pairs.length > 0 ? `jsonb_build_object(${pairs.join(', ')})` : `'{}'::jsonb`;
}

/**
 * The events of every contact with an id in (afterId, lastId], one index range,
 * with only the property keys the model reads (core/scoring/event-fields.ts).
 */
export async function loadScoringEventsInRange(
  q: Queryable,
  range: { afterId: string | null; lastId: string; propertyKeys: readonly string[] },
): Promise<Map<string, ScoringEvent[]>> {
  const params: unknown[] = [range.afterId, range.lastId];
  const properties = propertiesRead(range.propertyKeys, params);
  const { rows } = await q.query<EventRow>(
    `SELECT contact_id, id, type, name, ${properties} AS properties, occurred_at FROM events
     WHERE ($1::uuid IS NULL OR contact_id > $1::uuid) AND contact_id <= $2::uuid`,
    params,
  );
  return groupEvents(rows);
}

export type ScoreCause = 'activity' | 'profile' | 'decay' | 'rescore';

/** A contact's new score; `history` says whether the change is worth a history row. */
export interface ContactScoreWrite {
  contactId: string;
  modelId: string;
  fit: number;
  engagement: number;
  total: number;
  band: string;
  qualifies: string[];
  state: ScoreState;
  nextChangeAt: Date | null;
  scoredAt: Date;
  history: ScoreCause | null;
}

/** Stores scores in one statement: the state and figures, and a history row where one is asked for. */
export async function writeContactScores(
  q: Queryable,
  writes: readonly ContactScoreWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const rows = writes.map((w) => ({
    contact_id: w.contactId,
    model_id: w.modelId,
    fit: w.fit,
    engagement: w.engagement,
    total: w.total,
    band: w.band,
    qualifies: w.qualifies,
    state: w.state,
    next_change_at: w.nextChangeAt?.toISOString() ?? null,
    scored_at: w.scoredAt.toISOString(),
    history: w.history,
  }));
  await q.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
         contact_id uuid, model_id uuid, fit numeric, engagement numeric, total numeric, band text,
         qualifies text[], state jsonb, next_change_at timestamptz, scored_at timestamptz, history text)
     ),
     scores AS (
       INSERT INTO contact_scores (contact_id, model_id, fit, engagement, total, band, state, qualifies,
                                   next_change_at, scored_at)
       SELECT contact_id, model_id, fit, engagement, total, band, state, qualifies, next_change_at, scored_at
       FROM input
       ON CONFLICT (contact_id) DO UPDATE SET
         model_id = excluded.model_id, fit = excluded.fit, engagement = excluded.engagement,
         total = excluded.total, band = excluded.band, state = excluded.state,
         qualifies = excluded.qualifies, next_change_at = excluded.next_change_at,
         scored_at = excluded.scored_at
     )
     INSERT INTO score_history (contact_id, model_id, fit, engagement, total, band, qualifies, cause, occurred_at)
     SELECT contact_id, model_id, fit, engagement, total, band, qualifies, history, scored_at
     FROM input WHERE history IS NOT NULL`,
    [JSON.stringify(rows)],
  );
}

/**
 * Rows whose decay-caused change is due, locked (the contact too, as scoring
 * locks it): another sweeper takes the next ones, and a contact being scored
 * right now is left to that transaction, which schedules it afresh.
 */
export async function claimDueScoreChanges(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await q.query<{ contact_id: string }>(
    `SELECT s.contact_id FROM contact_scores s JOIN contacts c ON c.id = s.contact_id
     WHERE s.next_change_at <= $1
     ORDER BY s.next_change_at LIMIT $2 FOR NO KEY UPDATE OF c, s SKIP LOCKED`,
    [now, limit],
  );
  return rows.map((r) => r.contact_id);
}

/** The earliest decay-caused change still to come, so the clock can sleep until then. */
export async function nextDueScoreChange(q: Queryable): Promise<Date | null> {
  const { rows } = await q.query<{ at: Date | null }>(
    'SELECT min(next_change_at) AS at FROM contact_scores',
  );
  return rows[0]?.at ?? null;
}

export interface ScoreHistoryEntry {
  modelId: string;
  modelVersion: number;
  fit: number;
  engagement: number;
  total: number;
  band: string;
  qualifies: string[];
  cause: ScoreCause;
  occurredAt: Date;
}

/** Newest first. */
export async function listScoreHistory(
  q: Queryable,
  contactId: string,
  limit: number,
): Promise<ScoreHistoryEntry[]> {
  const { rows } = await q.query<{
    model_id: string;
    version: number;
    fit: number;
    engagement: number;
    total: number;
    band: string;
    qualifies: string[];
    cause: ScoreCause;
    occurred_at: Date;
  }>(
    `SELECT h.model_id, m.version, h.fit, h.engagement, h.total, h.band, h.qualifies, h.cause, h.occurred_at
     FROM score_history h JOIN scoring_models m ON m.id = h.model_id
     WHERE h.contact_id = $1 ORDER BY h.occurred_at DESC, h.id DESC LIMIT $2`,
    [contactId, limit],
  );
  return rows.map((r) => ({
    modelId: r.model_id,
    modelVersion: r.version,
    fit: r.fit,
    engagement: r.engagement,
    total: r.total,
    band: r.band,
    qualifies: r.qualifies,
    cause: r.cause,
    occurredAt: r.occurred_at,
  }));
}

/** The contacts whose fit an account change can move. */
export async function contactIdsOfAccount(q: Queryable, accountId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM contacts WHERE account_id = $1', [
    accountId,
  ]);
  return rows.map((r) => r.id);
}
