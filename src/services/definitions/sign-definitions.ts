import { AppError } from '../../core/app-error.js';
import { type CoSignedDocument, coSign, signerOf } from '../../core/co-signing.js';
import { personasMatchAlike } from '../../core/definitions-document.js';
import type { Actor, TeamSide } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db, Tx } from '../../store/db.js';
import { insertSignature, listSignatures } from '../../store/definition-signatures.js';
import { activateVersion, lockOpenVersions } from '../../store/definition-versions.js';
import { insertRematch, stopRunningRematches } from '../../store/personas.js';
import { findStageVersion } from '../../store/stages.js';
import { type DefinitionsVersion, describeVersions } from './definitions-version.js';

const definitionsDocument: CoSignedDocument = { action: 'definitions.sign', name: 'definitions' };

export interface SignedDefinitions {
  version: DefinitionsVersion;
  /** This signature put the version in force. */
  tookEffect: boolean;
  /** Contacts must be matched to personas again (run it with rematchPersonas after commit). */
  rematch: boolean;
}

/**
 * A member signs a proposed version for their side. The version takes effect
 * the moment it holds a marketing and a sales signature (one signature per
 * member, so two different members): the version in force is superseded and
 * so are other open proposals. When the new personas would match contacts
 * differently, a re-match run is opened for the caller to start after commit.
 */
export async function signDefinitions(input: {
  db: Db;
  actor: Actor;
  versionId: string;
  side?: TeamSide;
  note?: string | null;
}): Promise<SignedDefinitions> {
  const { actor } = input;
  const signer = signerOf(definitionsDocument, actor, input.side);
  const { memberId, side } = signer;
  return input.db.transaction(async (tx) => {
    const open = await lockOpenVersions(tx);
    const target = await findStageVersion(tx, input.versionId);
    if (!target) throw new AppError('not_found', `No definitions version ${input.versionId}`);
    if (target.status !== 'proposed') {
      const why =
        target.status === 'active'
          ? 'is already in force'
          : target.activatedAt
            ? 'was in force and has been superseded'
            : 'was superseded before it took effect; propose it again';
      throw new AppError('conflict', `Version ${target.version} ${why}`);
    }
    const signatures = (await listSignatures(tx, [target.id])).get(target.id) ?? [];
    const outcome = coSign(signatures, signer);
    if (outcome.kind === 'already_signed')
      throw new AppError(
        'conflict',
        `You already signed version ${target.version} (for ${outcome.side}); a second signature must come from another member`,
      );
    await insertSignature(tx, {
      versionId: target.id,
      memberId,
      side,
      note: input.note ?? null,
    });
    await insertAudit(tx, actor, {
      action: 'definitions.signed',
      subjectType: 'stage_definition_version',
      subjectId: target.id,
      changes: { version: target.version, side, note: input.note ?? null },
    });
    const tookEffect = outcome.takesEffect;
    const rematch = tookEffect && (await putInForce(tx, actor, target.id, open));
    const version = await findStageVersion(tx, target.id);
    return { version: (await describeVersions(tx, [version!]))[0]!, tookEffect, rematch };
  });
}

async function putInForce(
  tx: Tx,
  actor: Actor,
  id: string,
  open: readonly { id: string; status: string }[],
): Promise<boolean> {
  const previousId = open.find((v) => v.status === 'active')?.id ?? null;
  const previous = previousId ? await findStageVersion(tx, previousId) : null;
  const next = (await findStageVersion(tx, id))!;
  const { superseded } = await activateVersion(tx, id);
  // An unfinished run of the previous version leaves contacts it had not reached yet.
  const unfinished = await stopRunningRematches(tx);
  const rematch =
    unfinished || previous === null || !personasMatchAlike(previous.personas, next.personas);
  if (rematch) await insertRematch(tx, id);
  await insertAudit(tx, actor, {
    action: 'definitions.activated',
    subjectType: 'stage_definition_version',
    subjectId: id,
    changes: {
      version: next.version,
      previous: previous?.version ?? null,
      superseded,
      personasRematched: rematch,
    },
  });
  return rematch;
}
