import { AppError } from '../../core/app-error.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Contact, ContactEvent, Page, StageTransition } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { findContact } from '../../store/contacts.js';
import type { Db } from '../../store/db.js';
import { listContactEvents } from '../../store/events.js';
import { listTransitions } from '../../store/transitions.js';

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

export async function getContactEvents(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<ContactEvent>> {
  await getContact(input);
  const rows = await listContactEvents(input.db, input.contactId, {
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit,
  });
  return toPage(rows, input.limit, (e) => ({ at: e.occurredAt, id: e.id }));
}

export async function getContactTransitions(input: {
  db: Db;
  actor: Actor;
  contactId: string;
}): Promise<StageTransition[]> {
  await getContact(input);
  return listTransitions(input.db, input.contactId);
}
