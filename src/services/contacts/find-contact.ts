import { AppError } from '../../core/app-error.js';
import type { Contact } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { findContact, findContactIdByEmail } from '../../store/contacts.js';
import type { Db } from '../../store/db.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A contact named the way people name one on a command line: its id or its email. */
export async function findContactByIdOrEmail(input: {
  db: Db;
  actor: Actor;
  key: string;
}): Promise<Contact> {
  authorize(input.actor, { action: 'contact.read' });
  const id = uuid.test(input.key) ? input.key : await findContactIdByEmail(input.db, input.key);
  const contact = id === null ? null : await findContact(input.db, id);
  if (!contact) throw new AppError('not_found', `No contact ${input.key}`);
  return contact;
}
