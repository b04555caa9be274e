import { AppError } from '../../core/app-error.js';
import { can } from '../../core/policy.js';
import { type Actor, sideOfRole, type TeamSide } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import {
  activateContract,
  findContractByVersion,
  insertContractSignature,
  listContractSignatures,
  lockOpenContracts,
} from '../../store/sla-contracts.js';
import { describeContracts, type SlaContractVersion } from './sla-contract-version.js';

export interface SignedSlaContract {
  contract: SlaContractVersion;
  /** This signature put the version in force. */
  tookEffect: boolean;
}

/** Who signs, and for which side: their own, or, for an admin, the one they name. */
function signerOf(
  actor: Actor,
  requested: TeamSide | undefined,
): { memberId: string; side: TeamSide } {
  // Not even an admin-scoped key, nor the system: a signature names the person who agreed.
  if (actor.kind === 'api_key')
    throw new AppError('forbidden', 'An API key cannot sign: a signature speaks for a member');
  if (actor.kind !== 'member')
    throw new AppError('forbidden', 'Only a member can sign the SLA contract');
  const own = sideOfRole(actor.role);
  if (own === 'both' && requested === undefined)
    throw new AppError('validation_failed', 'An admin must say which side they sign for', {
      fields: [{ field: 'side', message: 'is required for an admin: marketing or sales' }],
    });
  const side = requested ?? (own === 'both' ? 'sales' : own);
  if (!can(actor, { action: 'sla.sign', side }))
    throw new AppError(
      'forbidden',
      side === 'sales' && actor.role === 'sales_rep'
        ? 'A sales rep may not sign the SLA contract: the sales manager co-signs for sales'
        : `A ${actor.role.replace('_', ' ')} signs for ${own}, not for ${side}`,
    );
  return { memberId: actor.id, side };
}

/**
 * A member signs a proposed SLA contract version for their side. The version
 * takes effect the moment it holds a marketing and a sales signature (one
 * signature per member, so two different members): the version in force is
 * superseded and the other open proposals are withdrawn. Clocks already
 * running keep the version they started under; new assignments use this one.
 */
export async function signSlaContract(input: {
  db: Db;
  actor: Actor;
  version: number;
  side?: TeamSide | undefined;
}): Promise<SignedSlaContract> {
  const { actor } = input;
  const { memberId, side } = signerOf(actor, input.side);
  return input.db.transaction(async (tx) => {
    await lockOpenContracts(tx);
    const target = await findContractByVersion(tx, input.version);
    if (!target) throw new AppError('not_found', `No SLA contract version ${input.version}`);
    if (target.status !== 'proposed') {
      const why = {
        active: 'is already in force',
        superseded: 'was in force and has been superseded',
        withdrawn: 'was withdrawn when another version took effect; propose it again',
      }[target.status];
      throw new AppError('conflict', `SLA contract version ${target.version} ${why}`);
    }
    const signatures = (await listContractSignatures(tx, [target.id])).get(target.id) ?? [];
    const mine = signatures.find((s) => s.member.id === memberId);
    if (mine)
      throw new AppError(
        'conflict',
        `You already signed version ${target.version} (for ${mine.side}); the other signature must come from another member`,
      );
    await insertContractSignature(tx, { contractId: target.id, memberId, side });
    await insertAudit(tx, actor, {
      action: 'sla_contract.signed',
      subjectType: 'sla_contract',
      subjectId: target.id,
      changes: { version: target.version, side },
    });
    const sides = new Set([...signatures.map((s) => s.side), side]);
    const tookEffect = sides.has('marketing') && sides.has('sales');
    if (tookEffect) {
      const { superseded, withdrawn } = await activateContract(tx, target.id);
      await insertAudit(tx, actor, {
        action: 'sla_contract.activated',
        subjectType: 'sla_contract',
        subjectId: target.id,
        changes: { version: target.version, superseded, withdrawn },
      });
    }
    const row = await findContractByVersion(tx, target.version);
    return { contract: (await describeContracts(tx, [row!]))[0]!, tookEffect };
  });
}
