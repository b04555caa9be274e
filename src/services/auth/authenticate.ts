import type { Member } from '../../core/entities.js';
import { type Actor, memberActor } from '../../core/roles.js';
import { findActiveApiKeyByHash, touchApiKey } from '../../store/api-keys.js';
import type { Db } from '../../store/db.js';
import { findSession } from '../../store/sessions.js';
import { recentApiKey, rememberApiKey } from './recent-api-keys.js';
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

/**
 * "Last used" is kept to the minute: writing it on every request made each
 * tracking call a committed write of its own (on PGlite, most of ingest's time).
 */
const lastUsedResolutionMs = 60_000;

export async function authenticateApiKey(db: Db, key: string): Promise<Actor | null> {
  const keyHash = sha256(key);
  const now = Date.now();
  const recent = recentApiKey(db, keyHash, now);
  if (recent) return recent;
  const found = await findActiveApiKeyByHash(db, keyHash);
  if (!found) return null;
  if (!found.lastUsedAt || now - found.lastUsedAt.getTime() >= lastUsedResolutionMs)
    await touchApiKey(db, found.id);
  const actor = { kind: 'api_key' as const, id: found.id, scopes: found.scopes, name: found.name };
  rememberApiKey(db, keyHash, actor, now);
  return actor;
}
