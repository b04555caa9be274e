import { memberActor } from '../../core/roles.js';
import { type AwaySpan, nextInstant } from '../../core/sla/away.js';
import type { SlaClock, SlaNotification } from '../../core/sla/clocks.js';
import { insertAudit } from '../../store/audit.js';
import type { Queryable } from '../../store/db.js';
import type { ClockRecord } from '../../store/sla-clocks.js';
import { announceAssignments } from '../leads/lead-notifications.js';
import { writeSlaNotifications } from '../sla/write-sla-notifications.js';
import { bulkInsert, type Column } from './bulk-insert.js';
import type { DemoAwayPeriod, DemoWorkspace } from './generate-demo.js';
import { monthStart } from './sla-story.js';

/**
 * Writes the SLA's life into the seeding transaction: the rep on leave, the
 * routing version that assigned the leads, the contract in force since the
 * start of the last whole month, every clock as the core replayed it, and the
 * outbox rows of the current month only. Older notifications would be noise
 * nobody reads, and each row is marked delivered at the instant it was caused,
 * so seeding a demo sends nothing anywhere.
 */

export interface SlaRows {
  /** Generated with the demo's contract (sla.contract) when one was in force. */
  demo: DemoWorkspace;
  /** The version in force before the demo, which the demo's supersedes; null = none (no clocks then). */
  supersedes: number | null;
}

const awayColumns: Column<DemoAwayPeriod>[] = [
  ['id', 'uuid', (p) => p.id],
  ['member_id', 'uuid', (p) => p.memberId],
  ['starts_at', 'timestamptz', (p) => p.startsAt],
  ['ends_at', 'timestamptz', (p) => p.endsAt],
  ['note', 'text', (p) => p.note],
  ['created_at', 'timestamptz', (p) => p.createdAt],
];

interface ClockRow extends ClockRecord {
  clock: SlaClock;
  nextDueAt: Date | null;
  updatedAt: Date;
}

const clockColumns: Column<ClockRow>[] = [
  ['id', 'uuid', (c) => c.id],
  ['contact_id', 'uuid', (c) => c.contactId],
  ['handoff_seq', 'bigint', (c) => c.handoffSeq],
  ['clause', 'text', (c) => c.clock.clause],
  ['owner_id', 'uuid', (c) => c.ownerId],
  ['contract_version', 'int', (c) => c.contractVersion],
  ['state', 'text', (c) => c.clock.state],
  ['clock', 'jsonb', (c) => JSON.stringify(c.clock)],
  ['next_due_at', 'timestamptz', (c) => c.nextDueAt],
  ['created_at', 'timestamptz', (c) => c.clock.startedAt],
  ['updated_at', 'timestamptz', (c) => c.updatedAt],
];

/** The clock's last change as of the demo's end. */
function lastChange(clock: SlaClock): Date {
  return clock.settledAt ?? clock.warnedAt ?? clock.startedAt;
}

