import type { TeamSide } from '../core/roles.js';
import type { Queryable } from './db.js';

/*
 * SLA contract versions and their signatures. The version in force is read by
 * sla-clocks.ts's findActiveContract (clocks start under it); this module is
 * how versions are proposed, signed and put in force.
 */

export type ContractStatus = 'proposed' | 'active' | 'superseded' | 'withdrawn';

export interface ContractRow {
  id: string;
  version: number;
  status: ContractStatus;
  /** As stored; the service validates it. */
  document: unknown;
  proposedBy: { id: string; name: string } | null;
  createdAt: Date;
  activatedAt: Date | null;
}

export interface ContractSignature {
  contractId: string;
  member: { id: string; name: string };
  side: TeamSide;
  signedAt: Date;
}

interface Row {
  id: string;
  version: number;
  status: ContractStatus;
  document: unknown;
  proposer_id: string | null;
  proposer_name: string | null;
  created_at: Date;
  activated_at: Date | null;
}

const select = `SELECT c.id, c.version, c.status, c.document, m.id AS proposer_id,
  m.name AS proposer_name, c.created_at, c.activated_at
  FROM sla_contracts c LEFT JOIN members m ON m.id = c.proposed_by`;

function toRow(r: Row): ContractRow {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    document: r.document,
    proposedBy: r.proposer_id ? { id: r.proposer_id, name: r.proposer_name ?? '' } : null,
    createdAt: r.created_at,
    activatedAt: r.activated_at,
  };
}

/**
 * Locks every version still in play (proposed or in force), in id order, so
 * two signatures on different proposals take turns, and proposals numbered
 * max + 1 never take the same number (the version in force is always locked).
 */
export async function lockOpenContracts(
  q: Queryable,
): Promise<{ id: string; version: number; status: ContractStatus }[]> {
  const { rows } = await q.query<{ id: string; version: number; status: ContractStatus }>(
    `SELECT id, version, status FROM sla_contracts
     WHERE status IN ('proposed', 'active') ORDER BY id FOR UPDATE`,
  );
  return rows;
}

export async function insertProposedContract(
  q: Queryable,
  c: { document: unknown; proposedBy: string | null },
): Promise<{ id: string; version: number }> {
  const { rows } = await q.query<{ id: string; version: number }>(
    `INSERT INTO sla_contracts (version, document, status, proposed_by)
     SELECT coalesce(max(version), 0) + 1, $1, 'proposed', $2 FROM sla_contracts
     RETURNING id, version`,
    [JSON.stringify(c.document), c.proposedBy],
  );
  return rows[0]!;
}

export async function findContractByVersion(
  q: Queryable,
  version: number,
): Promise<ContractRow | null> {
  const { rows } = await q.query<Row>(`${select} WHERE c.version = $1`, [version]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function findActiveContractRow(q: Queryable): Promise<ContractRow | null> {
  const { rows } = await q.query<Row>(`${select} WHERE c.status = 'active'`);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Every version, newest first. */
export async function listContracts(q: Queryable): Promise<ContractRow[]> {
  const { rows } = await q.query<Row>(`${select} ORDER BY c.version DESC`);
  return rows.map(toRow);
}

export async function insertContractSignature(
  q: Queryable,
  s: { contractId: string; memberId: string; side: TeamSide },
): Promise<void> {
  await q.query(
    `INSERT INTO sla_contract_signatures (contract_id, member_id, side) VALUES ($1, $2, $3)`,
    [s.contractId, s.memberId, s.side],
  );
}

/** The signatures of these versions, oldest first, each with the member's name. */
export async function listContractSignatures(
  q: Queryable,
  contractIds: readonly string[],
): Promise<Map<string, ContractSignature[]>> {
  const byContract = new Map<string, ContractSignature[]>();
  if (contractIds.length === 0) return byContract;
  const { rows } = await q.query<{
    contract_id: string;
    member_id: string;
    member_name: string;
    side: TeamSide;
    signed_at: Date;
  }>(
    `SELECT s.contract_id, s.member_id, m.name AS member_name, s.side, s.signed_at
     FROM sla_contract_signatures s JOIN members m ON m.id = s.member_id
     WHERE s.contract_id = ANY($1::uuid[]) ORDER BY s.signed_at, s.member_id`,
    [contractIds],
  );
  for (const r of rows) {
    const list = byContract.get(r.contract_id) ?? [];
    list.push({
      contractId: r.contract_id,
      member: { id: r.member_id, name: r.member_name },
      side: r.side,
      signedAt: r.signed_at,
    });
    byContract.set(r.contract_id, list);
  }
  return byContract;
}

/**
 * Puts a version in force: the one in force is superseded first (the unique
 * index allows one active version), and every other open proposal is
 * withdrawn, since it was written against terms that no longer hold.
 */
export async function activateContract(
  q: Queryable,
  id: string,
): Promise<{ superseded: number[]; withdrawn: number[] }> {
  const { rows } = await q.query<{ version: number; status: ContractStatus }>(
    `UPDATE sla_contracts SET status = CASE status WHEN 'active' THEN 'superseded' ELSE 'withdrawn' END
     WHERE status IN ('active', 'proposed') AND id <> $1 RETURNING version, status`,
    [id],
  );
  await q.query(`UPDATE sla_contracts SET status = 'active', activated_at = now() WHERE id = $1`, [
    id,
  ]);
  return {
    superseded: rows.filter((r) => r.status === 'superseded').map((r) => r.version),
    withdrawn: rows.filter((r) => r.status === 'withdrawn').map((r) => r.version),
  };
}
