import { AppError } from '../../core/app-error.js';
import type { Contact } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { findContact } from '../../store/contacts.js';
import type { Db } from '../../store/db.js';

export async function getContact(input: {
  db: Db;
  actor: Actor;
  contactId: string;
}): Promise<Contact> {
  authorize(input.actor, { action: 'contact.read' });
  const contact = await findContact(input.db, input.contactId);
  if (!contact) throw new AppError('not_found', 'No contact with that id');
  return contact;
}
