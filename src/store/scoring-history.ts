import type { BacktestContact } from '../core/scoring/backtest/backtest.js';
import type { StageTransitionRecord } from '../core/scoring/backtest/outcomes.js';
import type { ScoringEvent } from '../core/scoring/model.js';
import type { Queryable } from './db.js';
import { type ScoringContactRow, toScoringContact } from './scoring-contact.js';

/**
 * What a backtest reads: contacts with what fit rules see, their events and
 * their stage transitions, a page of contacts at a time in id order. Each page
 * is three statements whatever its size (contacts, then the events and the
 * transitions of the id range the page covers), and the next page starts after
 * the last id (keyset), so reading a million contacts stays linear.
 *
 * Pages are read outside a transaction: a backtest can run for minutes, and on
 * the embedded database a transaction that long would hold up ingest. History
 * written meanwhile may show up in later pages, which a replay of the past
 * tolerates.
 */

interface ContactRow extends ScoringContactRow {
  id: string;
  created_at: Date;
}

interface EventRow {
  contact_id: string;
  id: string;
  type: string;
  name: string | null;
  properties: Record<string, unknown>;
  occurred_at: Date;
}

interface TransitionRow {
  contact_id: string;
  to_stage: string;
  occurred_at: Date;
}

function grouped<R extends { contact_id: string }, T>(
  rows: readonly R[],
  map: (row: R) => T,
): Map<string, T[]> {
  const byContact = new Map<string, T[]>();
  for (const r of rows) {
    const list = byContact.get(r.contact_id);
    if (list) list.push(map(r));
    else byContact.set(r.contact_id, [map(r)]);
  }
  return byContact;
}

/**
 * Up to `limit` contacts with ids after `afterId` (null: from the start), each
 * with its events before `eventsBefore` (in time order) and all its transitions.
 */
export async function loadScoringHistoryPage(
  q: Queryable,
  page: { afterId: string | null; limit: number; eventsBefore: Date },
): Promise<BacktestContact[]> {
  const { rows: contacts } = await q.query<ContactRow>(
    `SELECT c.id, c.created_at, c.email, c.title, c.persona_key, c.properties, c.account_id, a.domain,
            a.industry, a.employees, a.annual_revenue, a.country, a.properties AS account_properties
     FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id
     WHERE $1::uuid IS NULL OR c.id > $1::uuid
     ORDER BY c.id LIMIT $2`,
    [page.afterId, page.limit],
  );
  if (contacts.length === 0) return [];
  const range = [contacts[0]!.id, contacts[contacts.length - 1]!.id];
  const [events, transitions] = await Promise.all([
    q.query<EventRow>(
      `SELECT contact_id, id, type, name, properties, occurred_at FROM events
       WHERE contact_id BETWEEN $1::uuid AND $2::uuid AND occurred_at < $3
       ORDER BY contact_id, occurred_at, id`,
      [...range, page.eventsBefore],
    ),
    q.query<TransitionRow>(
      `SELECT contact_id, to_stage, occurred_at FROM stage_transitions
       WHERE contact_id BETWEEN $1::uuid AND $2::uuid`,
      range,
    ),
  ]);
  const eventsOf = grouped(
    events.rows,
    (r): ScoringEvent => ({
      id: r.id,
      type: r.type,
      name: r.name,
      properties: r.properties,
      occurredAt: r.occurred_at,
    }),
  );
  const transitionsOf = grouped(
    transitions.rows,
    (r): StageTransitionRecord => ({ toStage: r.to_stage, occurredAt: r.occurred_at }),
  );
  return contacts.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    profile: toScoringContact(r),
    events: eventsOf.get(r.id) ?? [],
    transitions: transitionsOf.get(r.id) ?? [],
  }));
}

/** How many contacts a backtest will read, and when the first of them was created. */
export async function scoringHistoryExtent(
  q: Queryable,
): Promise<{ contacts: number; earliest: Date | null }> {
  const { rows } = await q.query<{ contacts: number; earliest: Date | null }>(
    'SELECT count(*)::int AS contacts, min(created_at) AS earliest FROM contacts',
  );
  return rows[0]!;
}

/** The reps the SLA's MQL quota is counted for: active members in the sales rep role. */
export async function countActiveSalesReps(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM members WHERE role = 'sales_rep' AND active`,
  );
  return rows[0]!.n;
}
