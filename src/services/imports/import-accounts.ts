import { randomUUID } from 'node:crypto';
import type { ChunkOutcome } from '../../core/import/import-report.js';
import { planAccountUpserts } from '../../core/import/plan-upserts.js';
import type { AccountRecord } from '../../core/import/records.js';
import type { Actor } from '../../core/roles.js';
import {
  type ImportedAccount,
  insertImportedAccounts,
  loadAccountLookup,
  updateImportedAccounts,
} from '../../store/account-imports.js';
import type { Queryable } from '../../store/db.js';

/**
 * Upserts one chunk of account rows inside the caller's transaction: by
 * domain, else by group id (the id tracking group calls carry), creating
 * the accounts not found and updating the others where a value differs.
 */
export async function importAccounts(
  tx: Queryable,
  input: { actor: Actor; records: readonly AccountRecord[] },
): Promise<ChunkOutcome<AccountRecord>> {
  const { records } = input;
  const lookup = await loadAccountLookup(tx, {
    domains: [...new Set(records.flatMap((r) => (r.domain ? [r.domain] : [])))],
    groupIds: [...new Set(records.flatMap((r) => (r.groupId ? [r.groupId] : [])))],
    owners: records.flatMap((r) => (r.owner ? [r.owner] : [])),
  });
  const plan = planAccountUpserts(records, lookup, input.actor, randomUUID);
  const toRow = (w: (typeof plan.writes)[number]): ImportedAccount => ({
    id: w.accountId,
    domain: w.record.domain,
    groupId: w.record.groupId,
    name: w.record.name,
    industry: w.record.industry,
    employees: w.record.employees,
    annualRevenue: w.record.annualRevenue,
    country: w.record.country,
    ownerId: w.ownerId,
    properties: w.record.properties,
  });
  const created = plan.writes.filter((w) => w.isNew);
  const existing = plan.writes.filter((w) => !w.isNew);
  await insertImportedAccounts(tx, created.map(toRow));
  const changed = await updateImportedAccounts(tx, existing.map(toRow));
  const updated = existing.filter((w) => changed.has(w.accountId)).length;
  return {
    created: created.length,
    updated,
    unchanged: existing.length - updated,
    failed: plan.failed,
    deferred: plan.deferred,
  };
}
