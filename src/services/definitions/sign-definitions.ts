import { AppError } from '../../core/app-error.js';
import { personasMatchAlike } from '../../core/definitions-document.js';
import { can } from '../../core/policy.js';
import { type Actor, sideOfRole, type TeamSide } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db, Tx } from '../../store/db.js';
import { insertSignature, listSignatures } from '../../store/definition-signatures.js';
import { activateVersion, lockOpenVersions } from '../../store/definition-versions.js';
import { insertRematch, stopRunningRematches } from '../../store/personas.js';
import { findStageVersion } from '../../store/stages.js';
import { type DefinitionsVersion, describeVersions } from './definitions-version.js';

export interface SignedDefinitions {
  version: DefinitionsVersion;
  /** This signature put the version in force. */
  tookEffect: boolean;
  /** Contacts must be matched to personas again (run it with rematchPersonas after commit). */
  rematch: boolean;
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
    throw new AppError('forbidden', 'Only a member can sign definitions');
  const own = sideOfRole(actor.role);
  if (own === 'both' && requested === undefined)
    throw new AppError('validation_failed', 'An admin must say which side they sign for', {
      fields: [{ field: 'side', message: 'is required for an admin: marketing or sales' }],
    });
  const side = requested ?? (own === 'both' ? 'sales' : own);
  if (!can(actor, { action: 'definitions.sign', side }))
    throw new AppError(
      'forbidden',
      `A ${actor.role.replace('_', ' ')} signs for ${own}, not for ${side}`,
    );
  return { memberId: actor.id, side };
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
  const { memberId, side } = signerOf(actor, input.side);
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
    const mine = signatures.find((s) => s.member.id === memberId);
    if (mine)
      throw new AppError(
        'conflict',
        `You already signed version ${target.version} (for ${mine.side}); a second signature must come from another member`,
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
    const sides = new Set([...signatures.map((s) => s.side), side]);
    let tookEffect = false;
    let rematch = false;
    if (sides.has('marketing') && sides.has('sales')) {
      tookEffect = true;
      rematch = await putInForce(tx, actor, target.id, open);
    }
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
