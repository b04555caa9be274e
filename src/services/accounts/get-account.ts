import { AppError } from '../../core/app-error.js';
import type { Account } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { findAccount } from '../../store/accounts.js';
import type { Db } from '../../store/db.js';

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
