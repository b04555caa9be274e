import { AppError } from '../../core/app-error.js';
import { findAccountIdByDomain } from '../../store/accounts.js';
import type { Queryable } from '../../store/db.js';
import { findMemberById } from '../../store/members.js';

export interface AccountFields {
  domain?: string | undefined;
  name?: string | undefined;
  industry?: string | null | undefined;
  employees?: number | null | undefined;
  annualRevenue?: number | null | undefined;
  country?: string | null | undefined;
  ownerId?: string | null | undefined;
  properties?: Record<string, unknown> | undefined;
}

export async function checkDomainFree(
  q: Queryable,
  domain: string | undefined,
  accountId: string | null,
): Promise<void> {
  if (!domain) return;
  const existing = await findAccountIdByDomain(q, domain);
  if (existing && existing !== accountId) {
    throw new AppError('conflict', `Another account already has the domain ${domain}`, {
      fields: [{ field: 'domain', message: 'is already used by another account' }],
      extensions: { accountId: existing },
    });
  }
}

/** An owner that is no member would break the foreign key: a 500 instead of saying what is wrong. */
export async function checkOwnerExists(
  q: Queryable,
  ownerId: string | null | undefined,
): Promise<void> {
  if (!ownerId || (await findMemberById(q, ownerId))) return;
  throw new AppError('validation_failed', 'The owner must be a member', {
    fields: [{ field: 'ownerId', message: 'no member has this id' }],
  });
}
