import type { Db } from '../store/db.js';
import { insertDeliveries, type NewDelivery } from '../store/deliveries.js';
import {
  claimPendingNotifications,
  loadRenderLookups,
  markFannedOut,
  type PendingNotification,
  type RenderLookups,
} from '../store/notifications.js';
import { listEnabledEndpoints } from '../store/webhook-endpoints.js';
import { describeClause, type RenderFacts, renderEmail, renderSlack } from './render.js';

/** Outbox rows one fan-out takes on; a full batch makes the job run again at once. */
export const fanOutBatch = 200;

export interface FanOutOptions {
  /** SMTP is configured: members are also told by email. */
  email: boolean;
  /** TANDEM_PUBLIC_URL, for links to the contact's page. */
  publicUrl: string | undefined;
}

/**
 * Turns outbox rows into deliveries, in one transaction: claims rows not yet
 * fanned out (partial index, SKIP LOCKED), renders each once, writes one
 * delivery per place it must reach and marks the rows fanned out. A member's
 * row is already their in-app notification; it gets an email delivery when
 * SMTP is configured (active members only). A workspace row (no member) goes
 * to every enabled endpoint subscribed to its type. The unique keys on
 * deliveries make a second fan-out of one row add nothing.
 */
export async function fanOutNotifications(
  input: { db: Db; now: Date; limit?: number } & FanOutOptions,
): Promise<{ fannedOut: number; deliveries: number; full: boolean }> {
  const limit = input.limit ?? fanOutBatch;
  return input.db.transaction(async (tx) => {
    const pending = await claimPendingNotifications(tx, limit);
    if (pending.length === 0) return { fannedOut: 0, deliveries: 0, full: false };
    const endpoints = pending.some((n) => n.memberId === null)
      ? await listEnabledEndpoints(tx)
      : [];
    const lookups = await loadRenderLookups(tx, lookupsWanted(pending));
    const deliveries: NewDelivery[] = [];
    for (const n of pending) {
      const facts = renderFacts(n, lookups, input.publicUrl);
      if (n.memberId !== null) {
        if (input.email && n.member?.active)
          deliveries.push({
            notificationId: n.id,
            channel: 'email',
            endpointId: null,
            recipient: n.member.email,
            request: { channel: 'email', to: n.member.email, ...renderEmail(facts, n.member.name) },
          });
        continue;
      }
      // A test ping is written with its one delivery (services/notifications/send-test-ping.ts).
      if (n.type === 'test.ping') continue;
      for (const e of endpoints) {
        if (e.eventTypes.length > 0 && !e.eventTypes.includes(n.type)) continue;
        const body = e.kind === 'slack' ? JSON.stringify(renderSlack(facts)) : webhookBody(n);
        deliveries.push({
          notificationId: n.id,
          channel: e.kind,
          endpointId: e.id,
          recipient: null,
          request: { channel: e.kind, body },
        });
      }
    }
    const created = await insertDeliveries(tx, deliveries, input.now);
    await markFannedOut(
      tx,
      pending.map((n) => n.id),
      input.now,
    );
    return {
      fannedOut: pending.length,
      deliveries: created.length,
      full: pending.length === limit,
    };
  });
}

/** The Standard Webhooks payload: { type, timestamp, data }; data is what the writer recorded. */
export function webhookBody(n: {
  type: string;
  contactId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}): string {
  return JSON.stringify({
    type: n.type,
    timestamp: n.createdAt.toISOString(),
    data: { contactId: n.contactId, ...n.payload },
  });
}

function lookupsWanted(pending: readonly PendingNotification[]) {
  const contactIds: string[] = [];
  const memberIds: string[] = [];
  const contractVersions: number[] = [];
  for (const n of pending) {
    if (n.contactId) contactIds.push(n.contactId);
    if (typeof n.payload.ownerId === 'string') memberIds.push(n.payload.ownerId);
    if (typeof n.payload.contractVersion === 'number')
      contractVersions.push(n.payload.contractVersion);
  }
  return { contactIds, memberIds, contractVersions };
}

export function renderFacts(
  n: Pick<PendingNotification, 'type' | 'contactId' | 'payload'>,
  lookups: RenderLookups,
  publicUrl: string | undefined,
): RenderFacts {
  const contact = n.contactId ? (lookups.contacts.get(n.contactId) ?? null) : null;
  const ownerId = typeof n.payload.ownerId === 'string' ? n.payload.ownerId : contact?.ownerId;
  const clause = typeof n.payload.clause === 'string' ? n.payload.clause : null;
  const version = typeof n.payload.contractVersion === 'number' ? n.payload.contractVersion : null;
  const contract = version === null ? undefined : lookups.contracts.get(version);
  const sales = (contract as { sales?: unknown } | undefined)?.sales ?? null;
  return {
    type: n.type,
    payload: n.payload,
    contact,
    ownerName: ownerId ? (lookups.memberNames.get(ownerId) ?? null) : null,
    clauseText: clause ? describeClause(clause, sales) : null,
    link:
      publicUrl && n.contactId ? `${publicUrl.replace(/\/+$/, '')}/contacts/${n.contactId}` : null,
  };
}
