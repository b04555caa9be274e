import { AppError } from './app-error.js';
import { can } from './policy.js';
import { type Actor, sideOfRole, type TeamSide } from './roles.js';

/*
 * A document the two sides agree on (the stage definitions, the SLA contract)
 * takes effect once a marketing and a sales signature from two different
 * members are on it. The rule is one; each document keeps its own versions,
 * signatures and audit trail.
 */

/** The document being signed: its policy action, and how messages name it. */
export interface CoSignedDocument {
  action: 'definitions.sign' | 'sla.sign';
  /** e.g. 'the SLA contract', as in "Only a member can sign the SLA contract". */
  name: string;
}

export interface Signer {
  memberId: string;
  side: TeamSide;
}

/** Who signs, and for which side: their own, or, for an admin, the one they name. */
export function signerOf(
  document: CoSignedDocument,
  actor: Actor,
  requested: TeamSide | undefined,
): Signer {
  // Not even an admin-scoped key, nor the system: a signature names the person who agreed.
  if (actor.kind === 'api_key')
    throw new AppError('forbidden', 'An API key cannot sign: a signature speaks for a member');
  if (actor.kind !== 'member')
    throw new AppError('forbidden', `Only a member can sign ${document.name}`);
  const own = sideOfRole(actor.role);
  if (own === 'both' && requested === undefined)
    throw new AppError('validation_failed', 'An admin must say which side they sign for', {
      fields: [{ field: 'side', message: 'is required for an admin: marketing or sales' }],
    });
  const side = requested ?? (own === 'both' ? 'sales' : own);
  if (!can(actor, { action: document.action, side }))
    throw new AppError(
      'forbidden',
      side === 'sales' && actor.role === 'sales_rep'
        ? `A sales rep may not sign ${document.name}: the sales manager co-signs for sales`
        : `A ${actor.role.replace('_', ' ')} signs for ${own}, not for ${side}`,
    );
  return { memberId: actor.id, side };
}

export type CoSignOutcome =
  /** This member's signature is already on it, for `side`: the other must come from someone else. */
  | { kind: 'already_signed'; side: TeamSide }
  /** The signature counts; `takesEffect` when it completes the pair of sides. */
  | { kind: 'signed'; takesEffect: boolean };

/** What one more signature does to a proposed version holding `signatures`. */
export function coSign(
  signatures: readonly { member: { id: string }; side: TeamSide }[],
  signer: Signer,
): CoSignOutcome {
  const mine = signatures.find((s) => s.member.id === signer.memberId);
  if (mine) return { kind: 'already_signed', side: mine.side };
  const sides = new Set([...signatures.map((s) => s.side), signer.side]);
  return { kind: 'signed', takesEffect: sides.has('marketing') && sides.has('sales') };
}
