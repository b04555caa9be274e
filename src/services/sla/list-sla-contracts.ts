import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Queryable } from '../../store/db.js';
import { listContracts } from '../../store/sla-contracts.js';
import { describeContracts, type SlaContractVersion } from './sla-contract-version.js';

/** Every version of the SLA contract, newest first, with its signatures: the history both teams read. */
export async function listSlaContracts(input: {
  db: Queryable;
  actor: Actor;
}): Promise<SlaContractVersion[]> {
  authorize(input.actor, { action: 'sla.read' });
  return describeContracts(input.db, await listContracts(input.db));
}
