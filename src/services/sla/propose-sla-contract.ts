import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { parseContract } from '../../core/sla/contract.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  findContractByVersion,
  insertProposedContract,
  lockOpenContracts,
} from '../../store/sla-contracts.js';
import { describeContracts, type SlaContractVersion } from './sla-contract-version.js';

/**
 * Records a whole SLA contract as a proposed version. Nothing changes for
 * anyone until a marketing member and a sales manager have both signed it
 * (sign-sla-contract.ts). Every problem of the document is reported at once,
 * named by its path under `document`, and nothing is written.
 */
export async function proposeSlaContract(input: {
  db: Db;
  actor: Actor;
  document: unknown;
}): Promise<SlaContractVersion> {
  const { actor } = input;
  authorize(actor, { action: 'sla.propose' });
  const contract = parseContract(input.document, 'document');
  return input.db.transaction(async (tx) => {
    // Version numbers are max + 1: proposals and signings take turns on the open versions.
    await lockOpenContracts(tx);
    const { id, version } = await insertProposedContract(tx, {
      document: contract,
      proposedBy: actor.kind === 'member' ? actor.id : null,
    });
    await insertAudit(tx, actor, {
      action: 'sla_contract.proposed',
      subjectType: 'sla_contract',
      subjectId: id,
      changes: { version },
    });
    const row = await findContractByVersion(tx, version);
    if (!row) throw new AppError('internal', `proposed SLA contract ${version} vanished`);
    return (await describeContracts(tx, [row]))[0]!;
  });
}
