import type { SlaNotification } from '../../core/sla/clocks.js';
import { type Queryable, together } from '../../store/db.js';
import { loadBriefContacts, loadMemberNames } from '../../store/handoff-brief.js';
import {
  insertNotifications,
  managersOf,
  type NewNotification,
} from '../../store/notifications.js';
import type { ClockRecord } from '../../store/sla-clocks.js';

/**
 * Puts SLA warnings and breaches into the outbox, one row per recipient: the
 * clock's owner, and on a breach the contract asks managers to hear of, the
 * active sales managers of the owner's team; and one row without a member per
 * crossing, the workspace's copy that webhooks and Slack receive. The dedupe
 * key names the clock, the kind and the recipient (`*` for the workspace), so
 * however many sweeps or events see the same crossing, each is told once.
 */
export async function writeSlaNotifications(
  q: Queryable,
  items: readonly { record: ClockRecord; notification: SlaNotification }[],
): Promise<number> {
  if (items.length === 0) return 0;
  const needManagers = items
    .filter((i) => i.notification.notify.includes('manager') && i.record.ownerId !== null)
    .map((i) => i.record.ownerId!);
  const [managers, contacts, owners] = await together([
    managersOf(q, needManagers),
    loadBriefContacts(
      q,
      items.map((i) => i.record.contactId),
    ),
    loadMemberNames(
      q,
      items.flatMap((i) => (i.record.ownerId === null ? [] : [i.record.ownerId])),
    ),
  ] as const);
  const rows: NewNotification[] = [];
  for (const { record, notification: n } of items) {
    const facts = {
      contactId: record.contactId,
      contactName: contacts.get(record.contactId)?.name ?? null,
      clockId: record.id,
      clause: n.clause,
      ownerId: record.ownerId,
      ownerName: record.ownerId === null ? null : (owners.get(record.ownerId) ?? null),
      at: n.at.toISOString(),
      dueAt: n.dueAt.toISOString(),
      contractVersion: record.contractVersion,
      handoffSeq: record.handoffSeq,
      reassign: n.reassign,
    };
    rows.push({
      type: n.type,
      contactId: record.contactId,
      memberId: null,
      dedupeKey: `${n.type}:${record.id}:*`,
      payload: { ...facts, recipient: 'workspace' },
    });
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
        payload: { ...facts, recipient: r.as },
      });
  }
  return insertNotifications(q, rows);
}
