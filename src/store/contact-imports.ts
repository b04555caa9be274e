import type { ContactLookup, KnownRecord, MemberLookup } from '../core/import/plan-upserts.js';
import type { Queryable } from './db.js';

/**
 * Set-based reads and writes of a contacts import chunk: one statement per
 * step for the whole chunk, never one per row.
 */
export async function loadMemberLookup(q: Queryable, refs: string[]): Promise<MemberLookup> {
  const lookup: MemberLookup = { byEmail: new Map(), byName: new Map() };
  if (refs.length === 0) return lookup;
  const { rows } = await q.query<{ id: string; email: string; name: string; active: boolean }>(
    `SELECT id, lower(email) AS email, lower(name) AS name, active FROM members
     WHERE lower(email) = ANY($1::text[]) OR lower(name) = ANY($1::text[])`,
    [[...new Set(refs.map((r) => r.trim().toLowerCase()))]],
  );
  for (const r of rows) {
    lookup.byEmail.set(r.email, { id: r.id, active: r.active });
    lookup.byName.set(r.name, [
      ...(lookup.byName.get(r.name) ?? []),
      { id: r.id, active: r.active },
    ]);
  }
  return lookup;
}

export async function loadContactLookup(
  q: Queryable,
  keys: { emails: string[]; userIds: string[]; ids: string[]; owners: string[] },
): Promise<ContactLookup> {
  const byEmail = new Map<string, KnownRecord>();
  const byUserId = new Map<string, KnownRecord>();
  const byId = new Map<string, KnownRecord>();
  const { rows } = await q.query<{
    how: 'email' | 'user' | 'id';
    key: string;
    id: string;
    owner_id: string | null;
  }>(
    `SELECT 'email' AS how, lower(email) AS key, id, owner_id FROM contacts WHERE lower(email) = ANY($1::text[])
     UNION ALL
     SELECT 'user', ci.value, c.id, c.owner_id FROM contact_identities ci JOIN contacts c ON c.id = ci.contact_id
       WHERE ci.kind = 'user_id' AND ci.value = ANY($2::text[])
     UNION ALL
     SELECT 'id', id::text, id, owner_id FROM contacts WHERE id = ANY($3::uuid[])`,
    [keys.emails, keys.userIds, keys.ids],
  );
  const maps = { email: byEmail, user: byUserId, id: byId };
  for (const r of rows) maps[r.how].set(r.key, { id: r.id, ownerId: r.owner_id });
  return { byEmail, byUserId, byId, members: await loadMemberLookup(q, keys.owners) };
}

/**
 * Finds or creates the accounts contacts point at: by domain, or — for a
 * company given only by name — by name (any case; the oldest when several
 * share it). Returns the ids by lower-cased domain and by lower-cased name,
 * and how many accounts were created.
 */
export async function ensureAccounts(
  q: Queryable,
  wanted: readonly { domain: string | null; name: string | null }[],
): Promise<{ byDomain: Map<string, string>; byName: Map<string, string>; created: number }> {
  const byDomain = new Map<string, string>();
  const byName = new Map<string, string>();
  let created = 0;
  const domains = new Map<string, string>();
  const names = new Map<string, string>();
  for (const w of wanted) {
    if (w.domain) {
      if (!domains.has(w.domain)) domains.set(w.domain, w.name ?? w.domain);
    } else if (w.name && !names.has(w.name.toLowerCase())) names.set(w.name.toLowerCase(), w.name);
  }
  if (domains.size > 0) {
    const inserted = await q.query(
      `INSERT INTO accounts (domain, name)
       SELECT d, n FROM unnest($1::text[], $2::text[]) AS t(d, n)
       ON CONFLICT ((lower(domain))) DO NOTHING RETURNING id`,
      [[...domains.keys()], [...domains.values()]],
    );
    created += inserted.rowCount;
    const { rows } = await q.query<{ id: string; domain: string }>(
      'SELECT id, lower(domain) AS domain FROM accounts WHERE lower(domain) = ANY($1::text[])',
      [[...domains.keys()]],
    );
    for (const r of rows) byDomain.set(r.domain, r.id);
  }
  if (names.size > 0) {
    const { rows } = await q.query<{ id: string; name: string }>(
      `SELECT DISTINCT ON (lower(name)) id, lower(name) AS name FROM accounts
       WHERE lower(name) = ANY($1::text[]) ORDER BY lower(name), created_at, id`,
      [[...names.keys()]],
    );
    for (const r of rows) byName.set(r.name, r.id);
    const missing = [...names.entries()].filter(([key]) => !byName.has(key));
    if (missing.length > 0) {
      const inserted = await q.query<{ id: string; name: string }>(
        `INSERT INTO accounts (name) SELECT n FROM unnest($1::text[]) AS t(n)
         RETURNING id, lower(name) AS name`,
        [missing.map(([, name]) => name)],
      );
      created += inserted.rowCount;
      for (const r of inserted.rows) byName.set(r.name, r.id);
    }
  }
  return { byDomain, byName, created };
}

export interface ImportedContact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  accountId: string | null;
  ownerId: string | null;
  properties: Record<string, unknown>;
}

function columns(rows: readonly ImportedContact[]): unknown[] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.email),
    rows.map((r) => r.firstName),
    rows.map((r) => r.lastName),
    rows.map((r) => r.title),
    rows.map((r) => r.phone),
    rows.map((r) => r.accountId),
    rows.map((r) => r.ownerId),
    rows.map((r) => JSON.stringify(r.properties)),
  ];
}

const unnestContacts = `unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::jsonb[])
  AS p(id, email, first_name, last_name, title, phone, account_id, owner_id, properties)`;

export async function insertImportedContacts(
  q: Queryable,
  rows: readonly ImportedContact[],
  stage: string,
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO contacts (id, email, first_name, last_name, title, phone, account_id, owner_id, properties, lifecycle_stage)
     SELECT p.*, $10 FROM ${unnestContacts}`,
    [...columns(rows), stage],
  );
}

/**
 * Writes the given values over the stored ones — a null leaves the stored
 * value, properties merge — and touches only rows where that changes
 * something. Returns the ids of the contacts that changed.
 */
export async function updateImportedContacts(
  q: Queryable,
  rows: readonly ImportedContact[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const differs = (column: string) =>
    `(p.${column} IS NOT NULL AND c.${column} IS DISTINCT FROM p.${column})`;
  const { rows: changed } = await q.query<{ id: string }>(
    `UPDATE contacts c SET
       email = coalesce(p.email, c.email),
       first_name = coalesce(p.first_name, c.first_name),
       last_name = coalesce(p.last_name, c.last_name),
       title = coalesce(p.title, c.title),
       phone = coalesce(p.phone, c.phone),
       account_id = coalesce(p.account_id, c.account_id),
       owner_id = coalesce(p.owner_id, c.owner_id),
       properties = c.properties || p.properties,
       updated_at = now()
     FROM ${unnestContacts}
     WHERE c.id = p.id AND (${[
       'email',
       'first_name',
       'last_name',
       'title',
       'phone',
       'account_id',
       'owner_id',
     ]
       .map(differs)
       .join(' OR ')} OR c.properties || p.properties <> c.properties)
     RETURNING c.id`,
    columns(rows),
  );
  return new Set(changed.map((r) => r.id));
}
