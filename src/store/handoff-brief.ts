import type { Touch } from '../core/entities.js';
import type { BriefEvent, BriefTransition } from '../core/handoff-brief.js';
import type { Queryable } from './db.js';

/** Who a brief (and a notification about the lead) names. */
export interface BriefContact {
  contactId: string;
  name: string;
  personaKey: string | null;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  ownerId: string | null;
  ownerName: string | null;
  /** The marketing member credited with the lead (`contacts.marketer_id`), if active. */
  marketerId: string | null;
}

function touch(s: string | null, m: string | null, c: string | null): Touch | null {
  return s === null && m === null && c === null ? null : { source: s, medium: m, campaign: c };
}

/** A contact's display name, as the app shows it: the name, else the email, else the id. */
function displayName(r: {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
}): string {
  const name = [r.first_name, r.last_name].filter((x) => x).join(' ');
  return name || r.email || r.id;
}

export async function loadBriefContacts(
  q: Queryable,
  contactIds: readonly string[],
): Promise<Map<string, BriefContact>> {
  if (contactIds.length === 0) return new Map();
  const { rows } = await q.query<{
    id: string;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    persona_key: string | null;
    first_touch_source: string | null;
    first_touch_medium: string | null;
    first_touch_campaign: string | null;
    last_touch_source: string | null;
    last_touch_medium: string | null;
    last_touch_campaign: string | null;
    owner_id: string | null;
    owner_name: string | null;
    marketer_id: string | null;
  }>(
    `SELECT c.id, c.first_name, c.last_name, c.email, c.persona_key,
            c.first_touch_source, c.first_touch_medium, c.first_touch_campaign,
            c.last_touch_source, c.last_touch_medium, c.last_touch_campaign,
            c.owner_id, o.name AS owner_name, mk.id AS marketer_id
     FROM contacts c
     LEFT JOIN members o ON o.id = c.owner_id
     LEFT JOIN members mk ON mk.id = c.marketer_id AND mk.active
     WHERE c.id = ANY($1::uuid[])`,
    [[...new Set(contactIds)]],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        contactId: r.id,
        name: displayName(r),
        personaKey: r.persona_key,
        firstTouch: touch(r.first_touch_source, r.first_touch_medium, r.first_touch_campaign),
        lastTouch: touch(r.last_touch_source, r.last_touch_medium, r.last_touch_campaign),
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        marketerId: r.marketer_id,
      },
    ]),
  );
}

/**
 * Each contact's newest `limit` events, newest first: one index range per
 * contact (events_contact_idx), and only the properties a brief shows.
 */
export async function loadBriefEvents(
  q: Queryable,
  contactIds: readonly string[],
  limit: number,
): Promise<Map<string, BriefEvent[]>> {
  const result = new Map<string, BriefEvent[]>();
  if (contactIds.length === 0) return result;
  const { rows } = await q.query<{
    contact_id: string;
    type: string;
    name: string | null;
    occurred_at: Date;
    url: string | null;
    path: string | null;
    title: string | null;
    asset: string | null;
    webinar: string | null;
    subject: string | null;
  }>(
    `SELECT x.id AS contact_id, e.type, e.name, e.occurred_at, e.url, e.path, e.title, e.asset,
            e.webinar, e.subject
     FROM unnest($1::uuid[]) AS x(id)
     CROSS JOIN LATERAL (
       SELECT type, name, occurred_at, properties ->> 'url' AS url, properties ->> 'path' AS path,
              properties ->> 'title' AS title, properties ->> 'asset' AS asset,
              properties ->> 'webinar' AS webinar, properties ->> 'subject' AS subject
       FROM events WHERE contact_id = x.id
       ORDER BY occurred_at DESC, id DESC LIMIT $2) e
     ORDER BY x.id, e.occurred_at DESC`,
    [[...new Set(contactIds)], limit],
  );
  for (const r of rows) {
    const list = result.get(r.contact_id) ?? [];
    list.push({
      type: r.type,
      name: r.name,
      occurredAt: r.occurred_at,
      properties: {
        url: r.url,
        path: r.path,
        title: r.title,
        asset: r.asset,
        webinar: r.webinar,
        subject: r.subject,
      },
    });
    result.set(r.contact_id, list);
  }
  return result;
}

/** Each contact's newest `limit` stage moves, oldest first, with the actor's name. */
export async function loadBriefTransitions(
  q: Queryable,
  contactIds: readonly string[],
  limit: number,
): Promise<Map<string, BriefTransition[]>> {
  const result = new Map<string, BriefTransition[]>();
  if (contactIds.length === 0) return result;
  const { rows } = await q.query<{
    contact_id: string;
    from_stage: string | null;
    to_stage: string;
    occurred_at: Date;
    actor_kind: BriefTransition['actor']['kind'];
    actor_id: string | null;
    actor_name: string | null;
    reason_code: string | null;
  }>(
    `SELECT x.id AS contact_id, t.from_stage, t.to_stage, t.occurred_at, t.actor_kind, t.actor_id,
            t.reason_code, coalesce(m.name, k.name) AS actor_name
     FROM unnest($1::uuid[]) AS x(id)
     CROSS JOIN LATERAL (
       SELECT * FROM stage_transitions WHERE contact_id = x.id
       ORDER BY occurred_at DESC, seq DESC LIMIT $2) t
     LEFT JOIN members m ON t.actor_kind = 'member' AND m.id = t.actor_id
     LEFT JOIN api_keys k ON t.actor_kind = 'api_key' AND k.id = t.actor_id
     ORDER BY x.id, t.occurred_at, t.seq`,
    [[...new Set(contactIds)], limit],
  );
  for (const r of rows) {
    const list = result.get(r.contact_id) ?? [];
    list.push({
      from: r.from_stage,
      to: r.to_stage,
      occurredAt: r.occurred_at,
      actor: {
        kind: r.actor_kind,
        id: r.actor_id,
        name: r.actor_kind === 'system' ? 'Tandem' : r.actor_name,
      },
      reasonCode: r.reason_code,
    });
    result.set(r.contact_id, list);
  }
  return result;
}

/**
 * The seq of a contact's newest stage move: what names a move's notifications,
 * read in the move's transaction with the contact locked, so it is the move's own.
 */
export async function latestTransitionSeq(q: Queryable, contactId: string): Promise<number> {
  const { rows } = await q.query<{ seq: number }>(
    'SELECT max(seq) AS seq FROM stage_transitions WHERE contact_id = $1',
    [contactId],
  );
  return rows[0]?.seq ?? 0;
}

/** Members' names by id, for notification payloads. */
export async function loadMemberNames(
  q: Queryable,
  memberIds: readonly string[],
): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const { rows } = await q.query<{ id: string; name: string }>(
    'SELECT id, name FROM members WHERE id = ANY($1::uuid[])',
    [[...new Set(memberIds)]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