export async function writeSlaHistory(
  tx: Queryable,
  rows: SlaRows,
  onChunk: (n: number) => void,
): Promise<{ clocks: number; notifications: number }> {
  const { demo } = rows;
  const { sla } = demo;
  await bulkInsert(tx, 'member_away_periods', awayColumns, sla.awayPeriods, () => {});

  const manager = demo.members.find((m) => m.id === sla.routing.createdBy)!;
  await tx.query('UPDATE routing_versions SET active = false WHERE active');
  const routed = await tx.query<{ version: number }>(
    `INSERT INTO routing_versions (id, version, document, created_by, created_at, active)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, true FROM routing_versions
     RETURNING version`,
    [sla.routing.id, JSON.stringify(sla.routing.document), manager.id, sla.routing.createdAt],
  );
  const routingVersion = routed.rows[0]!.version;
  await insertAudit(tx, memberActor(manager), {
    action: 'routing.activated',
    subjectType: 'routing_version',
    subjectId: sla.routing.id,
    changes: { version: routingVersion, rules: sla.routing.document.rules.length, fallback: false },
    occurredAt: sla.routing.createdAt,
  });

  if (rows.supersedes === null || sla.contract === null) return { clocks: 0, notifications: 0 };
  // The version in force became history long ago; the demo's, proposed by
  // marketing and signed by both sides, took effect the day before the era.
  await tx.query(
    `UPDATE sla_contracts SET status = 'superseded', created_at = least(created_at, $2),
            activated_at = least(activated_at, $2)
     WHERE version = $1`,
    [rows.supersedes, demo.teams[0]!.createdAt],
  );
  const signer = (local: string) => demo.members.find((m) => m.email.startsWith(`${local}@`))!.id;
  const proposed = await tx.query<{ id: string; version: number }>(
    `INSERT INTO sla_contracts (version, document, status, created_at, activated_at, proposed_by)
     SELECT coalesce(max(version), 0) + 1, $1, 'active', $2, $3, $4 FROM sla_contracts
     RETURNING id, version`,
    [
      JSON.stringify(sla.contract),
      new Date(sla.routing.createdAt.getTime() - 2 * 86_400_000),
      sla.routing.createdAt,
      signer('jordan.lee'),
    ],
  );
  const { id: contractId, version: contractVersion } = proposed.rows[0]!;
  await tx.query(
    `INSERT INTO sla_contract_signatures (contract_id, member_id, side, signed_at)
     VALUES ($1, $2, 'marketing', $4), ($1, $3, 'sales', $4)`,
    [contractId, signer('jordan.lee'), signer('priya.raman'), sla.routing.createdAt],
  );

  // The store names a handoff by its transition's seq, known only now the transitions are in.
  const transitionIds = [
    ...new Set([
      ...sla.clocks.map((c) => c.handoffTransitionId),
      ...sla.assignments.map((a) => a.handoffTransitionId),
    ]),
  ];
  const seqs = await tx.query<{ id: string; seq: string | number }>(
    'SELECT id, seq FROM stage_transitions WHERE id = ANY($1::uuid[])',
    [transitionIds],
  );
  const seqOf = new Map(seqs.rows.map((r) => [r.id, Number(r.seq)]));

  const awayOf = new Map<string, AwaySpan[]>();
  for (const p of sla.awayPeriods)
    awayOf.set(p.memberId, [...(awayOf.get(p.memberId) ?? []), { from: p.startsAt, to: p.endsAt }]);
  const clockRows: ClockRow[] = sla.clocks.map((c) => ({
    id: c.id,
    contactId: c.contactId,
    handoffSeq: seqOf.get(c.handoffTransitionId)!,
    ownerId: c.ownerId,
    contractVersion,
    clock: c.clock,
    // What the sweep would have scheduled: the next warning, due time or leave boundary.
    nextDueAt: nextInstant(c.clock, awayOf.get(c.ownerId) ?? [], demo.asOf),
    updatedAt: lastChange(c.clock),
  }));
  await bulkInsert(tx, 'sla_clocks', clockColumns, clockRows, onChunk);

  const since = monthStart(demo.asOf.getTime());
  const notices: { record: ClockRecord; notification: SlaNotification }[] = [];
  for (const [i, c] of sla.clocks.entries())
    for (const notification of c.notifications)
      if (notification.at.getTime() >= since) notices.push({ record: clockRows[i]!, notification });
  let notifications = await writeSlaNotifications(tx, notices);

  // lead.assigned with its handoff brief, as routing announces it (the brief as the lead stands now).
  const recent = sla.assignments.filter((a) => a.at.getTime() >= since);
  const keyOf = (a: (typeof recent)[number]) =>
    `lead.assigned:${a.contactId}:${seqOf.get(a.handoffTransitionId)}:${a.ownerId}`;
  notifications += await announceAssignments(
    tx,
    recent.map((a) => ({
      contactId: a.contactId,
      ownerId: a.ownerId,
      reason: a.reason,
      handoffSeq: seqOf.get(a.handoffTransitionId)!,
      notifyOwner: true,
      details: {
        routingVersion,
        rule: a.rule,
        teamId: a.teamId,
        strategy: sla.routing.document.rules.find((r) => r.key === a.rule)?.strategy ?? null,
      },
    })),
    { now: demo.asOf },
  );
  await tx.query(
    `UPDATE notifications n
     SET payload = jsonb_set(n.payload, '{assignedAt}', to_jsonb(x.at)),
         created_at = x.at::timestamptz, delivered_at = x.at::timestamptz
     FROM unnest($1::text[], $2::text[]) AS x (key, at)
     WHERE n.dedupe_key IN (x.key, x.key || ':*')`,
    [recent.map(keyOf), recent.map((a) => a.at.toISOString())],
  );
  // Rows written in this transaction carry its now(): date them when they were caused, delivered.
  await tx.query(
    `UPDATE notifications
     SET created_at = coalesce((payload->>'at')::timestamptz, created_at),
         delivered_at = coalesce((payload->>'at')::timestamptz, created_at)
     WHERE created_at = now()`,
  );
  return { clocks: clockRows.length, notifications };
}
