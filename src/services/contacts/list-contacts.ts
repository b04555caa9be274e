import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Contact, Page } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { listContacts as list } from '../../store/contacts.js';
import type { Db } from '../../store/db.js';

export async function listContacts(input: {
  db: Db;
  actor: Actor;
  text?: string | undefined;
  stage?: string | undefined;
  /** A member id, 'none' for unowned contacts, or undefined for all. */
  owner?: string | undefined;
  accountId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<Contact>> {
  authorize(input.actor, { action: 'contact.read' });
  const rows = await list(input.db, {
    text: input.text,
    stage: input.stage,
    ownerId: input.owner === 'none' ? null : input.owner,
    accountId: input.accountId,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit,
  });
  return toPage(rows, input.limit, (c) => ({ at: c.createdAt, id: c.id }));
}
