import type { ScoringContact } from '../core/scoring/model.js';
import type { Queryable } from './db.js';
import { type ScoringContactRow, toScoringContact } from './scoring-contact.js';

/**
 * What `tandem scoring fit` learns from, a batch of contacts at a time (keyset
 * by id, three set-based statements in one: the batch, when each reached the
 * outcome stage, its event counts per type).
 */
export interface TrainingRecord {
  contactId: string;
  contact: ScoringContact;
  /** Events per type; for a contact that reached the outcome stage, only those before it. */
  eventCounts: Record<string, number>;
  /** It reached one of the outcome stages (a recorded transition, or its current stage). */
  reachedStage: boolean;
}

interface Row extends ScoringContactRow {
  id: string;
  reached: boolean;
  event_counts: Record<string, number>;
}

export async function countTrainingContacts(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
  return rows[0]?.n ?? 0;
}

/**
 * Up to `limit` contacts with ids after `after` (null: from the start), in id
 * order. `stages`: the outcome stages; events from the first transition into
 * one of them on are not counted (they happened because of the outcome, or
 * after it). Empty for a property outcome: every event counts.
 */
export async function loadTrainingBatch(
  q: Queryable,
  input: { after: string | null; limit: number; stages: readonly string[] },
): Promise<TrainingRecord[]> {
  const { rows } = await q.query<Row>(
    `WITH batch AS (
       SELECT id, email, title, persona_key, properties, lifecycle_stage, account_id
       FROM contacts
       WHERE $1::uuid IS NULL OR id > $1::uuid
       ORDER BY id
       LIMIT $2
     ), reached AS (
       SELECT t.contact_id, min(t.occurred_at) AS reached_at
       FROM stage_transitions t JOIN batch b ON b.id = t.contact_id
       WHERE t.to_stage = ANY($3::text[])
       GROUP BY t.contact_id
     ), counts AS (
       SELECT contact_id, jsonb_object_agg(type, n) AS event_counts
       FROM (
         SELECT e.contact_id, e.type, count(*)::int AS n
         FROM events e
         JOIN batch b ON b.id = e.contact_id
         LEFT JOIN reached r ON r.contact_id = e.contact_id
         WHERE r.reached_at IS NULL OR e.occurred_at < r.reached_at
         GROUP BY e.contact_id, e.type
       ) per_type
       GROUP BY contact_id
     )
     SELECT b.id, b.email, b.title, b.persona_key, b.properties, b.account_id,
            a.domain, a.industry, a.employees, a.annual_revenue, a.country,
            a.properties AS account_properties,
            (r.reached_at IS NOT NULL OR b.lifecycle_stage = ANY($3::text[])) AS reached,
            coalesce(k.event_counts, '{}'::jsonb) AS event_counts
     FROM batch b
     LEFT JOIN accounts a ON a.id = b.account_id
     LEFT JOIN reached r ON r.contact_id = b.id
     LEFT JOIN counts k ON k.contact_id = b.id
     ORDER BY b.id`,
    [input.after, input.limit, input.stages],
  );
  return rows.map((r) => ({
    contactId: r.id,
    contact: toScoringContact(r),
    eventCounts: r.event_counts,
    reachedStage: r.reached,
  }));
}
