import { AppError } from '../../core/app-error.js';
import type { Contact } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { startLeadClocks } from '../sla/start-lead-clocks.js';
import { moveStage, withLead } from './move-stage.js';

/**
 * Sales accepts a lead handed over on a qualification route (SAL). Accepting is
 * owning the follow-up, so an unowned lead becomes the accepting member's.
 */
export async function acceptLead(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  note?: string | null | undefined;
}): Promise<Contact> {
  const { actor } = input;
  return withLead(input.db, input.contactId, async (lead) => {
    let ownerId = lead.contact.ownerId;
    if (ownerId === null) {
      if (actor.kind !== 'member')
        throw new AppError('conflict', 'Assign the lead to a member before accepting it');
      authorize(actor, { action: 'contact.assign', currentOwnerId: null, newOwnerId: actor.id });
      ownerId = actor.id;
      // Claiming is being handed the lead: its clocks start now, and the move below meets the accept clock.
      await startLeadClocks({
        tx: lead.tx,
        leads: [{ contactId: lead.contact.id, ownerId }],
        at: new Date(),
      });
    }
    await moveStage(lead, actor, { to: 'sal', note: input.note }, { ownerId });
  });
}
