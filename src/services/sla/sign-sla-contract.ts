import { AppError } from '../../core/app-error.js';
import { type CoSignedDocument, coSign, signerOf } from '../../core/co-signing.js';
import type { Actor, TeamSide } from '../../core/roles.js';
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

const contractDocument: CoSignedDocument = { action: 'sla.sign', name: 'the SLA contract' };

export interface SignedSlaContract {
  contract: SlaContractVersion;
  /** This signature put the version in force. */
  tookEffect: boolean;
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
  const signer = signerOf(contractDocument, actor, input.side);
  const { memberId, side } = signer;
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
    const outcome = coSign(signatures, signer);
    if (outcome.kind === 'already_signed')
      throw new AppError(
        'conflict',
        `You already signed version ${target.version} (for ${outcome.side}); the other signature must come from another member`,
      );
    await insertContractSignature(tx, { contractId: target.id, memberId, side });
    await insertAudit(tx, actor, {
      action: 'sla_contract.signed',
      subjectType: 'sla_contract',
      subjectId: target.id,
      changes: { version: target.version, side },
    });
    const tookEffect = outcome.takesEffect;
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
