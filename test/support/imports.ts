import fs from 'node:fs';
import type { Db } from '../../src/store/db.js';
import { insertMember } from '../../src/store/members.js';
import { tableCounts } from './test-app.js';

/** A file of test/fixtures/import/ as text. */
export function importFixture(name: string): string {
  return fs.readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
}

/** The members the import fixtures name as owners; returns the marketer's id. */
export async function addImportMembers(db: Db): Promise<string> {
  const add = (email: string, name: string, role: 'marketing' | 'sales_manager' | 'sales_rep') =>
    insertMember(db, { email, name, role, teamId: null, timeZone: 'UTC', passwordHash: null });
  const marketerId = await add('marketer@example.test', 'Marketer', 'marketing');
  await add('manager@example.test', 'Manager', 'sales_manager');
  await add('rep@example.test', 'Rep', 'sales_rep');
  return marketerId;
}

export type ImportCounts = Record<string, number> & {
  contacts: number;
  audit_log: number;
  imports: number;
  identities: number;
};

/** tableCounts plus import runs and identities: equal before and after means an import wrote nothing. */
export async function importCounts(db: Db): Promise<ImportCounts> {
  const base = await tableCounts(db);
  const { rows } = await db.query<{ n: number; identities: number }>(
    `SELECT (SELECT count(*)::int FROM imports) AS n, (SELECT count(*)::int FROM contact_identities) AS identities`,
  );
  return {
    ...base,
    contacts: base.contacts!,
    audit_log: base.audit_log!,
    imports: rows[0]!.n,
    identities: rows[0]!.identities,
  };
}
