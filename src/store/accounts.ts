import type { CursorKey } from '../core/cursor.js';
import type { Account } from '../core/entities.js';
import type { Queryable } from './db.js';

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

function sqlValue(key: string, value: unknown): unknown {
  return key === 'properties' ? JSON.stringify(value ?? {}) : value;
}

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
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  const cols = entries.map(([k]) =>
    k === 'id' ? 'id' : accountColumns[k as keyof typeof accountColumns],
  );
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO accounts (${cols.join(', ')}) VALUES (${entries.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    entries.map(([k, v]) => sqlValue(k, v)),
  );
  return rows[0]!.id;
}

export async function updateAccountColumns(
  q: Queryable,
  id: string,
  values: AccountValues,
): Promise<void> {
  const entries = Object.entries(values).filter(
    ([k, v]) => v !== undefined && k !== 'id' && k !== 'createdAt',
  );
  if (entries.length === 0) return;
  const sets = entries.map(
    ([k], i) => `${accountColumns[k as keyof typeof accountColumns]} = $${i + 2}`,
  );
  await q.query(`UPDATE accounts SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
    id,
    ...entries.map(([k, v]) => sqlValue(k, v)),
  ]);
}
