import type { Actor } from '../core/roles.js';
import type { Queryable } from './db.js';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string | null;
  changes?: Record<string, unknown>;
  occurredAt?: Date;
}

/** Written in the same transaction as the change it records, so neither exists without the other. */
export async function insertAudit(q: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (actor_kind, actor_id, action, subject_type, subject_id, changes, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now()))`,
    [
      actor.kind,
      actor.id,
      entry.action,
      entry.subjectType,
      entry.subjectId,
      JSON.stringify(entry.changes ?? {}),
      entry.occurredAt ?? null,
    ],
  );
}
