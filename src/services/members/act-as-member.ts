import { AppError } from '../../core/app-error.js';
import { type Actor, memberActor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { findMemberCredentials } from '../../store/members.js';

/**
 * The CLI's `--as EMAIL`: whoever runs the command on the server acts as that
 * member, so transitions, signatures and audit entries name a person and the
 * policy applies as it does in the web app.
 */
export async function actAsMember(input: { db: Db; email: string }): Promise<Actor> {
  const found = await findMemberCredentials(input.db, input.email);
  if (!found) throw new AppError('not_found', `No member with the email ${input.email}`);
  if (!found.member.active)
    throw new AppError('forbidden', `${input.email} is deactivated and cannot act`);
  return memberActor(found.member);
}
