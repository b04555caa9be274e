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
  reason_code: string | null;
  amount: string | null;
  occurred_at: Date;
}

export interface TransitionWrite {
  contactId: string;
  fromStage: string | null;
  toStage: string;
  actor: Actor;
  reason: string | null;
  reasonCode?: string | null;
  amount?: number | null;
  definitionsVersion?: number | null;
  occurredAt?: Date;
}

export async function insertTransition(q: Queryable, t: TransitionWrite): Promise<void> {
  await insertTransitions(q, [t]);
}

/** Oldest first: the contact's stage history reads as a story. */
export async function listTransitions(q: Queryable, contactId: string): Promise<StageTransition[]> {
  const { rows } = await q.query<TransitionRow>(
    `SELECT t.*, coalesce(m.name, k.name) AS actor_name
     FROM stage_transitions t
     LEFT JOIN members m ON t.actor_kind = 'member' AND m.id = t.actor_id
     LEFT JOIN api_keys k ON t.actor_kind = 'api_key' AND k.id = t.actor_id
     WHERE t.contact_id = $1 ORDER BY t.occurred_at, t.seq`,
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
    reasonCode: r.reason_code,
    amount: r.amount === null ? null : Number(r.amount),
    occurredAt: r.occurred_at,
  }));
}

/** One statement for any number of transitions; `occurredAt` defaults to the transaction's now(). */
export async function insertTransitions(
  q: Queryable,
  transitions: readonly TransitionWrite[],
): Promise<void> {
  if (transitions.length === 0) return;
  await q.query(
    `INSERT INTO stage_transitions (contact_id, from_stage, to_stage, actor_kind, actor_id, reason,
                                    reason_code, amount, definitions_version, occurred_at)
     SELECT c, f, t, ak, ai, r, rc, a, dv, coalesce(o, now())
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[],
                 $7::text[], $8::numeric[], $9::int[], $10::timestamptz[])
       AS x(c, f, t, ak, ai, r, rc, a, dv, o)`,
    [
      transitions.map((t) => t.contactId),
      transitions.map((t) => t.fromStage),
      transitions.map((t) => t.toStage),
      transitions.map((t) => t.actor.kind),
      transitions.map((t) => t.actor.id),
      transitions.map((t) => t.reason),
      transitions.map((t) => t.reasonCode ?? null),
      transitions.map((t) => t.amount ?? null),
      transitions.map((t) => t.definitionsVersion ?? null),
      transitions.map((t) => t.occurredAt ?? null),
    ],
  );
}

/** When each contact last entered the stage it is in (absent: no transition into it is recorded). */
export async function stageEnteredAt(
  q: Queryable,
  contacts: readonly { contactId: string; from: string }[],
): Promise<Map<string, Date>> {
  const { rows } = await q.query<{ contact_id: string; at: Date }>(
    `SELECT x.c AS contact_id, (SELECT max(t.occurred_at) FROM stage_transitions t
                                WHERE t.contact_id = x.c AND t.to_stage = x.s) AS at
     FROM unnest($1::uuid[], $2::text[]) AS x(c, s)`,
    [contacts.map((c) => c.contactId), contacts.map((c) => c.from)],
  );
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.contact_id, r.at]));
}
