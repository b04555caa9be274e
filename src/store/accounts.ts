import type { CursorKey } from '../core/cursor.js';
import type { Account } from '../core/entities.js';
import type { Queryable } from './db.js';
import { insertRow, updateRow } from './row-writer.js';

interface AccountRow {
  id: string;
  domain: string;
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
