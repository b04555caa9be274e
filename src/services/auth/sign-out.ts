import type { Actor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { deleteSession } from '../../store/sessions.js';
import { sha256 } from './tokens.js';

/** Ends one session; the audit log keeps when a member signed out, as it keeps when they signed in. */
export async function signOut(input: {
  db: Db;
  actor: Actor;
  sessionToken: string;
}): Promise<void> {
  await input.db.transaction(async (tx) => {
    const ended = await deleteSession(tx, sha256(input.sessionToken));
    if (ended && input.actor.kind === 'member')
      await insertAudit(tx, input.actor, {
        action: 'session.ended',
        subjectType: 'member',
        subjectId: input.actor.id,
      });
  });
}
