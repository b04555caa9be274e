import type { Contact } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { findStage } from '../../core/stages.js';
import { insertAudit } from '../../store/audit.js';
import { findContact, insertContact } from '../../store/contacts.js';
import type { Db } from '../../store/db.js';
import { setContactMarketer } from '../../store/sla-scorecards.js';
import { insertTransition } from '../../store/transitions.js';
import { scoreContacts } from '../scoring/score-contacts.js';
import { loadActiveStages } from '../stages/load-active-stages.js';
import { type ContactFields, checkContactReferences } from './contact-input.js';

export async function createContact(input: {
  db: Db;
  actor: Actor;
  fields: ContactFields;
}): Promise<Contact> {
  const { actor } = input;
  // A rep's own new contact is theirs unless they say otherwise.
  const ownerId =
    input.fields.ownerId !== undefined
      ? input.fields.ownerId
      : actor.kind === 'member' && actor.role === 'sales_rep'
        ? actor.id
        : null;
  authorize(actor, { action: 'contact.create', ownerId });
  const fields = {
    ...input.fields,
    ownerId,
    lifecycleStage: input.fields.lifecycleStage ?? 'lead',
  };

  return input.db.transaction(async (tx) => {
    findStage((await loadActiveStages(tx)).stages, fields.lifecycleStage);
    await checkContactReferences(tx, fields, null);
    const id = await insertContact(tx, fields);
    // The marketing member who brings a lead in is credited with it on the SLA scorecard.
    if (actor.kind === 'member' && actor.role === 'marketing')
      await setContactMarketer(tx, id, actor.id);
    await insertTransition(tx, {
      contactId: id,
      fromStage: null,
      toStage: fields.lifecycleStage,
      actor,
      reason: 'created',
    });
    await scoreContacts(tx, {
      now: new Date(),
      lock: input.db.kind === 'postgres',
      created: new Set([id]),
      profile: [id],
    });
    await insertAudit(tx, actor, {
      action: 'contact.created',
      subjectType: 'contact',
      subjectId: id,
      changes: fields,
    });
    return (await findContact(tx, id))!;
  });
}
