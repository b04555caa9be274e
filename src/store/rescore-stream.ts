import { type EventRow, type InputRow, type ScoringInput, toInput } from './contact-scores.js';
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
     SELECT c.id, c.email, c.title, c.properties, c.account_id, a.domain, a.industry, a.employees,
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
  await tx.query(
    `DECLARE rescore_events NO SCROLL CURSOR FOR
     SELECT contact_id, id, type, name, ${properties} AS properties, occurred_at
     FROM events WHERE contact_id IS NOT NULL ORDER BY contact_id`,
  );
}

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

export async function fetchRescoreEvents(tx: Queryable, n: number): Promise<EventRow[]> {
  const { rows } = await tx.query<EventRow>(`FETCH ${Math.trunc(n)} FROM rescore_events`);
  return rows;
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
