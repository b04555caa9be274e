import type { Member } from '../core/entities.js';
import type { Queryable } from './db.js';
import { findMemberById } from './members.js';

export async function insertSession(
  q: Queryable,
  s: { id: string; memberId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO sessions (id, member_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)',
    [s.id, s.memberId, s.csrfToken, s.expiresAt],
  );
}

/** The live session's member and CSRF token; expired sessions and inactive members count as none. */
export async function findSession(
  q: Queryable,
  id: string,
): Promise<{ member: Member; csrfToken: string } | null> {
  const { rows } = await q.query<{ member_id: string; csrf_token: string }>(
    `SELECT s.member_id, s.csrf_token FROM sessions s JOIN members m ON m.id = s.member_id
     WHERE s.id = $1 AND s.expires_at > now() AND m.active`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const member = await findMemberById(q, row.member_id);
  return member ? { member, csrfToken: row.csrf_token } : null;
}

/** Whether a session with that id was there to delete. */
export async function deleteSession(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('DELETE FROM sessions WHERE id = $1', [id])).rowCount > 0;
}

export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  return (await q.query('DELETE FROM sessions WHERE expires_at <= now()')).rowCount;
}
