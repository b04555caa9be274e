import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import {
  listScoreHistory as loadHistory,
  type ScoreHistoryEntry,
} from '../../store/contact-scores.js';
import type { Db } from '../../store/db.js';
import { getContact } from '../contacts/get-contact.js';

/** Newest first: each change of figures, band or qualification, and each model switch. */
export async function listScoreHistory(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  limit: number;
}): Promise<ScoreHistoryEntry[]> {
  authorize(input.actor, { action: 'scoring.read' });
  await getContact(input);
  return loadHistory(input.db, input.contactId, input.limit);
}
