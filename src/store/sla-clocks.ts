import type { ClockState, SlaClock } from '../core/sla/clocks.js';
import type { SalesClauseKey } from '../core/sla/contract.js';
import type { Queryable } from './db.js';

/** The contract in force, as stored (the service validates the document). */
export interface StoredContract {
  version: number;
  document: unknown;
}

export async function findActiveContract(q: Queryable): Promise<StoredContract | null> {
  const { rows } = await q.query<StoredContract>(
    "SELECT version, document FROM sla_contracts WHERE status = 'active'",
  );
  return rows[0] ?? null;
}

export async function insertContract(
  q: Queryable,
  c: { document: unknown; status: 'proposed' | 'active' },
): Promise<number> {
  const { rows } = await q.query<{ version: number }>(
    `INSERT INTO sla_contracts (version, document, status, activated_at)
     SELECT coalesce(max(version), 0) + 1, $1, $2, CASE WHEN $2 = 'active' THEN now() END
     FROM sla_contracts RETURNING version`,
    [JSON.stringify(c.document), c.status],
  );
  return rows[0]!.version;
}

export interface ClockRecord {
  id: string;
  contactId: string;
  handoffSeq: number;
  ownerId: string | null;
  contractVersion: number;
  clock: SlaClock;
}

export type NewClock = Omit<ClockRecord, 'id'> & { nextDueAt: Date | null };

interface ClockRow {
  id: string;
  contact_id: string;
  handoff_seq: number;
  owner_id: string | null;
  contract_version: number;
  clock: Record<string, unknown>;
}

const dateFields = [
  'startedAt',
  'dueAt',
  'warnAt',
  'warnedAt',
  'pausedAt',
  'settledAt',
  'holdUntil',
  'awayFloor',
] as const;

/** jsonb keeps instants as ISO strings; the core works with Dates. */
function clockFromJson(json: Record<string, unknown>): SlaClock {
  const clock: Record<string, unknown> = { ...json };
  for (const f of dateFields) {
    const v = json[f];
    clock[f] = typeof v === 'string' ? new Date(v) : null;
  }
  return clock as unknown as SlaClock;
}

function toRecord(r: ClockRow): ClockRecord {
  return {
    id: r.id,
    contactId: r.contact_id,
    handoffSeq: Number(r.handoff_seq),
    ownerId: r.owner_id,
    contractVersion: r.contract_version,
    clock: clockFromJson(r.clock),
  };
}

const clockColumns = 'id, contact_id, handoff_seq, owner_id, contract_version, clock';

/**
 * Clocks for a handoff that already has them are left as they are (the unique
 * key), so starting clocks twice for one handoff is harmless. Returns the ids
 * of the clocks actually created.
 */
