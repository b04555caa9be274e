import { AppError } from '../../core/app-error.js';
import type { ContactEvent } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import {
  type AttemptChannel,
  attemptFutureSlackMs,
  attemptOutcomes,
  outcomeFits,
  salesAttemptEventType,
} from '../../core/sales-activity.js';
import { uuidV7 } from '../../core/uuid-v7.js';
import { insertAudit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { findEvent, insertEvents } from '../../store/events.js';
import { scoreContacts } from '../scoring/score-contacts.js';
import { applyClockEvent } from '../sla/apply-clock-events.js';
import { withLead } from './move-stage.js';

/** Events the lead desk itself records carry this source. */
export const deskSource = 'tandem';

/**
 * Records a call, email or meeting on a lead as an event on its timeline. The
 * event goes through scoring like any other, so a model may count meetings.
 */
export async function logSalesAttempt(input: {
  db: Db;
  actor: Actor;
  contactId: string;
  channel: AttemptChannel;
  outcome: string;
  note?: string | null | undefined;
  occurredAt?: Date | undefined;
  now?: Date;
}): Promise<ContactEvent> {
  const now = input.now ?? new Date();
  const occurredAt = input.occurredAt ?? now;
  if (!outcomeFits(input.channel, input.outcome))
    throw new AppError(
      'validation_failed',
      `"${input.outcome}" is not an outcome of a ${input.channel}`,
      {
        fields: [
          {
            field: 'outcome',
            message: `must be one of ${attemptOutcomes[input.channel].join(', ')}`,
          },
        ],
      },
    );
  if (occurredAt.getTime() > now.getTime() + attemptFutureSlackMs)
    throw new AppError('validation_failed', 'An attempt cannot be logged ahead of time', {
      fields: [{ field: 'occurredAt', message: 'must not be in the future' }],
    });
  const id = uuidV7(now.getTime());
  await withLead(input.db, input.contactId, async ({ tx, contact }) => {
    authorize(input.actor, { action: 'lead.log_activity', ownerId: contact.ownerId });
    const event = {
      id,
      contactId: contact.id,
      anonymousId: null,
      type: salesAttemptEventType,
      name: `${input.channel}: ${input.outcome.replaceAll('_', ' ')}`,
      properties: {
        channel: input.channel,
        outcome: input.outcome,
        note: input.note ?? null,
        memberId: input.actor.id,
        memberName: input.actor.name,
      },
      context: {},
      source: deskSource,
      messageId: `attempt:${id}`,
      occurredAt,
      receivedAt: now,
    };
    await insertEvents(tx, [event]);
    await scoreContacts(tx, {
      now,
      lock: input.db.kind === 'postgres',
      appended: new Map([[contact.id, [event]]]),
    });
    // Judged when recorded, not when it happened: a backdated attempt logged late is late.
    await applyClockEvent(tx, contact.id, { type: 'attempt_logged', at: now });
    await insertAudit(tx, input.actor, {
      action: 'contact.attempt_logged',
      subjectType: 'contact',
      subjectId: contact.id,
      changes: { eventId: id, channel: input.channel, outcome: input.outcome },
    });
  });
  return (await findEvent(input.db, id))!;
}
