import type { IdentitySnapshot, KnownContact } from '../core/tracking/resolve-identities.js';
import { type Queryable, together, WriteConflict } from './db.js';

/**
 * Serialises identity resolution for these ids across concurrent transactions
 * (several servers on one PostgreSQL), so two requests carrying the same new
 * user id cannot each create a contact. Locks are taken in a fixed order.
 */
export async function lockIdentityKeys(q: Queryable, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await q.query(
    'SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS locks',
    [keys],
  );
}

export async function loadIdentitySnapshot(
  q: Queryable,
  ids: { userIds: string[]; anonymousIds: string[]; emails: string[] },
): Promise<IdentitySnapshot> {
  const identities = new Map<string, KnownContact>();
  const emails = new Map<string, KnownContact>();
  const none = Promise.resolve({ rows: [] });
  const [byIdentity, byEmail] = await together([
    ids.userIds.length + ids.anonymousIds.length > 0
      ? q.query<{ kind: string; value: string; id: string; created_at: Date }>(
          `SELECT ci.kind, ci.value, c.id, c.created_at
           FROM contact_identities ci JOIN contacts c ON c.id = ci.contact_id
           WHERE (ci.kind = 'user_id' AND ci.value = ANY($1::text[])) OR (ci.kind = 'anonymous_id' AND ci.value = ANY($2::text[]))`,
          [ids.userIds, ids.anonymousIds],
        )
      : none,
    ids.emails.length > 0
      ? q.query<{ email: string; id: string; created_at: Date }>(
          'SELECT lower(email) AS email, id, created_at FROM contacts WHERE lower(email) = ANY($1::text[])',
          [ids.emails],
        )
      : none,
  ] as const);
  for (const r of byIdentity.rows)
    identities.set(`${r.kind}:${r.value}`, { id: r.id, createdAt: r.created_at });
  for (const r of byEmail.rows) emails.set(r.email, { id: r.id, createdAt: r.created_at });
  return { identities, emails };
}

/** Resolves with the contacts that earlier anonymous activity was attached to. */
export async function insertIdentityLinks(
  q: Queryable,
  links: readonly { kind: string; value: string; contactId: string }[],
): Promise<Set<string>> {
  if (links.length === 0) return new Set();
  await q.query(
    `INSERT INTO contact_identities (kind, value, contact_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
    [links.map((l) => l.kind), links.map((l) => l.value), links.map((l) => l.contactId)],
  );
  const anonymous = links.filter((l) => l.kind === 'anonymous_id');
  if (anonymous.length === 0) return new Set();
  // Activity recorded before the visitor was identified now belongs to the contact,
  // and its campaigns count for the contact's first and last touch.
  const { rows } = await q.query<{ contact_id: string }>(
    `UPDATE events e SET contact_id = l.contact_id
     FROM unnest($1::text[], $2::uuid[]) AS l(value, contact_id)
     WHERE e.anonymous_id = l.value AND e.contact_id IS NULL
     RETURNING e.contact_id`,
    [anonymous.map((l) => l.value), anonymous.map((l) => l.contactId)],
  );
  const attached = new Set(rows.map((r) => r.contact_id));
  if (attached.size > 0) await refreshTouches(q, [...attached]);
  return attached;
}

/** Moves first touch earlier and last touch later where the contact's stored events show it. */
export async function refreshTouches(q: Queryable, contactIds: string[]): Promise<void> {
  await q.query(
    `WITH touched AS (
       SELECT contact_id, touch_source, touch_medium, touch_campaign, occurred_at FROM events
       WHERE contact_id = ANY($1::uuid[]) AND (touch_source IS NOT NULL OR touch_medium IS NOT NULL OR touch_campaign IS NOT NULL)
     ),
     firsts AS (SELECT DISTINCT ON (contact_id) * FROM touched ORDER BY contact_id, occurred_at ASC),
     lasts AS (SELECT DISTINCT ON (contact_id) * FROM touched ORDER BY contact_id, occurred_at DESC)
     UPDATE contacts c SET
       first_touch_source = CASE WHEN c.first_touch_at IS NULL OR f.occurred_at < c.first_touch_at THEN f.touch_source ELSE c.first_touch_source END,
       first_touch_medium = CASE WHEN c.first_touch_at IS NULL OR f.occurred_at < c.first_touch_at THEN f.touch_medium ELSE c.first_touch_medium END,
       first_touch_campaign = CASE WHEN c.first_touch_at IS NULL OR f.occurred_at < c.first_touch_at THEN f.touch_campaign ELSE c.first_touch_campaign END,
       first_touch_at = CASE WHEN c.first_touch_at IS NULL OR f.occurred_at < c.first_touch_at THEN f.occurred_at ELSE c.first_touch_at END,
       last_touch_source = CASE WHEN c.last_touch_at IS NULL OR l.occurred_at > c.last_touch_at THEN l.touch_source ELSE c.last_touch_source END,
       last_touch_medium = CASE WHEN c.last_touch_at IS NULL OR l.occurred_at > c.last_touch_at THEN l.touch_medium ELSE c.last_touch_medium END,
       last_touch_campaign = CASE WHEN c.last_touch_at IS NULL OR l.occurred_at > c.last_touch_at THEN l.touch_campaign ELSE c.last_touch_campaign END,
       last_touch_at = CASE WHEN c.last_touch_at IS NULL OR l.occurred_at > c.last_touch_at THEN l.occurred_at ELSE c.last_touch_at END
     FROM firsts f JOIN lasts l ON l.contact_id = f.contact_id
     WHERE c.id = f.contact_id`,
    [contactIds],
  );
}

export async function insertBareContacts(
  q: Queryable,
  contacts: readonly { id: string; email: string | null }[],
  stage: string,
): Promise<void> {
  if (contacts.length === 0) return;
  await q.query(
    `INSERT INTO contacts (id, email, lifecycle_stage) SELECT id, email, $3 FROM unnest($1::uuid[], $2::text[]) AS c(id, email)`,
    [contacts.map((c) => c.id), contacts.map((c) => c.email), stage],
  );
}

/**
 * Holds existing contacts this transaction is about to attach events,
 * identities or traits to, so that a concurrent merge (which locks the contact
 * it folds away, store/contact-merges.ts) waits for this commit and then moves
 * those rows too. A contact already merged away since it was read means the
 * read is stale: WriteConflict, and the caller runs again.
 */
export async function holdContacts(q: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const { rows } = await q.query(
    'SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE',
    [ids],
  );
  if (rows.length !== ids.length)
    throw new WriteConflict('a contact was merged while these messages were resolved');
}

/** Of these contacts, the ones handed to sales (with an owner): they survive a merge. */
export async function findHandedContacts(
  q: Queryable,
  ids: readonly string[],
): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM contacts WHERE id = ANY($1::uuid[]) AND owner_id IS NOT NULL',
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}
