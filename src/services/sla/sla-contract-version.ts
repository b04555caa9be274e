import type { TeamSide } from '../../core/roles.js';
import { type SlaContract, validateContract } from '../../core/sla/contract.js';
import type { Queryable } from '../../store/db.js';
import {
  type ContractRow,
  type ContractStatus,
  listContractSignatures,
} from '../../store/sla-contracts.js';

/** An SLA contract version as the services hand it out: the terms, who proposed and who signed. */
export interface SlaContractVersion {
  id: string;
  version: number;
  status: ContractStatus;
  document: SlaContract;
  proposedBy: { id: string; name: string } | null;
  createdAt: Date;
  activatedAt: Date | null;
  signatures: { member: { id: string; name: string }; side: TeamSide; signedAt: Date }[];
}

/**
 * Adds signatures to stored versions. Documents were validated when written;
 * one that fails now is a damaged row, a fault rather than the caller's mistake.
 */
export async function describeContracts(
  q: Queryable,
  rows: readonly ContractRow[],
): Promise<SlaContractVersion[]> {
  const signatures = await listContractSignatures(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const checked = validateContract(r.document);
    if (!checked.ok)
      throw new Error(
        `SLA contract version ${r.version} is invalid: ${checked.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      );
    return {
      id: r.id,
      version: r.version,
      status: r.status,
      document: checked.contract,
      proposedBy: r.proposedBy,
      createdAt: r.createdAt,
      activatedAt: r.activatedAt,
      signatures: (signatures.get(r.id) ?? []).map((s) => ({
        member: s.member,
        side: s.side,
        signedAt: s.signedAt,
      })),
    };
  });
}
