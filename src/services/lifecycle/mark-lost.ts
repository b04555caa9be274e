import type { Contact } from '../../core/entities.js';
import { exitFor } from '../../core/lifecycle.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { moveStage, withLead } from './move-stage.js';

/** A qualified deal did not close: the lost reason code says recycled or disqualified. */
export async function markLost(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  reasonCode: string;
  note?: string | null | undefined;
}): Promise<Contact> {
  return withLead(input.db, input.contactId, async (lead) => {
    const to = exitFor(lead.definitions, 'lost', input.reasonCode);
    await moveStage(lead, input.actor, { to, reasonCode: input.reasonCode, note: input.note });
  });
}
