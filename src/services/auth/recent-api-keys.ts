import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';

/**
 * API keys this process checked in the last few seconds, by key hash. A busy
 * tracking client sends many requests a second; looking its key up for each
 * one put a query in front of every request (on PGlite, queued behind the
 * ingest transaction in progress, which kept the database idle between
 * transactions). Revoking a key forgets every remembered key of that database
 * at once in this process; another server process on the same PostgreSQL
 * stops accepting it within `rememberMs`.
 */
export const rememberMs = 5_000;

interface Remembered {
  actor: Actor & { kind: 'api_key' };
  until: number;
}

const byDb = new WeakMap<Db, Map<string, Remembered>>();

export function recentApiKey(db: Db, keyHash: string, now: number): Remembered['actor'] | null {
  const found = byDb.get(db)?.get(keyHash);
  return found && found.until > now ? found.actor : null;
}

export function rememberApiKey(
  db: Db,
  keyHash: string,
  actor: Remembered['actor'],
  now: number,
): void {
  let keys = byDb.get(db);
  if (!keys) {
    keys = new Map();
    byDb.set(db, keys);
  }
  // Expired entries go when the map grows, so it stays the size of the keys in use.
  if (keys.size > 1_000) for (const [k, v] of keys) if (v.until <= now) keys.delete(k);
  keys.set(keyHash, { actor, until: now + rememberMs });
}

export function forgetApiKeys(db: Db): void {
  byDb.get(db)?.clear();
}
