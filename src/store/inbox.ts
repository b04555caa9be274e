import type { ClockState } from '../core/sla/clocks.js';
import type { SalesClauseKey } from '../core/sla/contract.js';
import type { Queryable } from './db.js';

/*
 * The rep's inbox and the manager's breaches: open leads with the clocks of
 * their current handoff (the latest move into a route stage).
 */

export interface OpenLead {
  contactId: string;
  stage: string;
  /** The latest move into a route stage; null for a lead that never went through one. */
  handoffSeq: number | null;
  handedAt: Date | null;
}

/** The member's leads in one of `openStages`, each with its current handoff. */
export async function listOwnedOpenLeads(
  q: Queryable,
  ownerId: string,
  openStages: readonly string[],
  routeStages: readonly string[],
): Promise<OpenLead[]> {
  const { rows } = await q.query<{
    id: string;
    lifecycle_stage: string;
    seq: number | null;
    occurred_at: Date | null;
  }>(
    `SELECT c.id, c.lifecycle_stage, h.seq, h.occurred_at
     FROM contacts c
     LEFT JOIN LATERAL (
       SELECT t.seq, t.occurred_at FROM stage_transitions t
       WHERE t.contact_id = c.id AND t.to_stage = ANY($3::text[])
       ORDER BY t.seq DESC LIMIT 1
     ) h ON true
     WHERE c.owner_id = $1 AND c.lifecycle_stage = ANY($2::text[])
     ORDER BY c.id`,
    [ownerId, openStages, routeStages],
  );
  return rows.map((r) => ({
    contactId: r.id,
    stage: r.lifecycle_stage,
    handoffSeq: r.seq === null ? null : Number(r.seq),
    handedAt: r.occurred_at,
  }));
}

export interface LeadClockRow {
  id: string;
  contactId: string;
  handoffSeq: number;
  clause: SalesClauseKey;
  state: ClockState;
  ownerId: string | null;
  /** As stored (jsonb: instants are ISO strings); the service reads it. */
  clock: Record<string, unknown>;
}

/** The clocks of these handoffs in one of `states`. */
export async function listHandoffClocksIn(
  q: Queryable,
  handoffs: readonly { contactId: string; handoffSeq: number }[],
  states: readonly ClockState[],
): Promise<LeadClockRow[]> {
  if (handoffs.length === 0) return [];
  const { rows } = await q.query<{
    id: string;
    contact_id: string;
    handoff_seq: number;
    clause: SalesClauseKey;
    state: ClockState;
    owner_id: string | null;
    clock: Record<string, unknown>;
  }>(
    `SELECT s.id, s.contact_id, s.handoff_seq, s.clause, s.state, s.owner_id, s.clock
     FROM sla_clocks s JOIN unnest($1::uuid[], $2::bigint[]) AS h(contact_id, seq)
       ON s.contact_id = h.contact_id AND s.handoff_seq = h.seq
     WHERE s.state = ANY($3::text[])`,
    [handoffs.map((h) => h.contactId), handoffs.map((h) => h.handoffSeq), states],
  );
  return rows.map((r) => ({
    id: r.id,
    contactId: r.contact_id,
    handoffSeq: Number(r.handoff_seq),
    clause: r.clause,
    state: r.state,
    ownerId: r.owner_id,
    clock: r.clock,
  }));
}

export interface BreachRow {
  clockId: string;
  clause: SalesClauseKey;
  contactId: string;
  owner: { id: string; name: string } | null;
  clock: Record<string, unknown>;
}

/**
 * Breached clocks of the current handoff of leads still in one of
 * `openStages`, optionally of owners in one team; by the partial index on
 * breached clocks.
 */
export async function listOpenBreaches(
  q: Queryable,
  filter: { openStages: readonly string[]; routeStages: readonly string[]; teamId?: string },
): Promise<BreachRow[]> {
  const { rows } = await q.query<{
    id: string;
    clause: SalesClauseKey;
    contact_id: string;
    owner_id: string | null;
    owner_name: string | null;
    clock: Record<string, unknown>;
  }>(
    `SELECT s.id, s.clause, s.contact_id, s.owner_id, m.name AS owner_name, s.clock
     FROM sla_clocks s
     JOIN contacts c ON c.id = s.contact_id AND c.lifecycle_stage = ANY($1::text[])
     LEFT JOIN members m ON m.id = s.owner_id
     WHERE s.state = 'breached'
       AND ($3::uuid IS NULL OR m.team_id = $3)
       AND s.handoff_seq = (SELECT max(t.seq) FROM stage_transitions t
                            WHERE t.contact_id = s.contact_id AND t.to_stage = ANY($2::text[]))
     ORDER BY s.clock->>'dueAt', s.id`,
    [filter.openStages, filter.routeStages, filter.teamId ?? null],
  );
  return rows.map((r) => ({
    clockId: r.id,
    clause: r.clause,
    contactId: r.contact_id,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    clock: r.clock,
  }));
}
