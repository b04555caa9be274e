import type { StageTransition } from '../../core/entities.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { listTransitions } from '../../store/transitions.js';
import { getContact } from './get-contact.js';

export async function listContactTransitions(input: {
  db: Db;
  actor: Actor;
  contactId: string;
}): Promise<StageTransition[]> {
  await getContact(input);
  return listTransitions(input.db, input.contactId);
}
