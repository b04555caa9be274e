import type { Member } from '../../core/entities.js';
import { type Actor, memberActor } from '../../core/roles.js';
import { findActiveApiKeyByHash } from '../../store/api-keys.js';
import type { Db } from '../../store/db.js';
import { findSession } from '../../store/sessions.js';
import { sha256 } from './tokens.js';

export interface SessionIdentity {
  actor: Actor;
  member: Member;
  csrfToken: string;
}

export async function authenticateSession(
  db: Db,
  sessionToken: string,
): Promise<SessionIdentity | null> {
  const found = await findSession(db, sha256(sessionToken));
  if (!found) return null;
  return { actor: memberActor(found.member), member: found.member, csrfToken: found.csrfToken };
}

export async function authenticateApiKey(db: Db, key: string): Promise<Actor | null> {
  const found = await findActiveApiKeyByHash(db, sha256(key));
  return found ? { kind: 'api_key', id: found.id, scopes: found.scopes, name: found.name } : null;
}
