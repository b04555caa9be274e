import type { Queryable } from './db.js';

/** The routing rules in force, as stored (the service validates the document). */
export interface StoredRouting {
  id: string;
  version: number;
  document: unknown;
}

export async function findActiveRouting(q: Queryable): Promise<StoredRouting | null> {
  const { rows } = await q.query<StoredRouting>(
    'SELECT id, version, document FROM routing_versions WHERE active',
  );
  return rows[0] ?? null;
}

/**
 * Stores a new version, numbered after the last one; `activate` retires the
 * version in force first (the unique index allows one active version).
 */
export async function insertRoutingVersion(
  q: Queryable,
  v: { document: unknown; createdBy: string | null; activate: boolean },
): Promise<{ id: string; version: number }> {
  if (v.activate) await q.query('UPDATE routing_versions SET active = false WHERE active');
  const { rows } = await q.query<{ id: string; version: number }>(
    `INSERT INTO routing_versions (version, document, created_by, active)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM routing_versions
     RETURNING id, version`,
    [JSON.stringify(v.document), v.createdBy, v.activate],
  );
  return rows[0]!;
}

/**
 * Locks the team row for the rest of the transaction and reads its rotation
 * state: two routings into one team take turns, each seeing the other's pick.
 * Undefined when there is no such team.
 */
export async function lockTeamRoutingState(
  q: Queryable,
  teamId: string,
): Promise<{ state: unknown } | undefined> {
  const { rows } = await q.query<{ routing_state: unknown }>(
    'SELECT routing_state FROM teams WHERE id = $1 FOR UPDATE',
    [teamId],
  );
  return rows[0] ? { state: rows[0].routing_state } : undefined;
}

export async function saveTeamRoutingState(
  q: Queryable,
  teamId: string,
  state: unknown,
): Promise<void> {
  await q.query('UPDATE teams SET routing_state = $2 WHERE id = $1', [
    teamId,
    JSON.stringify(state),
  ]);
}

export interface TeamCandidateRow {
  memberId: string;
  name: string;
  active: boolean;
  capacity: number;
  openLeads: number;
}

/**
 * The team's reps, inactive ones included (routing names why it passed them
 * over), each with the leads they own in one of `openStages`. Managers are not
 * candidates: they hand leads out and may claim one by hand.
 */
export async function loadTeamCandidates(
  q: Queryable,
  teamId: string,
  openStages: readonly string[],
): Promise<TeamCandidateRow[]> {
  const { rows } = await q.query<{
    id: string;
    name: string;
    active: boolean;
    capacity: number;
    open_leads: number;
  }>(
    `SELECT m.id, m.name, m.active, m.capacity,
            (SELECT count(*) FROM contacts c
             WHERE c.owner_id = m.id AND c.lifecycle_stage = ANY($2::text[])) AS open_leads
     FROM members m WHERE m.team_id = $1 AND m.role = 'sales_rep' ORDER BY m.id`,
    [teamId, openStages],
  );
  return rows.map((r) => ({
    memberId: r.id,
    name: r.name,
    active: r.active,
    capacity: r.capacity,
    openLeads: Number(r.open_leads),
  }));
}

export interface AssignableContact {
  contactId: string;
  ownerId: string | null;
  accountOwnerId: string | null;
}

export async function loadAssignableContacts(
  q: Queryable,
  contactIds: readonly string[],
): Promise<AssignableContact[]> {
  const { rows } = await q.query<{
    id: string;
    owner_id: string | null;
    account_owner_id: string | null;
  }>(
    `SELECT c.id, c.owner_id, a.owner_id AS account_owner_id
     FROM contacts c LEFT JOIN accounts a ON a.id = c.account_id
     WHERE c.id = ANY($1::uuid[]) ORDER BY c.id`,
    [contactIds],
  );
  return rows.map((r) => ({
    contactId: r.id,
    ownerId: r.owner_id,
    accountOwnerId: r.account_owner_id,
  }));
}

/** Sets owners in one statement; only where the contact is still unowned, so a claim is never overwritten. */
export async function setOwners(
  q: Queryable,
  owners: readonly { contactId: string; ownerId: string }[],
): Promise<void> {
  if (owners.length === 0) return;
  await q.query(
    `UPDATE contacts c SET owner_id = x.o, updated_at = now()
     FROM unnest($1::uuid[], $2::uuid[]) AS x(c, o)
     WHERE c.id = x.c AND c.owner_id IS NULL`,
    [owners.map((o) => o.contactId), owners.map((o) => o.ownerId)],
  );
}

/**
 * Per contact still in one of `routeStages` (handed to sales, not yet
 * decided), the seq of its latest move into one: the handoff its SLA clocks
 * belong to.
 */
export async function currentHandoffs(
  q: Queryable,
  contactIds: readonly string[],
  routeStages: readonly string[],
): Promise<Map<string, number>> {
  if (contactIds.length === 0) return new Map();
  const { rows } = await q.query<{ contact_id: string; seq: number }>(
    `SELECT t.contact_id, max(t.seq) AS seq
     FROM stage_transitions t JOIN contacts c ON c.id = t.contact_id
     WHERE t.contact_id = ANY($1::uuid[]) AND t.to_stage = ANY($2::text[])
       AND c.lifecycle_stage = ANY($2::text[])
     GROUP BY t.contact_id`,
    [contactIds, routeStages],
  );
  return new Map(rows.map((r) => [r.contact_id, Number(r.seq)]));
}

export async function listTeamIds(q: Queryable): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM teams');
  return new Set(rows.map((r) => r.id));
}
