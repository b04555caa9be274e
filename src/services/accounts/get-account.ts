import { AppError } from '../../core/app-error.js';
import { decodeCursor, toPage } from '../../core/cursor.js';
import type { Account, Page } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import {
  findAccount,
  findAccountIdByDomain,
  insertAccount,
  listAccounts as list,
  updateAccountColumns,
} from '../../store/accounts.js';
import { insertAudit } from '../../store/audit.js';
import type { Db, Queryable } from '../../store/db.js';

import { type AccountFields, checkDomainFree } from './account-fields.js';

export async function getAccount(input: {
  db: Db;
  actor: Actor;
  accountId: string;
}): Promise<Account> {
  authorize(input.actor, { action: 'account.read' });
  const account = await findAccount(input.db, input.accountId);
  if (!account) throw new AppError('not_found', 'No account with that id');
  return account;
}
