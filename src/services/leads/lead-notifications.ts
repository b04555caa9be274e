import { findReasonCode } from '../../core/definitions.js';
import type { StageDefinitionVersion } from '../../core/entities.js';
import type { Actor } from '../../core/roles.js';
import { type Queryable, together } from '../../store/db.js';
import { latestTransitionSeq, loadBriefContacts } from '../../store/handoff-brief.js';
import { insertNotifications, type NewNotification } from '../../store/notifications.js';
import { buildHandoffBriefs } from './build-handoff-briefs.js';

/*
 * The lead events in the outbox. Per event, one row without a member (the
 * workspace's copy: the only one webhooks and Slack receive) and one row per
 * member who should hear of it. Dedupe keys name the cause, so a cause seen
 * twice is written once; the workspace row's key ends in `:*`.
 */

export interface AssignmentNotice {
  contactId: string;
  ownerId: string;
  /** Why this owner: the routing reason, or who assigned the lead by hand. */
  reason: string;
  /** The handoff (seq of the move into the route stage); null outside a handoff. */
  handoffSeq: number | null;
  /** Write the owner's own row too (not when the owner assigned themselves). */
  notifyOwner: boolean;
  /** Extra facts for the payload (routing version, rule, team, strategy, who assigned). */
  details?: Record<string, unknown>;
  /**
   * Tells apart assignments by hand within one handoff (given, taken back, given
   * again); routing leaves it out, so a handoff's routing is announced once.
   */
  cause?: string;
}

/**
 * `lead.assigned` with the handoff brief, for any number of leads: the briefs
 * are built with a fixed number of statements whatever the count.
 */
export async function announceAssignments(
  tx: Queryable,
  notices: readonly AssignmentNotice[],
  options: { now: Date; definitions?: StageDefinitionVersion },
): Promise<number> {
  if (notices.length === 0) return 0;
  const built = await buildHandoffBriefs(
    tx,
    notices.map((n) => n.contactId),
    options,
  );
  const rows: NewNotification[] = [];
  for (const n of notices) {
    const b = built.get(n.contactId);
    if (!b) continue;
    const key = `lead.assigned:${n.contactId}:${n.handoffSeq ?? 'none'}:${n.ownerId}${n.cause ? `:${n.cause}` : ''}`;
    const payload = {
      ...n.details,
      contactId: n.contactId,
      contactName: b.contact.name,
      ownerId: n.ownerId,
      ownerName: b.contact.ownerId === n.ownerId ? b.contact.ownerName : null,
      reason: n.reason,
      handoffSeq: n.handoffSeq,
      assignedAt: options.now.toISOString(),
      brief: b.brief,
    };
    if (n.notifyOwner)
      rows.push({
        type: 'lead.assigned',
        contactId: n.contactId,
        memberId: n.ownerId,
        dedupeKey: key,
        payload,
      });
    rows.push({
      type: 'lead.assigned',
      contactId: n.contactId,
      memberId: null,
      dedupeKey: `${key}:*`,
      payload,
    });
  }
  return insertNotifications(tx, rows);
}

function actorRef(actor: Actor) {
  return { kind: actor.kind, id: actor.id, name: actor.name };
}

function isMember(actor: Actor, memberId: string | null): boolean {
  return memberId !== null && actor.kind === 'member' && actor.id === memberId;
}

/**
 * A stage move's notifications, in the move's transaction (call it after the
 * transition is stored): `stage.changed` always, to the workspace and to the
 * lead's owner when someone else moved it; `lead.rejected` besides when the
 * move carries a reject reason code, to the workspace, the marketing member
 * credited with the lead (if the workspace records one) and the owner when
 * someone else (a manager) turned it down. The move's transition seq names
 * both, so a retried cause is written once.
 */
export async function announceStageChange(
  tx: Queryable,
  move: {
    contactId: string;
    /** The owner before the move: the one whose lead was moved. */
    ownerId: string | null;
    actor: Actor;
    planned: { from: string | null; to: string; reasonCode: string | null; note: string | null };
    definitions: StageDefinitionVersion;
  },
): Promise<number> {
  const { contactId, actor, planned } = move;
  const [seq, contacts] = await together([
    latestTransitionSeq(tx, contactId),
    loadBriefContacts(tx, [contactId]),
  ] as const);
  const contact = contacts.get(contactId);
  const contactName = contact?.name ?? null;
  const rows: NewNotification[] = [];
  const fanOut = (
    type: NewNotification['type'],
    members: readonly (string | null)[],
    payload: Record<string, unknown>,
  ) => {
    const key = `${type}:${contactId}:${seq}`;
    rows.push({ type, contactId, memberId: null, dedupeKey: `${key}:*`, payload });
    for (const m of new Set(members))
      if (m !== null && !isMember(actor, m))
        rows.push({ type, contactId, memberId: m, dedupeKey: `${key}:${m}`, payload });
  };

  fanOut('stage.changed', [move.ownerId], {
    contactId,
    contactName,
    from: planned.from,
    to: planned.to,
    actor: actorRef(actor),
    reasonCode: planned.reasonCode,
    reason: planned.note,
    ownerId: contact?.ownerId ?? move.ownerId,
  });
  const code = planned.reasonCode ? findReasonCode(move.definitions, planned.reasonCode) : null;
  if (code?.kind === 'reject')
    fanOut('lead.rejected', [contact?.marketerId ?? null, move.ownerId], {
      contactId,
      contactName,
      reasonCode: code.key,
      reasonLabel: code.label,
      note: planned.note,
      rejectedBy: actorRef(actor),
      from: planned.from,
      to: planned.to,
      ownerId: move.ownerId,
    });
  return insertNotifications(tx, rows);
}
