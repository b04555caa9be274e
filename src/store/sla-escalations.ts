import type { Queryable } from './db.js';

/** What handing a breached lead on needs to know about it, read under the contact's lock. */
export interface LeadForHandover {
  contactId: string;
  ownerId: string | null;
  stage: string;
  accountOwnerId: string | null;
  /** The owner's team: whose routing picks the next owner. */
  ownerTeamId: string | null;
}

/**
 * Locks the contact as every lead action does (the contact first, then its
 * clocks), skipping it when someone else holds it: the reassignment waits for
 * the next run rather than for a person's edit. Null when busy or gone.
 */
export async function lockLeadForHandover(
  q: Queryable,
  contactId: string,
): Promise<LeadForHandover | null> {
  const { rows } = await q.query<{
    id: string;
    owner_id: string | null;
    lifecycle_stage: string;
    account_owner_id: string | null;
    team_id: string | null;
  }>(
    `SELECT c.id, c.owner_id, c.lifecycle_stage,
            (SELECT a.owner_id FROM accounts a WHERE a.id = c.account_id) AS account_owner_id,
            (SELECT m.team_id FROM members m WHERE m.id = c.owner_id) AS team_id
     FROM contacts c WHERE c.id = $1 FOR UPDATE OF c SKIP LOCKED`,
    [contactId],
  );
  const r = rows[0];
  return r
    ? {
        contactId: r.id,
        ownerId: r.owner_id,
        stage: r.lifecycle_stage,
        accountOwnerId: r.account_owner_id,
        ownerTeamId: r.team_id,
      }
    : null;
}

export async function setContactOwner(
  q: Queryable,
  contactId: string,
  ownerId: string,
): Promise<void> {
  await q.query('UPDATE contacts SET owner_id = $2, updated_at = now() WHERE id = $1', [
    contactId,
    ownerId,
  ]);
}
