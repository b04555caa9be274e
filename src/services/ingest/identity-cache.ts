import type { KnownContact } from '../../core/tracking/resolve-identities.js';
import type { Db } from '../../store/db.js';

/**
 * A memo of what the database answered about user and anonymous ids
 * (`user_id:<id>` / `anonymous_id:<id>` → contact and its creation time), so
 * the ids a busy site sends again and again are not looked up in every
 * transaction. Only for the embedded database: one process owns it (the data
 * directory lock) and runs one ingest transaction at a time, so nothing else
 * can change an identity behind the memo's back. An identity row never
 * changes once written except when a merge moves it to the surviving contact,
 * and merges happen only in ingestMessages, which clears the memo — so every
 * caller of ingestMessages on the embedded database passes identityCacheOf(db).
 * Links made by a transaction are not remembered until a later one reads them
 * back, so a rolled-back transaction leaves nothing behind.
 */
export class IdentityCache {
  private readonly entries = new Map<string, KnownContact>();

  constructor(private readonly capacity = 200_000) {}

  get(key: string): KnownContact | undefined {
    return this.entries.get(key);
  }

  remember(found: ReadonlyMap<string, KnownContact>): void {
    for (const [key, contact] of found) {
      this.entries.delete(key);
      this.entries.set(key, contact);
    }
    // Oldest insertions go first: busy visitors keep being re-read and re-inserted.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<Db, IdentityCache>();

/** The database's memo: one per embedded database, none for PostgreSQL (several servers may write). */
export function identityCacheOf(db: Db): IdentityCache | undefined {
  if (db.kind !== 'pglite') return undefined;
  let cache = caches.get(db);
  if (!cache) {
    cache = new IdentityCache();
    caches.set(db, cache);
  }
  return cache;
}
