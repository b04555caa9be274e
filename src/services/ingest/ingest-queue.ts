import type { Actor } from '../../core/roles.js';
import type { NormalizedMessage } from '../../core/tracking/normalize.js';
import type { KnownContact } from '../../core/tracking/resolve-identities.js';
import { type Db, isRetryable } from '../../store/db.js';
import { type IdentityCache, identityCacheOf } from './identity-cache.js';
import { type IngestResult, ingestMessages } from './ingest-messages.js';

interface Pending {
  actor: Actor;
  source: string;
  messages: NormalizedMessage[];
  receivedAt: Date;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

export interface IngestQueueOptions {
  /** Transactions in flight at once: 1 on PGlite (one connection); a few on PostgreSQL. */
  concurrency: number;
  /** Most messages one transaction takes; the rest wait for the next. */
  maxMessages: number;
}

/**
 * Group commit: requests that arrive while a transaction is running wait and
 * then share the next one, so a busy server commits many requests per fsync.
 * Each request's promise settles only after the transaction holding its
 * messages has committed — a 2xx is never sent for an uncommitted event. If a
 * shared transaction fails, its requests are retried one by one so a single
 * bad request cannot fail the others.
 */
export class IngestQueue {
  private readonly pending: Pending[] = [];
  private running = 0;
  private closed = false;
  private readonly identityCache: IdentityCache | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: IngestQueueOptions,
  ) {
    this.identityCache = identityCacheOf(db);
  }

  submit(
    actor: Actor,
    source: string,
    messages: NormalizedMessage[],
    receivedAt: Date,
  ): Promise<IngestResult> {
    if (this.closed) return Promise.reject(new Error('ingest is shutting down'));
    return new Promise((resolve, reject) => {
      this.pending.push({ actor, source, messages, receivedAt, resolve, reject });
      this.pump();
    });
  }

  /** Waits for every accepted request to settle. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running > 0 || this.pending.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.pending.length > 0) {
      const group = this.take();
      this.running++;
      void this.commit(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private take(): Pending[] {
    const group: Pending[] = [];
    let size = 0;
    while (
      this.pending.length > 0 &&
      (group.length === 0 || size + this.pending[0]!.messages.length <= this.options.maxMessages)
    ) {
      const next = this.pending.shift()!;
      size += next.messages.length;
      group.push(next);
    }
    return group;
  }

  private async commit(group: Pending[], attempt = 1): Promise<void> {
    const maxAttempts = 5;
    const generation = this.identityCache?.generation ?? 0;
    const identitiesRead = new Map<string, KnownContact>();
    try {
      const results = await this.db.transaction(async (tx) => {
        // One set-based pass per source for the whole group, however many requests it holds.
        const stored = new Map<string, Set<string>>();
        for (const source of new Set(group.map((p) => p.source))) {
          const members = group.filter((p) => p.source === source);
          const outcome = await ingestMessages(tx, {
            dbKind: this.db.kind,
            actor: members[0]!.actor,
            source,
            messages: members.flatMap((p) => p.messages),
            receivedAt: members[0]!.receivedAt,
            identityCache: this.identityCache,
          });
          stored.set(source, outcome.storedMessageIds);
          for (const [key, contact] of outcome.identitiesRead) identitiesRead.set(key, contact);
        }
        // The first request to carry a stored messageId gets the credit; any repeat is a duplicate.
        return group.map((p): IngestResult => {
          const ids = stored.get(p.source)!;
          let count = 0;
          for (const m of p.messages) {
            if (ids.delete(m.messageId)) count++;
          }
          return { stored: count, duplicates: p.messages.length - count };
        });
      });
      this.identityCache?.remember(identitiesRead, generation);
      for (const [i, p] of group.entries()) p.resolve(results[i]!);
    } catch (error) {
      if (group.length === 1) {
        // E.g. a concurrent transaction stored one of these messageIds first (a client's
        // retry racing its original): run again, and the stored copy counts as a duplicate.
        if (isRetryable(error) && attempt < maxAttempts) {
          // A moment's pause, different per request, so the same racers do not collide again.
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
          return this.commit(group, attempt + 1);
        }
        group[0]!.reject(error);
        return;
      }
      for (const p of group) await this.commit([p]);
    }
  }
}
