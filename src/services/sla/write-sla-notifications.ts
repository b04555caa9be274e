import type { SlaNotification } from '../../core/sla/clocks.js';
import type { Queryable } from '../../store/db.js';
import {
  insertNotifications,
  managersOf,
  type NewNotification,
} from '../../store/notifications.js';
import type { ClockRecord } from '../../store/sla-clocks.js';

/**
 * Puts SLA warnings and breaches into the outbox, one row per recipient: the
 * clock's owner, and on a breach the contract asks managers to hear of, the
 * active sales managers of the owner's team. The dedupe key names the clock,
 * the kind and the recipient, so however many sweeps or events see the same
 * crossing, each person is told once.
 */
export async function writeSlaNotifications(
  q: Queryable,
  items: readonly { record: ClockRecord; notification: SlaNotification }[],
): Promise<number> {
  if (items.length === 0) return 0;
  const needManagers = items
    .filter((i) => i.notification.notify.includes('manager') && i.record.ownerId !== null)
    .map((i) => i.record.ownerId!);
  const managers = await managersOf(q, needManagers);
  const rows: NewNotification[] = [];
  for (const { record, notification: n } of items) {
    const recipients: { memberId: string; as: 'owner' | 'manager' }[] = [];
    if (n.notify.includes('owner') && record.ownerId !== null)
      recipients.push({ memberId: record.ownerId, as: 'owner' });
    if (n.notify.includes('manager') && record.ownerId !== null)
      for (const m of managers.get(record.ownerId) ?? [])
        recipients.push({ memberId: m, as: 'manager' });
    for (const r of recipients)
      rows.push({
        type: n.type,
        contactId: record.contactId,
        memberId: r.memberId,
        dedupeKey: `${n.type}:${record.id}:${r.memberId}`,
        payload: {
          clockId: record.id,
          clause: n.clause,
          recipient: r.as,
          ownerId: record.ownerId,
          at: n.at.toISOString(),
          dueAt: n.dueAt.toISOString(),
          contractVersion: record.contractVersion,
          handoffSeq: record.handoffSeq,
          reassign: n.reassign,
        },
      });
  }
  return insertNotifications(q, rows);
}
