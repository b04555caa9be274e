import type { ContactPatch } from '../core/tracking/resolve-identities.js';
import type { Queryable } from './db.js';

/**
 * Applies identify traits and campaign touches to many contacts in one
 * statement. A trait replaces the stored value; properties merge; the first
 * touch only moves earlier and the last touch only later, so events arriving
 * out of order still leave the right touches.
 */
export async function applyContactPatches(
  q: Queryable,
  patches: ReadonlyMap<string, ContactPatch>,
): Promise<void> {
  if (patches.size === 0) return;
  const rows = [...patches.entries()];
  const col = <T>(pick: (p: ContactPatch) => T) => rows.map(([, p]) => pick(p));
  await q.query(
    `UPDATE contacts c SET
       email = coalesce(p.email, c.email),
       first_name = coalesce(p.first_name, c.first_name),
       last_name = coalesce(p.last_name, c.last_name),
       title = coalesce(p.title, c.title),
       phone = coalesce(p.phone, c.phone),
       properties = c.properties || p.properties,
       first_touch_source = CASE WHEN p.ft_at IS NOT NULL AND (c.first_touch_at IS NULL OR p.ft_at < c.first_touch_at) THEN p.ft_source ELSE c.first_touch_source END,
       first_touch_medium = CASE WHEN p.ft_at IS NOT NULL AND (c.first_touch_at IS NULL OR p.ft_at < c.first_touch_at) THEN p.ft_medium ELSE c.first_touch_medium END,
       first_touch_campaign = CASE WHEN p.ft_at IS NOT NULL AND (c.first_touch_at IS NULL OR p.ft_at < c.first_touch_at) THEN p.ft_campaign ELSE c.first_touch_campaign END,
       first_touch_at = CASE WHEN p.ft_at IS NOT NULL AND (c.first_touch_at IS NULL OR p.ft_at < c.first_touch_at) THEN p.ft_at ELSE c.first_touch_at END,
       last_touch_source = CASE WHEN p.lt_at IS NOT NULL AND (c.last_touch_at IS NULL OR p.lt_at >= c.last_touch_at) THEN p.lt_source ELSE c.last_touch_source END,
       last_touch_medium = CASE WHEN p.lt_at IS NOT NULL AND (c.last_touch_at IS NULL OR p.lt_at >= c.last_touch_at) THEN p.lt_medium ELSE c.last_touch_medium END,
       last_touch_campaign = CASE WHEN p.lt_at IS NOT NULL AND (c.last_touch_at IS NULL OR p.lt_at >= c.last_touch_at) THEN p.lt_campaign ELSE c.last_touch_campaign END,
       last_touch_at = CASE WHEN p.lt_at IS NOT NULL AND (c.last_touch_at IS NULL OR p.lt_at >= c.last_touch_at) THEN p.lt_at ELSE c.last_touch_at END,
       updated_at = now()
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
                 $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::text[], $14::text[], $15::timestamptz[])
       AS p(id, email, first_name, last_name, title, phone, properties, ft_source, ft_medium, ft_campaign, ft_at, lt_source, lt_medium, lt_campaign, lt_at)
     WHERE c.id = p.id`,
    [
      rows.map(([id]) => id),
      col((p) => p.email ?? null),
      col((p) => p.firstName ?? null),
      col((p) => p.lastName ?? null),
      col((p) => p.title ?? null),
      col((p) => p.phone ?? null),
      col((p) => JSON.stringify(p.properties)),
      col((p) => p.firstTouch?.touch.source ?? null),
      col((p) => p.firstTouch?.touch.medium ?? null),
      col((p) => p.firstTouch?.touch.campaign ?? null),
      col((p) => p.firstTouch?.at ?? null),
      col((p) => p.lastTouch?.touch.source ?? null),
      col((p) => p.lastTouch?.touch.medium ?? null),
      col((p) => p.lastTouch?.touch.campaign ?? null),
      col((p) => p.lastTouch?.at ?? null),
    ],
  );
}
