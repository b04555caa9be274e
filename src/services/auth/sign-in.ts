import { AppError } from '../../core/app-error.js';
import type { Member } from '../../core/entities.js';
import { memberActor } from '../../core/roles.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { findMemberCredentials } from '../../store/members.js';
import { insertSession } from '../../store/sessions.js';
import { decoyHash, verifyPassword } from './password.js';
import { newToken, sha256 } from './tokens.js';

export interface SignInResult {
  member: Member;
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Always starts a new session (never reuses one the browser brought), which rules out session fixation. */
export async function signIn(input: {
  db: Db;
  email: string;
  password: string;
  ttlMs: number;
}): Promise<SignInResult> {
  const found = await findMemberCredentials(input.db, input.email);
  const ok = await verifyPassword(input.password, found?.passwordHash ?? (await decoyHash()));
  if (!found?.passwordHash || !ok || !found.member.active) {
    throw new AppError('unauthenticated', 'Email or password is not correct');
  }
  const sessionToken = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + input.ttlMs);
  await input.db.transaction(async (tx) => {
    await insertSession(tx, {
      id: sha256(sessionToken),
      memberId: found.member.id,
      csrfToken,
      expiresAt,
    });
    await insertAudit(tx, memberActor(found.member), {
      action: 'session.created',
      subjectType: 'member',
      subjectId: found.member.id,
    });
  });
  return { member: found.member, sessionToken, csrfToken, expiresAt };
}
