import type { Contact } from '../../core/entities.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { moveStage, withLead } from './move-stage.js';
import { saveQualificationAnswers } from './record-qualification.js';

/**
 * Sales qualifies a lead (SQL): the framework in force must be complete. Answers
 * given with the request are saved first, in the same transaction, so a form
 * can fill in the last field and qualify in one step.
 */
export async function qualifyLead(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  answers?: Record<string, string> | undefined;
  note?: string | null | undefined;
}): Promise<Contact> {
  return withLead(input.db, input.contactId, async (lead) => {
    if (input.answers && Object.keys(input.answers).length > 0)
      await saveQualificationAnswers(lead, input.actor, input.answers);
    await moveStage(lead, input.actor, { to: 'sql', note: input.note });
  });
}
