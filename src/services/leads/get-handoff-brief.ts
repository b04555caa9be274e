import { AppError } from '../../core/app-error.js';
import type { HandoffBrief } from '../../core/handoff-brief.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { buildHandoffBriefs } from './build-handoff-briefs.js';

/** Why this lead, as of now: whoever may read the contact may read its brief. */
export async function getHandoffBrief(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  now?: Date;
}): Promise<HandoffBrief> {
  authorize(input.actor, { action: 'contact.read' });
  const built = await buildHandoffBriefs(input.db, [input.contactId], {
    now: input.now ?? new Date(),
  });
  const found = built.get(input.contactId);
  if (!found) throw new AppError('not_found', 'No contact with that id');
  return found.brief;
}
