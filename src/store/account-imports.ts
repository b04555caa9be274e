import type { AccountLookup, KnownRecord } from '../core/import/plan-upserts.js';
import { loadMemberLookup } from './contact-imports.js';
import type { Queryable } from './db.js';

/** Set-based reads and writes of an accounts import chunk. */
export async function loadAccountLookup(
  q: Queryable,
  keys: { domains: string[]; groupIds: string[]; owners: string[] },
): Promise<AccountLookup> {
  const byDomain = new Map<string, KnownRecord>();
  const byGroupId = new Map<string, KnownRecord>();
  const { rows } = await q.query<{
    how: 'domain' | 'group';
    key: string;
    id: string;
    owner_id: string | null;
  }>(
    `SELECT 'domain' AS how, lower(domain) AS key, id, owner_id FROM accounts WHERE lower(domain) = ANY($1::text[])
     UNION ALL
     SELECT 'group', group_id, id, owner_id FROM accounts WHERE group_id = ANY($2::text[])`,
    [keys.domains, keys.groupIds],
  );
  for (const r of rows)
    (r.how === 'domain' ? byDomain : byGroupId).set(r.key, { id: r.id, ownerId: r.owner_id });
  return { byDomain, byGroupId, members: await loadMemberLookup(q, keys.owners) };
}

export interface ImportedAccount {
  id: string;
  domain: string | null;
  groupId: string | null;
  name: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  ownerId: string | null;
  properties: Record<string, unknown>;
}

function columns(rows: readonly ImportedAccount[]): unknown[] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.domain),
    rows.map((r) => r.groupId),
    rows.map((r) => r.name),
    rows.map((r) => r.industry),
    rows.map((r) => r.employees),
    rows.map((r) => r.annualRevenue),
    rows.map((r) => r.country),
    rows.map((r) => r.ownerId),
    rows.map((r) => JSON.stringify(r.properties)),
  ];
}

const unnestAccounts = `unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::numeric[], $8::text[], $9::uuid[], $10::jsonb[])
  AS p(id, domain, group_id, name, industry, employees, annual_revenue, country, owner_id, properties)`;

/** New accounts; a row without a name is named after its domain or group id. */
export async function insertImportedAccounts(
  q: Queryable,
  rows: readonly ImportedAccount[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO accounts (id, domain, group_id, name, industry, employees, annual_revenue, country, owner_id, properties)
     SELECT p.id, p.domain, p.group_id, coalesce(p.name, p.domain, p.group_id), p.industry, p.employees,
            p.annual_revenue, p.country, p.owner_id, p.properties
     FROM ${unnestAccounts}`,
    columns(rows),
  );
}

/**
 * Given values replace stored ones (a null keeps the stored value), a
 * domain or group id is only filled in where the account has none, properties
 * merge. Returns the ids of the accounts that changed.
 */
export async function updateImportedAccounts(
  q: Queryable,
  rows: readonly ImportedAccount[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const differs = (column: string) =>
    `(p.${column} IS NOT NULL AND a.${column} IS DISTINCT FROM p.${column})`;
  const fills = (column: string) => `(a.${column} IS NULL AND p.${column} IS NOT NULL)`;
  const { rows: changed } = await q.query<{ id: string }>(
    `UPDATE accounts a SET
       domain = coalesce(a.domain, p.domain),
       group_id = coalesce(a.group_id, p.group_id),
       name = coalesce(p.name, a.name),
       industry = coalesce(p.industry, a.industry),
       employees = coalesce(p.employees, a.employees),
       annual_revenue = coalesce(p.annual_revenue, a.annual_revenue),
       country = coalesce(p.country, a.country),
       owner_id = coalesce(p.owner_id, a.owner_id),
       properties = a.properties || p.properties,
       updated_at = now()
     FROM ${unnestAccounts}
     WHERE a.id = p.id AND (${fills('domain')} OR ${fills('group_id')} OR ${[
       'name',
       'industry',
       'employees',
       'annual_revenue',
       'country',
       'owner_id',
     ]
       .map(differs)
       .join(' OR ')} OR a.properties || p.properties <> a.properties)
     RETURNING a.id`,
    columns(rows),
  );
  return new Set(changed.map((r) => r.id));
}
