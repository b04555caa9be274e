import type { CursorKey } from '../core/cursor.js';
import type { Contact, Touch } from '../core/entities.js';
import type { Queryable } from './db.js';
import { insertRow, updateRow } from './row-writer.js';

interface ContactRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  account_id: string | null;
  account_name: string | null;
  account_domain: string | null;
  owner_id: string | null;
  owner_name: string | null;
  lifecycle_stage: string;
  fit_score: number | null;
  engagement_score: number | null;
  total_score: number | null;
  band: string | null;
  persona_key: string | null;
  qualification: Record<string, string>;
  first_touch_source: string | null;
  first_touch_medium: string | null;
  first_touch_campaign: string | null;
  last_touch_source: string | null;
  last_touch_medium: string | null;
  last_touch_campaign: string | null;
  properties: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const selectContact = `
  SELECT c.*, a.name AS account_name, a.domain AS account_domain, m.name AS owner_name,
         s.fit AS fit_score, s.engagement AS engagement_score, s.total AS total_score, s.band
  FROM contacts c
  LEFT JOIN contact_scores s ON s.contact_id = c.id
  LEFT JOIN accounts a ON a.id = c.account_id
  LEFT JOIN members m ON m.id = c.owner_id`;

function touch(
  source: string | null,
  medium: string | null,
  campaign: string | null,
): Touch | null {
  return source === null && medium === null && campaign === null
    ? null
    : { source, medium, campaign };
}

function toContact(r: ContactRow): Contact {
  return {
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    title: r.title,
    phone: r.phone,
    accountId: r.account_id,
    account:
      r.account_id && r.account_name !== null
        ? { id: r.account_id, name: r.account_name, domain: r.account_domain }
        : null,
    ownerId: r.owner_id,
    owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
    lifecycleStage: r.lifecycle_stage,
    fitScore: r.fit_score,
    engagementScore: r.engagement_score,
    totalScore: r.total_score,
    band: r.band,
    personaKey: r.persona_key,
    qualification: r.qualification,
    firstTouch: touch(r.first_touch_source, r.first_touch_medium, r.first_touch_campaign),
    lastTouch: touch(r.last_touch_source, r.last_touch_medium, r.last_touch_campaign),
    properties: r.properties,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findContact(
  q: Queryable,
  id: string,
  forUpdate = false,
): Promise<Contact | null> {
  const lock = forUpdate ? ' FOR UPDATE OF c' : '';
  const { rows } = await q.query<ContactRow>(`${selectContact} WHERE c.id = $1${lock}`, [id]);
  return rows[0] ? toContact(rows[0]) : null;
}

/** Several contacts in one statement, by id; ids not found are absent from the map. */
export async function findContacts(
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, Contact>> {
  if (ids.length === 0) return new Map();
  const { rows } = await q.query<ContactRow>(`${selectContact} WHERE c.id = ANY($1::uuid[])`, [
    ids,
  ]);
  return new Map(rows.map((r) => [r.id, toContact(r)]));
}

export async function findContactIdByEmail(q: Queryable, email: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM contacts WHERE lower(email) = lower($1)',
    [email],
  );
  return rows[0]?.id ?? null;
}

export interface ContactFilter {
  stage?: string | undefined;
  /** A member id, or null for contacts nobody owns. */
  ownerId?: string | null | undefined;
  accountId?: string | undefined;
  text?: string | undefined;
  after?: CursorKey | undefined;
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Free-text match on email, names and account name; `param` binds the pattern. Expects aliases c and a. */
export function contactTextClause(param: (value: unknown) => string, text: string): string {
  const p = param(`%${escapeLike(text.trim())}%`);
  return `(c.email ILIKE ${p} OR c.first_name ILIKE ${p} OR c.last_name ILIKE ${p}
    OR (coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) ILIKE ${p} OR a.name ILIKE ${p})`;
}

/** Newest first, keyset-paginated; fetches limit + 1 rows so the caller can tell if more exist. */
export async function listContacts(q: Queryable, f: ContactFilter): Promise<Contact[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (f.stage !== undefined) where.push(`c.lifecycle_stage = ${param(f.stage)}`);
  if (f.ownerId === null) where.push('c.owner_id IS NULL');
  else if (f.ownerId !== undefined) where.push(`c.owner_id = ${param(f.ownerId)}`);
  if (f.accountId !== undefined) where.push(`c.account_id = ${param(f.accountId)}`);
  if (f.text) where.push(contactTextClause(param, f.text));
  if (f.after) {
    where.push(`(c.created_at, c.id) < (${param(f.after.at)}, ${param(f.after.id)}::uuid)`);
  }
  const sql = `${selectContact} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY c.created_at DESC, c.id DESC LIMIT ${param(f.limit + 1)}`;
  const { rows } = await q.query<ContactRow>(sql, params);
  return rows.map(toContact);
}

/** Columns a caller may write, in API (camelCase) names, mapped to their SQL column. */
export const contactColumns = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  title: 'title',
  phone: 'phone',
  accountId: 'account_id',
  ownerId: 'owner_id',
  lifecycleStage: 'lifecycle_stage',
  properties: 'properties',
  qualification: 'qualification',
  firstTouchSource: 'first_touch_source',
  firstTouchMedium: 'first_touch_medium',
  firstTouchCampaign: 'first_touch_campaign',
  lastTouchSource: 'last_touch_source',
  lastTouchMedium: 'last_touch_medium',
  lastTouchCampaign: 'last_touch_campaign',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

export type ContactValues = Partial<Record<keyof typeof contactColumns, unknown>> & { id?: string };

const jsonColumns = new Set(['properties', 'qualification']);

export async function insertContact(q: Queryable, values: ContactValues): Promise<string> {
  return insertRow(q, 'contacts', contactColumns, values, jsonColumns);
}

export async function updateContactColumns(
  q: Queryable,
  id: string,
  values: ContactValues,
): Promise<void> {
  await updateRow(q, 'contacts', contactColumns, id, values, jsonColumns);
}

/** Many contacts' stages in one statement (automatic qualification moves them in bulk). */
export async function setLifecycleStages(
  q: Queryable,
  moves: readonly { contactId: string; stage: string }[],
): Promise<void> {
  if (moves.length === 0) return;
  await q.query(
    `UPDATE contacts c SET lifecycle_stage = x.s, updated_at = now()
     FROM unnest($1::uuid[], $2::text[]) AS x(id, s) WHERE c.id = x.id`,
    [moves.map((m) => m.contactId), moves.map((m) => m.stage)],
  );
}
