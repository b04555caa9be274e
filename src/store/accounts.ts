import type { CursorKey } from '../core/cursor.js';
import type { Account } from '../core/entities.js';
import type { Queryable } from './db.js';
import { insertRow, updateRow } from './row-writer.js';

interface AccountRow {
  id: string;
  domain: string | null;
  group_id: string | null;
  name: string;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  country: string | null;
  owner_id: string | null;
  properties: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    domain: r.domain,
    groupId: r.group_id,
    name: r.name,
    industry: r.industry,
    employees: r.employees,
    annualRevenue: r.annual_revenue,
    country: r.country,
    ownerId: r.owner_id,
    properties: r.properties,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const accountColumns = {
  domain: 'domain',
  name: 'name',
  industry: 'industry',
  employees: 'employees',
  annualRevenue: 'annual_revenue',
  country: 'country',
  ownerId: 'owner_id',
  properties: 'properties',
  createdAt: 'created_at',
} as const;

export type AccountValues = Partial<Record<keyof typeof accountColumns, unknown>> & { id?: string };

const jsonColumns = new Set(['properties']);

export async function findAccount(q: Queryable, id: string): Promise<Account | null> {
  const { rows } = await q.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function findAccountIdByDomain(q: Queryable, domain: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM accounts WHERE lower(domain) = lower($1)',
    [domain],
  );
  return rows[0]?.id ?? null;
}

export async function listAccounts(
  q: Queryable,
  f: { text?: string | undefined; after?: CursorKey | undefined; limit: number },
): Promise<Account[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.text) {
    params.push(`%${f.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(name ILIKE $${params.length} OR domain ILIKE $${params.length})`);
  }
  if (f.after) {
    params.push(f.after.at, f.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(f.limit + 1);
  const { rows } = await q.query<AccountRow>(
    `SELECT * FROM accounts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toAccount);
}

export async function insertAccount(q: Queryable, values: AccountValues): Promise<string> {
  return insertRow(q, 'accounts', accountColumns, values, jsonColumns);
}

export async function updateAccountColumns(
  q: Queryable,
  id: string,
  values: AccountValues,
): Promise<void> {
  await updateRow(q, 'accounts', accountColumns, id, values, jsonColumns);
}

/**
 * Finds or creates the account for each group (by group id, then by domain),
 * records the group id on an account first known by domain, and fills in
 * firmographics the group call brings. Returns group id → account id.
 */
export async function upsertGroupAccounts(
  q: Queryable,
  groups: readonly {
    groupId: string;
    domain: string | null;
    name: string;
    industry: string | null;
    employees: number | null;
    country: string | null;
  }[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const g of groups) {
    const { rows } = await q.query<{ id: string }>(
      `SELECT id FROM accounts WHERE group_id = $1
       UNION ALL SELECT id FROM accounts WHERE $2::text IS NOT NULL AND lower(domain) = $2 AND (group_id IS NULL OR group_id = $1)
       LIMIT 1`,
      [g.groupId, g.domain],
    );
    let id = rows[0]?.id;
    if (id) {
      await q.query(
        `UPDATE accounts SET group_id = coalesce(group_id, $2), domain = coalesce(domain, $3), name = $4,
           industry = coalesce($5, industry), employees = coalesce($6, employees), country = coalesce($7, country), updated_at = now()
         WHERE id = $1`,
        [id, g.groupId, g.domain, g.name, g.industry, g.employees, g.country],
      );
    } else {
      const domainTaken = g.domain ? await findAccountIdByDomain(q, g.domain) : null;
      id = await insertRow(
        q,
        'accounts',
        { ...accountColumns, groupId: 'group_id' },
        {
          groupId: g.groupId,
          // A domain already held by an account of another group stays with that account.
          domain: domainTaken ? null : g.domain,
          name: g.name,
          industry: g.industry,
          employees: g.employees,
          country: g.country,
        },
      );
    }
    ids.set(g.groupId, id);
  }
  return ids;
}

export async function linkContactsToAccounts(
  q: Queryable,
  links: readonly { contactId: string; accountId: string }[],
): Promise<void> {
  if (links.length === 0) return;
  await q.query(
    `UPDATE contacts c SET account_id = l.account_id, updated_at = now()
     FROM unnest($1::uuid[], $2::uuid[]) AS l(contact_id, account_id)
     WHERE c.id = l.contact_id AND c.account_id IS DISTINCT FROM l.account_id`,
    [links.map((l) => l.contactId), links.map((l) => l.accountId)],
  );
}
