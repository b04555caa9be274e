import type { KnownContact } from '../../core/tracking/resolve-identities.js';
import type { Db } from '../../store/db.js';

/**
 * A memo of what the database answered about user and anonymous ids
 * (`user_id:<id>` / `anonymous_id:<id>` → contact and its creation time), so
 * the ids a busy site sends again and again are not looked up in every
 * transaction. Only for the embedded database: one process owns it (the data
 * directory lock) and runs its transactions one at a time, so nothing else can
 * change an identity behind the memo's back.
 *
 * An identity row never changes once written, except when a merge moves it to
 * the surviving contact; merges happen only in ingestMessages, which clears
 * the memo — so every caller of ingestMessages on the embedded database passes
 * identityCacheOf(db). What a transaction read is remembered only after it
 * committed (a rolled-back one may have read its own links), and only if no
 * merge cleared the memo since the transaction began (`generation`).
 */
export class IdentityCache {
  private readonly entries = new Map<string, KnownContact>();
  private cleared = 0;

  constructor(private readonly capacity = 200_000) {}

  get(key: string): KnownContact | undefined {
    return this.entries.get(key);
  }

  /** Taken before a transaction starts; remember() ignores reads from before a clear. */
  get generation(): number {
    return this.cleared;
  }

  remember(found: ReadonlyMap<string, KnownContact>, generation: number): void {
    if (generation !== this.cleared) return;
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
    this.cleared++;
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
