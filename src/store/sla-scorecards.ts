import type { ClockState } from '../core/sla/clocks.js';
import type { SalesClauseKey } from '../core/sla/contract.js';
import type { Queryable } from './db.js';

/*
 * What the monthly scorecard reads: the handoffs of a period (moves into a
 * route stage), what became of each, the clocks and the people. The service
 * decides what each row means (core/sla/scorecard.ts counts).
 */

export interface HandoffRow {
  contactId: string;
  seq: number;
  handedAt: Date;
  /** The contact's owner now. */
  ownerId: string | null;
  marketerId: string | null;
}

/** Moves into a route stage in [from, to), by the (to_stage, occurred_at) index. */
export async function listHandoffs(
  q: Queryable,
  routeStages: readonly string[],
  from: Date,
  to: Date,
): Promise<HandoffRow[]> {
  const { rows } = await q.query<{
    contact_id: string;
    seq: number;
    occurred_at: Date;
    owner_id: string | null;
    marketer_id: string | null;
  }>(
    `SELECT t.contact_id, t.seq, t.occurred_at, c.owner_id, c.marketer_id
     FROM stage_transitions t JOIN contacts c ON c.id = t.contact_id
     WHERE t.to_stage = ANY($1::text[]) AND t.occurred_at >= $2 AND t.occurred_at < $3
     ORDER BY t.occurred_at, t.seq`,
    [routeStages, from, to],
  );
  return rows.map((r) => ({
    contactId: r.contact_id,
    seq: Number(r.seq),
    handedAt: r.occurred_at,
    ownerId: r.owner_id,
    marketerId: r.marketer_id,
  }));
}

export interface LaterTransition {
  contactId: string;
  seq: number;
  fromStage: string | null;
  toStage: string;
  reasonCode: string | null;
  occurredAt: Date;
}

/** Every transition of these contacts from `since` on, in order: what became of their handoffs. */
export async function listTransitionsSince(
  q: Queryable,
  contactIds: readonly string[],
  since: Date,
): Promise<LaterTransition[]> {
  if (contactIds.length === 0) return [];
  const { rows } = await q.query<{
    contact_id: string;
    seq: number;
    from_stage: string | null;
    to_stage: string;
    reason_code: string | null;
    occurred_at: Date;
  }>(
    `SELECT contact_id, seq, from_stage, to_stage, reason_code, occurred_at
     FROM stage_transitions WHERE contact_id = ANY($1::uuid[]) AND occurred_at >= $2
     ORDER BY contact_id, seq`,
    [contactIds, since],
  );
  return rows.map((r) => ({
    contactId: r.contact_id,
    seq: Number(r.seq),
    fromStage: r.from_stage,
    toStage: r.to_stage,
    reasonCode: r.reason_code,
    occurredAt: r.occurred_at,
  }));
}

/** When each of these contacts had an event of `type` from `since` on (sales attempts). */
export async function listEventTimes(
  q: Queryable,
  contactIds: readonly string[],
  type: string,
  since: Date,
): Promise<Map<string, Date[]>> {
  const result = new Map<string, Date[]>();
  if (contactIds.length === 0) return result;
  const { rows } = await q.query<{ contact_id: string; occurred_at: Date }>(
    `SELECT contact_id, occurred_at FROM events
     WHERE contact_id = ANY($1::uuid[]) AND type = $2 AND occurred_at >= $3
     ORDER BY contact_id, occurred_at`,
    [contactIds, type, since],
  );
  for (const r of rows) {
    const list = result.get(r.contact_id) ?? [];
    list.push(r.occurred_at);
    result.set(r.contact_id, list);
  }
  return result;
}

export interface HandoffClockRow {
  contactId: string;
  handoffSeq: number;
  clause: SalesClauseKey;
  state: ClockState;
  ownerId: string | null;
}

/** The clocks of the handoffs listHandoffs finds (joined, not looked up contact by contact). */
export async function listHandoffClocks(
  q: Queryable,
  routeStages: readonly string[],
  from: Date,
  to: Date,
): Promise<HandoffClockRow[]> {
  const { rows } = await q.query<{
    contact_id: string;
    handoff_seq: number;
    clause: SalesClauseKey;
    state: ClockState;
    owner_id: string | null;
  }>(
    `SELECT s.contact_id, s.handoff_seq, s.clause, s.state, s.owner_id
     FROM stage_transitions t
     JOIN sla_clocks s ON s.contact_id = t.contact_id AND s.handoff_seq = t.seq
     WHERE t.to_stage = ANY($1::text[]) AND t.occurred_at >= $2 AND t.occurred_at < $3`,
    [routeStages, from, to],
  );
  return rows.map((r) => ({
    contactId: r.contact_id,
    handoffSeq: Number(r.handoff_seq),
    clause: r.clause,
    state: r.state,
    ownerId: r.owner_id,
  }));
}

export interface ScorecardPerson {
  id: string;
  name: string;
  role: string;
  active: boolean;
  teamId: string | null;
  teamName: string | null;
}

/** Sales reps and marketing members, and anyone else named in `alsoIds` (a manager who owns leads). */
export async function listScorecardPeople(
  q: Queryable,
  alsoIds: readonly string[],
): Promise<ScorecardPerson[]> {
  const { rows } = await q.query<{
    id: string;
    name: string;
    role: string;
    active: boolean;
    team_id: string | null;
    team_name: string | null;
  }>(
    `SELECT m.id, m.name, m.role, m.active, m.team_id, t.name AS team_name
     FROM members m LEFT JOIN teams t ON t.id = m.team_id
     WHERE m.role IN ('sales_rep', 'marketing') OR m.id = ANY($1::uuid[])
     ORDER BY m.id`,
    [[...new Set(alsoIds)]],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    active: r.active,
    teamId: r.team_id,
    teamName: r.team_name,
  }));
}

export async function listTeamNames(q: Queryable): Promise<Map<string, string>> {
  const { rows } = await q.query<{ id: string; name: string }>('SELECT id, name FROM teams');
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Versions that were ever in force, by when they took effect. */
export async function listActivatedContracts(
  q: Queryable,
): Promise<{ version: number; document: unknown; activatedAt: Date }[]> {
  const { rows } = await q.query<{ version: number; document: unknown; activated_at: Date }>(
    `SELECT version, document, activated_at FROM sla_contracts
     WHERE activated_at IS NOT NULL ORDER BY activated_at, version`,
  );
  return rows.map((r) => ({
    version: r.version,
    document: r.document,
    activatedAt: r.activated_at,
  }));
}

/** Credits a marketing member with a lead (the marketing side of the scorecard). */
export async function setContactMarketer(
  q: Queryable,
  contactId: string,
  marketerId: string | null,
): Promise<void> {
  await q.query('UPDATE contacts SET marketer_id = $2 WHERE id = $1', [contactId, marketerId]);
}
