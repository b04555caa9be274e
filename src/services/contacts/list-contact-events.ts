import { decodeCursor, toPage } from '../../core/cursor.js';
import type { ContactEvent, Page } from '../../core/entities.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { listContactEvents } from '../../store/events.js';
import { getContact } from './get-contact.js';

export async function listContactEventsPage(input: {
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
