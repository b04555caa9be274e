import { AppError } from '../../core/app-error.js';
import type { Actor } from '../../core/roles.js';

/** In-app notifications belong to a person: an API key or the system has none. */
export function myMemberId(actor: Actor): string {
  if (actor.kind !== 'member')
    throw new AppError(
      'forbidden',
      'Only a signed-in member has notifications; an API key has none to read',
    );
  return actor.id;
}
