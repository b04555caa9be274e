import { AppError } from '../../core/app-error.js';
import { findAccountIdByDomain } from '../../store/accounts.js';
import type { Queryable } from '../../store/db.js';

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
