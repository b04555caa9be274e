import { AppError } from '../../core/app-error.js';
import type { Contact } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import { updateContactColumns } from '../../store/contacts.js';
import type { Db } from '../../store/db.js';
import { type LeadContext, withLead } from './move-stage.js';

export const maxAnswerLength = 2000;

/**
 * Stores answers to the qualification framework's fields (BANT or GPCT) in
 * the lead's context. Answers merge into those already given; an empty
 * string clears one. A key the framework in force does not have is refused.
 */
export async function saveQualificationAnswers(
  lead: LeadContext,
  actor: Actor,
  answers: Record<string, string>,
): Promise<void> {
  const { contact, definitions, tx } = lead;
  authorize(actor, { action: 'lead.qualify', ownerId: contact.ownerId });
  const framework = definitions.qualification;
  const known = new Set(framework.fields.map((f) => f.key));
  const problems = Object.entries(answers).flatMap(([key, value]) =>
    !known.has(key)
      ? [{ field: `answers/${key}`, message: `is not a ${framework.name} field` }]
      : value.length > maxAnswerLength
        ? [{ field: `answers/${key}`, message: `must be at most ${maxAnswerLength} characters` }]
        : [],
  );
  if (problems.length > 0)
    throw new AppError('validation_failed', 'The qualification answers are not valid', {
      fields: problems,
    });
  const merged: Record<string, string> = { ...contact.qualification };
  for (const [key, value] of Object.entries(answers)) {
    if (value.trim() === '') delete merged[key];
    else merged[key] = value.trim();
  }
  await updateContactColumns(tx, contact.id, { qualification: merged });
  await insertAudit(tx, actor, {
    action: 'contact.qualification_recorded',
    subjectType: 'contact',
    subjectId: contact.id,
    changes: { qualification: { from: contact.qualification, to: merged } },
  });
  lead.contact = { ...contact, qualification: merged };
}

/** Records qualification answers without moving the lead. */
export async function recordQualification(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  answers: Record<string, string>;
}): Promise<Contact> {
  return withLead(input.db, input.contactId, (lead) =>
    saveQualificationAnswers(lead, input.actor, input.answers),
  );
}
