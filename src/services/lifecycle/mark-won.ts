import type { Contact } from '../../core/entities.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { moveStage, withLead } from './move-stage.js';

/** The deal closed: the contact becomes a customer, with the amount won. */
export async function markWon(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  amount: number;
  note?: string | null | undefined;
}): Promise<Contact> {
  return withLead(input.db, input.contactId, async (lead) => {
    await moveStage(lead, input.actor, {
      to: 'customer',
      amount: input.amount,
      note: input.note,
    });
  });
}
