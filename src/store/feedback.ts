import type { FeedbackGroupBy, FeedbackTouch, HandedLead } from '../core/feedback.js';
import type { Queryable } from './db.js';

/** The contact column a report groups on; never from the request, so safe to splice into SQL. */
function groupColumn(groupBy: FeedbackGroupBy, touch: FeedbackTouch): string {
  return groupBy === 'persona' ? 'persona_key' : `${touch}_touch_${groupBy}`;
}

/** Which stage keys mean what, from the definitions in force (a version may add stages). */
export interface FeedbackStages {
  /** Qualification routes (MQL, PQL, CQL): entering one hands a lead to sales. */
  route: string[];
  /** SAL and every funnel stage past it: reaching one means sales accepted. */
  accepted: string[];
  /** SQL and past it. */
  sql: string[];
  won: string[];
  /** Leaving one of these for an exit is a rejection (route stages, SAL). */
  rejectFrom: string[];
  /** Leaving one of these for an exit is a lost deal (SQL, opportunity). */
  lostFrom: string[];
  exits: string[];
}

interface FactRow {
  contact_id: string;
  grp: string | null;
  handed_at: Date;
  accepted_at: Date | null;
  sql: boolean;
  won: boolean;
  amount: number | string | null;
  rejected: boolean;
  reject_code: string | null;
  lost: boolean;
  lost_code: string | null;
}

/**
 * One set-based query: the contacts that entered a route stage in [from, to)
 * (through stage_transitions_to_idx), each with its first such entry, and what
 * its transitions from then on record (through stage_transitions_contact_idx).
 * "First" among a contact's moves is by time, then id, so ties read the same
 * on every run.
 */
export async function loadHandedLeads(
  q: Queryable,
  input: {
    groupBy: FeedbackGroupBy;
    touch: FeedbackTouch;
    from: Date;
    to: Date;
    stages: FeedbackStages;
  },
): Promise<HandedLead[]> {
  const s = input.stages;
  const column = groupColumn(input.groupBy, input.touch);
  const { rows } = await q.query<FactRow>(
    `WITH cohort AS (
       SELECT contact_id, min(occurred_at) AS handed_at
       FROM stage_transitions
       WHERE to_stage = ANY($1::text[]) AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY contact_id
     )
     SELECT h.contact_id, nullif(c.${column}, '') AS grp, h.handed_at, o.*
     FROM cohort h
     JOIN contacts c ON c.id = h.contact_id
     CROSS JOIN LATERAL (
       SELECT
         min(t.occurred_at) FILTER (WHERE t.to_stage = ANY($4::text[])) AS accepted_at,
         coalesce(bool_or(t.to_stage = ANY($5::text[])), false) AS sql,
         coalesce(bool_or(t.to_stage = ANY($6::text[])), false) AS won,
         (array_agg(t.amount ORDER BY t.occurred_at, t.id)
           FILTER (WHERE t.to_stage = ANY($6::text[])))[1] AS amount,
         coalesce(bool_or(t.from_stage = ANY($7::text[]) AND t.to_stage = ANY($9::text[])), false) AS rejected,
         (array_agg(t.reason_code ORDER BY t.occurred_at, t.id)
           FILTER (WHERE t.from_stage = ANY($7::text[]) AND t.to_stage = ANY($9::text[])))[1] AS reject_code,
         coalesce(bool_or(t.from_stage = ANY($8::text[]) AND t.to_stage = ANY($9::text[])), false) AS lost,
         (array_agg(t.reason_code ORDER BY t.occurred_at, t.id)
           FILTER (WHERE t.from_stage = ANY($8::text[]) AND t.to_stage = ANY($9::text[])))[1] AS lost_code
       FROM stage_transitions t
       WHERE t.contact_id = h.contact_id AND t.occurred_at >= h.handed_at
     ) o
     ORDER BY h.contact_id`,
    [s.route, input.from, input.to, s.accepted, s.sql, s.won, s.rejectFrom, s.lostFrom, s.exits],
  );
  return rows.map((r) => ({
    contactId: r.contact_id,
    group: r.grp,
    handedAt: r.handed_at,
    acceptedAt: r.accepted_at,
    sql: r.sql,
    won: r.won,
    amount: r.amount === null ? null : Number(r.amount),
    rejected: r.rejected,
    rejectCode: r.reject_code,
    lost: r.lost,
    lostCode: r.lost_code,
  }));
}
