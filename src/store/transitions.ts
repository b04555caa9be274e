import type { StageTransition } from '../core/entities.js';
import type { Actor } from '../core/roles.js';
import type { Queryable } from './db.js';

interface TransitionRow {
  id: string;
  contact_id: string;
  from_stage: string | null;
  to_stage: string;
  actor_kind: StageTransition['actor']['kind'];
  actor_id: string | null;
  actor_name: string | null;
  reason: string | null;
  occurred_at: Date;
}

export async function insertTransition(
  q: Queryable,
  t: {
    contactId: string;
    fromStage: string | null;
    toStage: string;
    actor: Actor;
    reason: string | null;
    occurredAt?: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, actor_id, reason, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now()))`,
    [t.contactId, t.fromStage, t.toStage, t.actor.kind, t.actor.id, t.reason, t.occurredAt ?? null],
  );
}

/** Oldest first: the contact's stage history reads as a story. */
export async function listTransitions(q: Queryable, contactId: string): Promise<StageTransition[]> {
  const { rows } = await q.query<TransitionRow>(
    `SELECT t.*, coalesce(m.name, k.name) AS actor_name
     FROM stage_transitions t
     LEFT JOIN members m ON t.actor_kind = 'member' AND m.id = t.actor_id
     LEFT JOIN api_keys k ON t.actor_kind = 'api_key' AND k.id = t.actor_id
     WHERE t.contact_id = $1 ORDER BY t.occurred_at, t.id`,
    [contactId],
  );
  return rows.map((r) => ({
    id: r.id,
    contactId: r.contact_id,
    fromStage: r.from_stage,
    toStage: r.to_stage,
    actor: {
      kind: r.actor_kind,
      id: r.actor_id,
      name: r.actor_kind === 'system' ? 'Tandem' : r.actor_name,
    },
    reason: r.reason,
    occurredAt: r.occurred_at,
  }));
}

export async function insertTransitions(
  q: Queryable,
  transitions: readonly {
    contactId: string;
    fromStage: string | null;
    toStage: string;
    actor: Actor;
    reason: string | null;
  }[],
): Promise<void> {
  if (transitions.length === 0) return;
  await q.query(
    `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, actor_id, reason)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])`,
    [
      transitions.map((t) => t.contactId),
      transitions.map((t) => t.fromStage),
      transitions.map((t) => t.toStage),
      transitions.map((t) => t.actor.kind),
      transitions.map((t) => t.actor.id),
      transitions.map((t) => t.reason),
    ],
  );
}
