import { AppError } from '../../core/app-error.js';
import { findAccount } from '../../store/accounts.js';
import { findContactIdByEmail } from '../../store/contacts.js';
import type { Queryable } from '../../store/db.js';
import { findMemberById } from '../../store/members.js';

/** The writable fields of a contact, as the API and CLI name them. */
export interface ContactFields {
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  title?: string | null | undefined;
  phone?: string | null | undefined;
  accountId?: string | null | undefined;
  ownerId?: string | null | undefined;
  lifecycleStage?: string | undefined;
  properties?: Record<string, unknown> | undefined;
}

/** Checks the references a contact points at, naming the offending field. */
export async function checkContactReferences(
  q: Queryable,
  fields: ContactFields,
  contactId: string | null,
): Promise<void> {
  if (fields.email) {
    const existing = await findContactIdByEmail(q, fields.email);
    if (existing && existing !== contactId) {
      throw new AppError('conflict', `Another contact already has the email ${fields.email}`, {
        fields: [{ field: 'email', message: 'is already used by another contact' }],
        extensions: { contactId: existing },
      });
    }
  }
  if (fields.accountId && !(await findAccount(q, fields.accountId))) {
    throw new AppError('validation_failed', 'The account does not exist', {
      fields: [{ field: 'accountId', message: 'no account has this id' }],
    });
  }
  if (fields.ownerId) {
    const owner = await findMemberById(q, fields.ownerId);
    if (!owner?.active) {
      throw new AppError('validation_failed', 'The owner must be an active member', {
        fields: [{ field: 'ownerId', message: 'no active member has this id' }],
      });
    }
  }
}
