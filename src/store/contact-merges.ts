import { type Queryable, WriteConflict } from './db.js';

const copied = [
  'first_name',
  'last_name',
  'title',
  'phone',
  'account_id',
  'owner_id',
  'persona_key',
];

/**
 * Folds contact `mergedId` into `survivorId`: every event, identity and stage
 * change moves over, empty fields of the survivor take the merged contact's
 * values, custom properties combine (the survivor's win), and the earlier
 * first touch and later last touch are kept. The merge itself is recorded.
 */
export async function mergeContactRows(
  q: Queryable,
  survivorId: string,
  mergedId: string,
  reason: string,
): Promise<void> {
  // Waits for transactions still attaching rows to the merged contact (they hold
  // it with holdContacts), so their rows are moved too and none is left pointing nowhere.
  const { rows: held } = await q.query('SELECT id FROM contacts WHERE id = $1 FOR UPDATE', [
    mergedId,
  ]);
  if (held.length === 0) throw new WriteConflict(`contact ${mergedId} was merged meanwhile`);
  for (const table of ['events', 'contact_identities', 'stage_transitions']) {
    await q.query(`UPDATE ${table} SET contact_id = $1 WHERE contact_id = $2`, [
      survivorId,
      mergedId,
    ]);
  }
  // The email index is unique, so the merged contact gives its email up before the survivor can take it.
  const { rows } = await q.query<{ email: string | null }>(
    'SELECT email FROM contacts WHERE id = $1',
    [mergedId],
  );
  const mergedEmail = rows[0]?.email ?? null;
  await q.query('UPDATE contacts SET email = NULL WHERE id = $1', [mergedId]);
  await q.query(
    `UPDATE contacts s SET
       email = coalesce(s.email, $3),
       ${copied.map((c) => `${c} = coalesce(s.${c}, m.${c})`).join(',\n       ')},
       properties = m.properties || s.properties,
       first_touch_source = CASE WHEN s.first_touch_at IS NULL OR m.first_touch_at < s.first_touch_at THEN m.first_touch_source ELSE s.first_touch_source END,
       first_touch_medium = CASE WHEN s.first_touch_at IS NULL OR m.first_touch_at < s.first_touch_at THEN m.first_touch_medium ELSE s.first_touch_medium END,
       first_touch_campaign = CASE WHEN s.first_touch_at IS NULL OR m.first_touch_at < s.first_touch_at THEN m.first_touch_campaign ELSE s.first_touch_campaign END,
       first_touch_at = CASE WHEN s.first_touch_at IS NULL OR m.first_touch_at < s.first_touch_at THEN m.first_touch_at ELSE s.first_touch_at END,
       last_touch_source = CASE WHEN s.last_touch_at IS NULL OR m.last_touch_at > s.last_touch_at THEN m.last_touch_source ELSE s.last_touch_source END,
       last_touch_medium = CASE WHEN s.last_touch_at IS NULL OR m.last_touch_at > s.last_touch_at THEN m.last_touch_medium ELSE s.last_touch_medium END,
       last_touch_campaign = CASE WHEN s.last_touch_at IS NULL OR m.last_touch_at > s.last_touch_at THEN m.last_touch_campaign ELSE s.last_touch_campaign END,
       last_touch_at = CASE WHEN s.last_touch_at IS NULL OR m.last_touch_at > s.last_touch_at THEN m.last_touch_at ELSE s.last_touch_at END,
       updated_at = now()
     FROM contacts m WHERE s.id = $1 AND m.id = $2`,
    [survivorId, mergedId, mergedEmail],
  );
  // The survivor is rescored from the events it now holds; the merged contact's score goes with it.
  await q.query('DELETE FROM contact_scores WHERE contact_id = $1', [mergedId]);
  await q.query('DELETE FROM score_history WHERE contact_id = $1', [mergedId]);
  await q.query('DELETE FROM contacts WHERE id = $1', [mergedId]);
  await q.query('INSERT INTO contact_merges (survivor_id, merged_id, reason) VALUES ($1, $2, $3)', [
    survivorId,
    mergedId,
    reason,
  ]);
}
