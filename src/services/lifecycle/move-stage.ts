import { AppError } from '../../core/app-error.js';
import type { Contact, StageDefinitionVersion } from '../../core/entities.js';
import {
  type PlannedTransition,
  planTransition,
  type TransitionRequest,
} from '../../core/lifecycle.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { routeStageKeys } from '../../core/sla/lead-events.js';
import { findStage } from '../../core/stages.js';
import { insertAudit } from '../../store/audit.js';
import { findContact, updateContactColumns } from '../../store/contacts.js';
import type { Db, Tx } from '../../store/db.js';
import { currentHandoffs } from '../../store/routing.js';
import { insertTransition } from '../../store/transitions.js';
import { announceAssignments, announceStageChange } from '../leads/lead-notifications.js';
import { applyStageMove } from '../sla/apply-clock-events.js';
import { loadActiveDefinitions } from './active-definitions.js';

/** What a lead action sees: the contact, locked for this transaction, and the definitions in force. */
export interface LeadContext {
  tx: Tx;
  contact: Contact;
  definitions: StageDefinitionVersion;
}

/**
 * Runs one lead action in its own transaction with the contact row locked, so
 * two reps acting on one lead at once take turns and the second sees the
 * first's move (and is told it is no longer allowed). Returns the contact as
 * stored afterwards.
 */
export async function withLead(
  db: Db,
  contactId: string,
  action: (lead: LeadContext) => Promise<void>,
): Promise<Contact> {
  return db.transaction(async (tx) => {
    const contact = await findContact(tx, contactId, true);
    if (!contact) throw new AppError('not_found', 'No contact with that id');
    const definitions = await loadActiveDefinitions(tx);
    await action({ tx, contact, definitions });
    return (await findContact(tx, contactId))!;
  });
}

/**
 * Moves a contact to another stage: the actor must be allowed to (policy), the
 * definitions in force must allow the move and its requirements must be met
 * (core/lifecycle.ts). The transition, the new stage, the audit entry and the
 * move's notifications (`stage.changed`, `lead.rejected`; `lead.assigned` when
 * the move claims an unowned lead) are written together.
 */
export async function moveStage(
  lead: LeadContext,
  actor: Actor,
  request: TransitionRequest,
  extra: { ownerId?: string } = {},
): Promise<PlannedTransition> {
  const { tx, contact, definitions } = lead;
  const { stages } = definitions;
  const from = stages.find((s) => s.key === contact.lifecycleStage) ?? null;
  const to = findStage(stages, request.to);
  const ownerId = extra.ownerId ?? contact.ownerId;
  authorize(actor, { action: 'contact.change_stage', ownerId, from, to });
  const planned = planTransition(
    definitions,
    { stage: contact.lifecycleStage, qualification: contact.qualification },
    request,
  );
  const claimed = ownerId !== contact.ownerId && ownerId !== null;
  // Read before the move: the handoff is the lead's while it is still in the route stage.
  const handoffs = claimed
    ? await currentHandoffs(tx, [contact.id], routeStageKeys(stages))
    : new Map<string, number>();
  await insertTransition(tx, {
    contactId: contact.id,
    fromStage: planned.from,
    toStage: planned.to,
    actor,
    reason: planned.note,
    reasonCode: planned.reasonCode,
    amount: planned.amount,
    definitionsVersion: definitions.version,
  });
  await updateContactColumns(tx, contact.id, {
    lifecycleStage: planned.to,
    ...(ownerId !== contact.ownerId ? { ownerId } : {}),
  });
  await applyStageMove(tx, { ...planned, definitions, contactId: contact.id, at: new Date() });
  await insertAudit(tx, actor, {
    action: 'contact.stage_changed',
    subjectType: 'contact',
    subjectId: contact.id,
    changes: {
      lifecycleStage: { from: planned.from, to: planned.to },
      ...(planned.reasonCode ? { reasonCode: planned.reasonCode } : {}),
      ...(planned.amount !== null ? { amount: planned.amount } : {}),
      ...(ownerId !== contact.ownerId ? { ownerId: { from: contact.ownerId, to: ownerId } } : {}),
    },
  });
  await announceStageChange(tx, {
    contactId: contact.id,
    ownerId: contact.ownerId,
    actor,
    planned,
    definitions,
  });
  // A rep claiming an unowned lead (accepting it) is an assignment the workspace
  // hears of; the rep, who did it, is not told.
  if (claimed)
    await announceAssignments(
      tx,
      [
        {
          contactId: contact.id,
          ownerId,
          reason: `claimed by ${actor.name}`,
          handoffSeq: handoffs.get(contact.id) ?? null,
          notifyOwner: false,
          details: { assignedBy: { kind: actor.kind, id: actor.id, name: actor.name } },
        },
      ],
      { now: new Date(), definitions },
    );
  return planned;
}
