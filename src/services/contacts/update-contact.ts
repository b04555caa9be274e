import { AppError } from '../../core/app-error.js';
import type { Contact } from '../../core/entities.js';
import { planTransition } from '../../core/lifecycle.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { openLeadStageKeys } from '../../core/sla/lead-events.js';
import { findStage } from '../../core/stages.js';
import { insertAudit } from '../../store/audit.js';
import { findContact, updateContactColumns } from '../../store/contacts.js';
import type { Db } from '../../store/db.js';
import { insertTransition } from '../../store/transitions.js';
import { announceAssignments, announceStageChange } from '../leads/lead-notifications.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { scoreContacts } from '../scoring/score-contacts.js';
import { applyClockEvent, applyStageMove } from '../sla/apply-clock-events.js';
import { startLeadClocks } from '../sla/start-lead-clocks.js';
import { type ContactFields, checkContactReferences } from './contact-input.js';

/**
 * Edits a contact. Changing the owner and changing the stage are separate
 * permissions from editing fields, and a stage change must follow the
 * active definitions' allowed transitions; each is recorded.
 */
export async function updateContact(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  fields: ContactFields;
  /** Free text recorded with a stage or owner change. */
  reason?: string | undefined;
  /** What some stages require on entry (core/lifecycle.ts): a reason code, a won amount. */
  reasonCode?: string | undefined;
  amount?: number | undefined;
}): Promise<Contact> {
  const { actor, contactId } = input;
  return input.db.transaction(async (tx) => {
    const current = await findContact(tx, contactId, true);
    if (!current) throw new AppError('not_found', 'No contact with that id');

    const { ownerId, lifecycleStage, ...rest } = input.fields;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(rest)) {
      const before = current[key as keyof Contact];
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(before))
        changes[key] = { from: before, to: value };
    }
    if (Object.keys(changes).length > 0)
      authorize(actor, { action: 'contact.update', ownerId: current.ownerId });

    if (ownerId !== undefined && ownerId !== current.ownerId) {
      authorize(actor, {
        action: 'contact.assign',
        currentOwnerId: current.ownerId,
        newOwnerId: ownerId,
      });
      changes.ownerId = { from: current.ownerId, to: ownerId };
    }

    let stageMove: Omit<Parameters<typeof applyStageMove>[1], 'contactId' | 'at'> | null = null;
    if (lifecycleStage !== undefined && lifecycleStage !== current.lifecycleStage) {
      const definitions = await loadActiveDefinitions(tx);
      const to = findStage(definitions.stages, lifecycleStage);
      const from = definitions.stages.find((s) => s.key === current.lifecycleStage) ?? null;
      authorize(actor, { action: 'contact.change_stage', ownerId: current.ownerId, from, to });
      const lead = { stage: current.lifecycleStage, qualification: current.qualification };
      const planned = planTransition(definitions, lead, {
        to: lifecycleStage,
        reasonCode: input.reasonCode,
        amount: input.amount,
        note: input.reason,
      });
      await insertTransition(tx, {
        contactId,
        fromStage: planned.from,
        toStage: planned.to,
        actor,
        reason: planned.note,
        reasonCode: planned.reasonCode,
        amount: planned.amount,
        definitionsVersion: definitions.version,
      });
      changes.lifecycleStage = { from: current.lifecycleStage, to: lifecycleStage };
      stageMove = {
        definitions,
        from: planned.from,
        to: planned.to,
        reasonCode: planned.reasonCode,
      };
    }

    if (Object.keys(changes).length === 0) return current;
    await checkContactReferences(tx, input.fields, contactId);
    // Clocks before the columns change: a lead assigned and moved in one edit starts in its route stage.
    const at = new Date();
    // A new owner takes over open clocks (even after the lead was unassigned), or starts them.
    let handoffs = new Map<string, number>();
    if (changes.ownerId && ownerId) {
      await applyClockEvent(tx, contactId, { type: 'reassigned', at, toOwnerId: ownerId });
      handoffs = await startLeadClocks({ tx, leads: [{ contactId, ownerId }], at });
    }
    if (stageMove) await applyStageMove(tx, { ...stageMove, contactId, at });
    const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to]));
    await updateContactColumns(tx, contactId, values);
    // Before scoring, which may move the contact again: the newest transition is this edit's.
    if (stageMove)
      await announceStageChange(tx, {
        contactId,
        ownerId: current.ownerId,
        actor,
        planned: { ...stageMove, note: input.reason ?? null },
        definitions: stageMove.definitions,
      });
    if (changes.ownerId && ownerId) {
      const definitions = stageMove?.definitions ?? (await loadActiveDefinitions(tx));
      // An owner for a lead (handed over, or in sales' open stages), not for any contact.
      if (openLeadStageKeys(definitions.stages).includes(lifecycleStage ?? current.lifecycleStage))
        await announceAssignments(
          tx,
          [
            {
              contactId,
              ownerId,
              reason: `assigned by ${actor.name}`,
              handoffSeq: handoffs.get(contactId) ?? null,
              notifyOwner: !(actor.kind === 'member' && actor.id === ownerId),
              details: {
                assignedBy: { kind: actor.kind, id: actor.id, name: actor.name },
                previousOwnerId: current.ownerId,
                ...(input.reason ? { note: input.reason } : {}),
              },
              cause: `manual:${at.getTime()}`,
            },
          ],
          { now: at, definitions },
        );
    }
    await scoreContacts(tx, {
      now: new Date(),
      lock: input.db.kind === 'postgres',
      profile: [contactId],
    });
    await insertAudit(tx, actor, {
      action: 'contact.updated',
      subjectType: 'contact',
      subjectId: contactId,
      changes,
    });
    return (await findContact(tx, contactId))!;
  });
}
