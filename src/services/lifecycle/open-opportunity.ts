import type { Contact } from '../../core/entities.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { moveStage, withLead } from './move-stage.js';

/** A deal is opened for a sales qualified lead; the expected amount is optional. */
export async function openOpportunity(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  amount?: number | null | undefined;
  note?: string | null | undefined;
}): Promise<Contact> {
  return withLead(input.db, input.contactId, async (lead) => {
    await moveStage(lead, input.actor, {
      to: 'opportunity',
      amount: input.amount,
      note: input.note,
    });
  });
}
