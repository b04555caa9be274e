import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Account, Page } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { listAccounts as list } from '../../store/accounts.js';
import type { Db } from '../../store/db.js';

export async function listAccounts(input: {
  db: Db;
  actor: Actor;
  text?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<Account>> {
  authorize(input.actor, { action: 'account.read' });
  const rows = await list(input.db, {
    text: input.text,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit,
  });
  return toPage(rows, input.limit, (a) => ({ at: a.createdAt, id: a.id }));
}
