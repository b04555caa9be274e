import { AppError } from '../../core/app-error.js';
import type { Account } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { findAccount, updateAccountColumns } from '../../store/accounts.js';
import { insertAudit } from '../../store/audit.js';
import { contactIdsOfAccount } from '../../store/contact-scores.js';
import type { Db } from '../../store/db.js';
import { scoreContacts } from '../scoring/score-contacts.js';

import { type AccountFields, checkDomainFree, checkOwnerExists } from './account-fields.js';

export async function updateAccount(input: {
  db: Db;
  actor: Actor;
  accountId: string;
  fields: AccountFields;
}): Promise<Account> {
  authorize(input.actor, { action: 'account.write' });
  const fields = { ...input.fields, domain: input.fields.domain?.toLowerCase() };
  return input.db.transaction(async (tx) => {
    if (!(await findAccount(tx, input.accountId)))
      throw new AppError('not_found', 'No account with that id');
    await checkDomainFree(tx, fields.domain, input.accountId);
    await checkOwnerExists(tx, fields.ownerId);
    await updateAccountColumns(tx, input.accountId, fields);
    await scoreContacts(tx, {
      lock: input.db.kind === 'postgres',
      now: new Date(),
      profile: await contactIdsOfAccount(tx, input.accountId),
    });
    await insertAudit(tx, input.actor, {
      action: 'account.updated',
      subjectType: 'account',
      subjectId: input.accountId,
      changes: fields,
    });
    return (await findAccount(tx, input.accountId))!;
  });
}
