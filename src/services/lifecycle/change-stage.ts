import type { Contact } from '../../core/entities.js';
import type { TransitionRequest } from '../../core/lifecycle.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { moveStage, withLead } from './move-stage.js';

/**
 * Any move the definitions in force allow, with what its target requires (a
 * reason code, an amount, a complete framework). The named actions (accept,
 * reject, qualify, won, lost) are this with their target filled in.
 */
export async function changeStage(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  request: TransitionRequest;
}): Promise<Contact> {
  return withLead(input.db, input.contactId, async (lead) => {
    await moveStage(lead, input.actor, input.request);
  });
}
