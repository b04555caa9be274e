import type { Contact } from '../../core/entities.js';
import { exitFor } from '../../core/lifecycle.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { moveStage, withLead } from './move-stage.js';

/**
 * Sales turns a lead down with a reject reason code; the code decides whether
 * it goes back to marketing for nurture (recycled) or out (disqualified).
 */
export async function rejectLead(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  reasonCode: string;
  note?: string | null | undefined;
}): Promise<Contact> {
  return withLead(input.db, input.contactId, async (lead) => {
    const to = exitFor(lead.definitions, 'reject', input.reasonCode);
    await moveStage(lead, input.actor, { to, reasonCode: input.reasonCode, note: input.note });
  });
}
