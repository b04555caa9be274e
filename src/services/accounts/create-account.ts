import type { Account } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { findAccount, insertAccount } from '../../store/accounts.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';

import { type AccountFields, checkDomainFree, checkOwnerExists } from './account-fields.js';

export async function createAccount(input: {
  db: Db;
  actor: Actor;
  fields: AccountFields & { domain: string; name: string };
}): Promise<Account> {
  authorize(input.actor, { action: 'account.write' });
  const fields = { ...input.fields, domain: input.fields.domain.toLowerCase() };
  return input.db.transaction(async (tx) => {
    await checkDomainFree(tx, fields.domain, null);
    await checkOwnerExists(tx, fields.ownerId);
    const id = await insertAccount(tx, fields);
    await insertAudit(tx, input.actor, {
      action: 'account.created',
      subjectType: 'account',
      subjectId: id,
      changes: fields,
    });
    return (await findAccount(tx, id))!;
  });
}
