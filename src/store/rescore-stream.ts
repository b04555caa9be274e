import type { ScoringEvent } from '../core/scoring/model.js';
import { type InputRow, type ScoringInput, toInput } from './contact-scores.js';
import type { Queryable, Tx } from './db.js';

/*
 * A full rescore on PostgreSQL reads every contact and every event once, in
 * contact order, through two cursors of one read transaction. Fetching each
 * page's events by contact id instead costs a random heap read per event
 * (events are stored in arrival order), several times the price of one
 * sequential scan and sort.
 */

export async function openRescoreCursors(
  tx: Tx,
  input: { propertyKeys: readonly string[] },
): Promise<void> {
  // Planned for the whole result, not the first rows: a scan and a sort, not an index walk.
  await tx.query('SET LOCAL cursor_tuple_fraction = 1.0');
  await tx.query(`SET LOCAL work_mem = '256MB'`);
  await tx.query(
    `DECLARE rescore_contacts NO SCROLL CURSOR FOR
     SELECT c.id, c.email, c.title, c.persona_key, c.lifecycle_stage, c.properties, c.account_id, a.domain, a.industry, a.employees,
            a.annual_revenue, a.country, a.properties AS account_properties,
            s.model_id, NULL::jsonb AS state, s.fit, s.total AS total_score, s.band, s.qualifies,
            s.next_change_at
     FROM contacts c
     LEFT JOIN accounts a ON a.id = c.account_id
     LEFT JOIN contact_scores s ON s.contact_id = c.id
     ORDER BY c.id`,
  );
  // DECLARE takes no parameters, so the key names go in as literals.
  const pairs = input.propertyKeys.map((k) => `${literal(k)}, properties -> ${literal(k)}`);
  const properties = pairs.length > 0 ? `jsonb_build_object(${pairs.join(', ')})` : `'{}'::jsonb`;
  // One row per contact holding its events as one JSON array: the driver's
  // per-row and per-column decoding (a Date parsed from text per event) was
  // most of this process's CPU in a rescore; one native JSON.parse per
  // contact is a fraction of it (bench:scoring). Epoch milliseconds are
  // floored, as the driver's timestamp parsing truncates to milliseconds.
  await tx.query(
    `DECLARE rescore_events NO SCROLL CURSOR FOR
     SELECT contact_id,
            json_agg(json_build_array(id, type, name, ${properties},
                                      floor(extract(epoch FROM occurred_at) * 1000))) AS events
     FROM events WHERE contact_id IS NOT NULL GROUP BY contact_id ORDER BY contact_id`,
  );
}

/** A contact's events as the rescore stream delivers them. */
export interface ContactEvents {
  contactId: string;
  events: ScoringEvent[];
}

type EncodedEvent = [string, string, string | null, Record<string, unknown>, number];

/**
 * A SQL string literal (standard_conforming_strings, on since PostgreSQL 9.1:
 * only the quote is special). Keys come from validated model documents.
 */
function literal(text: string): string {
  if (text.includes('\0')) throw new RangeError('a property key holds a NUL character');
  return `'${text.replace(/'/g, "''")}'`;
}

export async function fetchRescoreContacts(tx: Queryable, n: number): Promise<ScoringInput[]> {
  const { rows } = await tx.query<InputRow>(`FETCH ${Math.trunc(n)} FROM rescore_contacts`);
  return rows.map(toInput);
}

/** The events of the next `n` contacts that have any, in contact order. */
export async function fetchRescoreEvents(tx: Queryable, n: number): Promise<ContactEvents[]> {
  const { rows } = await tx.query<{ contact_id: string; events: EncodedEvent[] }>(
    `FETCH ${Math.trunc(n)} FROM rescore_events`,
  );
  return rows.map((r) => ({
    contactId: r.contact_id,
    events: r.events.map(([id, type, name, properties, at]) => ({
      id,
      type,
      name,
      properties,
      occurredAt: new Date(at),
    })),
  }));
}

/** Who scored these contacts last, and when: a rescore's write checks it under lock. */
export async function loadStoredScoreMarks(
  q: Queryable,
  contactIds: readonly string[],
): Promise<Map<string, { modelId: string; scoredAt: Date }>> {
  const { rows } = await q.query<{ contact_id: string; model_id: string; scored_at: Date }>(
    'SELECT contact_id, model_id, scored_at FROM contact_scores WHERE contact_id = ANY($1::uuid[])',
    [contactIds],
  );
  return new Map(rows.map((r) => [r.contact_id, { modelId: r.model_id, scoredAt: r.scored_at }]));
}