export async function insertClocks(q: Queryable, clocks: readonly NewClock[]): Promise<string[]> {
  if (clocks.length === 0) return [];
  const rows = clocks.map((c) => ({
    contact_id: c.contactId,
    handoff_seq: c.handoffSeq,
    clause: c.clock.clause,
    owner_id: c.ownerId,
    contract_version: c.contractVersion,
    state: c.clock.state,
    clock: c.clock,
    next_due_at: c.nextDueAt?.toISOString() ?? null,
  }));
  const { rows: created } = await q.query<{ id: string }>(
    `INSERT INTO sla_clocks (contact_id, handoff_seq, clause, owner_id, contract_version, state, clock, next_due_at)
     SELECT contact_id, handoff_seq, clause, owner_id, contract_version, state, clock, next_due_at
     FROM jsonb_to_recordset($1::jsonb) AS x(contact_id uuid, handoff_seq bigint, clause text,
       owner_id uuid, contract_version integer, state text, clock jsonb, next_due_at timestamptz)
     ON CONFLICT (contact_id, handoff_seq, clause) DO NOTHING
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  return created.map((r) => r.id);
}

/**
 * A contact's clocks that can still change, locked: an event waits for a sweep
 * holding them (and the sweep skips them meanwhile), so neither overwrites the other.
 */
export async function lockOpenClocks(q: Queryable, contactId: string): Promise<ClockRecord[]> {
  const { rows } = await q.query<ClockRow>(
    `SELECT ${clockColumns} FROM sla_clocks
     WHERE contact_id = $1 AND state IN ('running', 'warned', 'paused')
     ORDER BY handoff_seq, clause FOR UPDATE`,
    [contactId],
  );
  return rows.map(toRecord);
}

/**
 * Open clocks whose next instant has come (a warning, a due time, the end of
 * the owner's leave), oldest first, by the partial index; rows another
 * transaction holds (a sweep in another process, a lead event) are skipped
 * rather than waited for. Breached clocks still in the index wait for their
 * reassignment (claimPendingReassignments), not for the sweep.
 */
export async function claimDueClocks(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<ClockRecord[]> {
  const { rows } = await q.query<ClockRow>(
    `SELECT ${clockColumns} FROM sla_clocks
     WHERE next_due_at <= $1 AND state IN ('running', 'warned', 'paused')
     ORDER BY next_due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows.map(toRecord);
}

/**
 * Running clocks of owners on leave now, so they show as paused from the
 * leave's start even when no instant of theirs falls due (a lead handed to
 * someone already away). The members on leave first (a small table), then
 * their clocks by the owner index; nobody away costs one tiny read.
 */
export async function claimAwayOwnersClocks(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<ClockRecord[]> {
  const { rows: away } = await q.query<{ member_id: string }>(
    'SELECT DISTINCT member_id FROM member_away_periods WHERE starts_at <= $1 AND ends_at > $1',
    [now],
  );
  if (away.length === 0) return [];
  const { rows } = await q.query<ClockRow>(
    `SELECT ${clockColumns} FROM sla_clocks
     WHERE owner_id = ANY($1::uuid[]) AND state IN ('running', 'warned')
     LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [away.map((r) => r.member_id), limit],
  );
  return rows.map(toRecord);
}

/**
 * A member's clocks the sweep keeps an eye on (running, warned, held for
 * leave), locked in id order; waits for a sweep holding some of them.
 */
export async function lockMemberWatchedClocks(
  q: Queryable,
  memberId: string,
): Promise<ClockRecord[]> {
  const { rows } = await q.query<ClockRow>(
    `SELECT ${clockColumns} FROM sla_clocks
     WHERE owner_id = $1 AND state IN ('running', 'warned', 'paused') AND next_due_at IS NOT NULL
     ORDER BY id FOR UPDATE`,
    [memberId],
  );
  return rows.map(toRecord);
}

/**
 * Leads with a breach whose contract hands them on, oldest first: a breached
 * clock keeps its due time in next_due_at until the reassignment is done, so
 * the work survives a crash between the breach and the handover.
 */
export async function pendingReassignmentLeads(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await q.query<{ contact_id: string }>(
    `SELECT contact_id FROM sla_clocks
     WHERE next_due_at <= $1 AND state = 'breached'
     GROUP BY contact_id ORDER BY min(next_due_at) LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.contact_id);
}

/** A lead's breached clocks still waiting to be handed on, locked (the caller holds the contact). */
export async function lockPendingReassignments(
  q: Queryable,
  contactId: string,
): Promise<ClockRecord[]> {
  const { rows } = await q.query<ClockRow>(
    `SELECT ${clockColumns} FROM sla_clocks
     WHERE contact_id = $1 AND state = 'breached' AND next_due_at IS NOT NULL
     ORDER BY id FOR UPDATE`,
    [contactId],
  );
  return rows.map(toRecord);
}

export async function clearPendingReassignments(
  q: Queryable,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await q.query(
    'UPDATE sla_clocks SET next_due_at = NULL, updated_at = now() WHERE id = ANY($1::uuid[])',
    [ids],
  );
}

export async function saveClocks(
  q: Queryable,
  updates: readonly {
    id: string;
    ownerId: string | null;
    clock: SlaClock;
    nextDueAt: Date | null;
  }[],
): Promise<void> {
  if (updates.length === 0) return;
  const rows = updates.map((u) => ({
    id: u.id,
    owner_id: u.ownerId,
    state: u.clock.state,
    clock: u.clock,
    next_due_at: u.nextDueAt?.toISOString() ?? null,
  }));
  await q.query(
    `UPDATE sla_clocks s SET owner_id = x.owner_id, state = x.state, clock = x.clock,
            next_due_at = x.next_due_at, updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, owner_id uuid, state text, clock jsonb,
                                              next_due_at timestamptz)
     WHERE s.id = x.id`,
    [JSON.stringify(rows)],
  );
}

/**
 * The earliest instant an open clock needs the sweep, so the job can sleep
 * until then (the first row of the partial index, past the few breached ones
 * waiting for a reassignment, which the job keeps track of itself).
 */
export async function nextDueClock(q: Queryable): Promise<Date | null> {
  const { rows } = await q.query<{ at: Date }>(
    `SELECT next_due_at AS at FROM sla_clocks
     WHERE next_due_at IS NOT NULL AND state <> 'breached' ORDER BY next_due_at LIMIT 1`,
  );
  return rows[0]?.at ?? null;
}

export interface ClockSummary {
  id: string;
  contactId: string;
  handoffSeq: number;
  clause: SalesClauseKey;
  ownerId: string | null;
  state: ClockState;
  nextDueAt: Date | null;
  clock: SlaClock;
}

/** Every clock of a contact, latest handoff first, in the contract's clause order. */
export async function listContactClocks(q: Queryable, contactId: string): Promise<ClockSummary[]> {
  const { rows } = await q.query<
    ClockRow & { clause: SalesClauseKey; state: ClockState; next_due_at: Date | null }
  >(
    `SELECT ${clockColumns}, clause, state, next_due_at FROM sla_clocks
     WHERE contact_id = $1 ORDER BY handoff_seq DESC,
       array_position(ARRAY['accept_within', 'first_attempt_within', 'attempt_cadence', 'outcome_recorded'], clause)`,
    [contactId],
  );
  return rows.map((r) => ({
    ...toRecord(r),
    clause: r.clause,
    state: r.state,
    nextDueAt: r.next_due_at,
  }));
}
