import type { Actor } from '../../core/roles.js';
import type { ScoringEvent } from '../../core/scoring/model.js';
import { accountFromGroup } from '../../core/tracking/group-traits.js';
import type { NormalizedMessage } from '../../core/tracking/normalize.js';
import {
  type KnownContact,
  resolveIdentities,
  storedContactsWritten,
} from '../../core/tracking/resolve-identities.js';
import { uuidV7 } from '../../core/uuid-v7.js';
import { linkContactsToAccounts, upsertGroupAccounts } from '../../store/accounts.js';
import { insertAudit } from '../../store/audit.js';
import { mergeContactRows } from '../../store/contact-merges.js';
import { applyContactPatches } from '../../store/contact-patches.js';
import { type DbKind, type Tx, together } from '../../store/db.js';
import { copyEvents, type NewEvent } from '../../store/events.js';
import {
  findHandedContacts,
  holdContacts,
  insertBareContacts,
  insertIdentityLinks,
  loadIdentitySnapshot,
  lockIdentityKeys,
} from '../../store/identities.js';
import { insertTransitions } from '../../store/transitions.js';
import { scoreContacts } from '../scoring/score-contacts.js';
import type { IdentityCache } from './identity-cache.js';

export interface IngestResult {
  /** Events newly stored. */
  stored: number;
  /** Events whose (source, messageId) was already stored: a retry, changed nothing. */
  duplicates: number;
}

export interface IngestOutcome {
  /** messageIds stored by this call (the others were already there). */
  storedMessageIds: Set<string>;
  /** Identities read from the database, for IdentityCache.remember once the transaction committed. */
  identitiesRead: Map<string, KnownContact>;
}

/**
 * Stores tracking messages from one source inside the caller's transaction:
 * drops messages already stored (exactly once per source and messageId),
 * resolves identities for the rest (core/tracking/resolve-identities.ts),
 * then writes contacts, links, merges, traits, touches, accounts and events
 * with a handful of set-based statements.
 */
export async function ingestMessages(
  tx: Tx,
  input: {
    dbKind: DbKind;
    actor: Actor;
    source: string;
    messages: readonly NormalizedMessage[];
    receivedAt: Date;
    /** Embedded database only (see identity-cache.ts). */
    identityCache?: IdentityCache | undefined;
  },
): Promise<IngestOutcome> {
  const unique = new Map<string, NormalizedMessage>();
  for (const m of input.messages) if (!unique.has(m.messageId)) unique.set(m.messageId, m);

  // The ids of every message, stored already or not: looking a few up for nothing
  // (a retried batch) is cheaper than a round trip more for every batch.
  const userIds = new Set<string>();
  const anonymousIds = new Set<string>();
  const emails = new Set<string>();
  for (const m of unique.values()) {
    if (m.userId !== null) {
      userIds.add(m.userId);
      anonymousIds.add(m.userId);
    }
    if (m.anonymousId !== null) anonymousIds.add(m.anonymousId);
    if (m.previousId !== null) {
      userIds.add(m.previousId);
      anonymousIds.add(m.previousId);
    }
    if (m.type === 'identify' && m.email) emails.add(m.email.toLowerCase());
  }
  const cache = input.identityCache;
  const cached = new Map<string, KnownContact>();
  const uncached = (kind: string, ids: Set<string>) =>
    [...ids].filter((id) => {
      const hit = cache?.get(`${kind}:${id}`);
      if (hit) cached.set(`${kind}:${id}`, hit);
      return !hit;
    });
  // Sent together, answered in order: already stored, then (PostgreSQL) the locks, then who is who.
  const [{ rows: seen }, , snapshot] = await together([
    tx.query<{ message_id: string }>(
      'SELECT message_id FROM events WHERE source = $1 AND message_id = ANY($2::text[])',
      [input.source, [...unique.keys()]],
    ),
    input.dbKind === 'postgres'
      ? lockIdentityKeys(tx, [
          ...[...userIds].map((u) => `u:${u}`),
          ...[...anonymousIds].map((a) => `a:${a}`),
          ...[...emails].map((e) => `e:${e}`),
        ])
      : Promise.resolve(),
    loadIdentitySnapshot(tx, {
      userIds: uncached('user_id', userIds),
      anonymousIds: uncached('anonymous_id', anonymousIds),
      emails: [...emails],
    }),
  ] as const);
  for (const r of seen) unique.delete(r.message_id);
  const messages = [...unique.values()];
  if (messages.length === 0) return { storedMessageIds: new Set(), identitiesRead: new Map() };
  const loaded = snapshot.identities;
  const known = { ...snapshot, identities: new Map([...cached, ...loaded]) };
  // New contacts get increasing ids: a later merge breaks a creation-time tie by the smaller id.
  let plan = resolveIdentities(messages, known, uuidV7);
  if (plan.merges.length > 0) {
    // Rare, so read only then: a lead sales is working survives the merge (planned again knowing it).
    const handed = await findHandedContacts(
      tx,
      plan.merges.flatMap((m) => [m.survivorId, m.mergedId]),
    );
    if (handed.size > 0) plan = resolveIdentities(messages, { ...known, handed }, uuidV7);
  }
  // A merge moves identities to the survivor: what was read, here or before, may now be stale.
  if (plan.merges.length > 0) cache?.clear();

  const pending: Promise<unknown>[] = [];
  if (input.dbKind === 'postgres') {
    // events.contact_id has no foreign key (the COPY path): hold the contacts written to
    // instead. Sent first in the same batch as the writes: the server takes the locks
    // before it runs them, and a conflict found in the answer rolls everything back.
    pending.push(holdContacts(tx, storedContactsWritten(plan)));
  }
  // Single statements go out together; the rare multi-statement steps (merges,
  // links, groups) are awaited in turn so their statements keep their order.
  pending.push(
    insertBareContacts(tx, plan.newContacts, 'lead'),
    insertTransitions(
      tx,
      plan.newContacts.map((c) => ({
        contactId: c.id,
        fromStage: null,
        toStage: 'lead',
        actor: input.actor,
        reason: 'first seen by tracking',
      })),
    ),
  );
  const flush = async () => {
    await together(pending.splice(0));
  };
  if (plan.merges.length > 0) await flush();
  for (const merge of plan.merges) {
    await mergeContactRows(
      tx,
      merge.survivorId,
      merge.mergedId,
      'identity resolution: the same person',
    );
    await insertAudit(tx, input.actor, {
      action: 'contact.merged',
      subjectType: 'contact',
      subjectId: merge.survivorId,
      changes: { mergedId: merge.mergedId },
    });
  }
  let attached = new Set<string>();
  if (plan.links.length > 0) {
    await flush();
    attached = await insertIdentityLinks(tx, plan.links);
  }
  pending.push(applyContactPatches(tx, plan.patches));

  const profile = new Set(plan.patches.keys());
  if (plan.groups.length > 0) {
    await flush();
    const lastPerGroup = new Map(
      plan.groups.map((g) => [g.groupId, accountFromGroup(g.groupId, g.traits)]),
    );
    const accountIds = await upsertGroupAccounts(tx, [...lastPerGroup.values()]);
    const perContact = new Map(plan.groups.map((g) => [g.contactId, accountIds.get(g.groupId)!]));
    await linkContactsToAccounts(
      tx,
      [...perContact.entries()].map(([contactId, accountId]) => ({ contactId, accountId })),
    );
    for (const id of perContact.keys()) profile.add(id);
  }

  const events = messages.map((m, i) => ({
    id: uuidV7(),
    contactId: plan.messageContacts[i] ?? null,
    anonymousId: m.anonymousId,
    type: m.eventType,
    name: m.eventName,
    properties: m.properties,
    context: m.context,
    source: input.source,
    messageId: m.messageId,
    occurredAt: m.occurredAt,
    receivedAt: input.receivedAt,
    touch: m.touch,
  }));
  pending.push(copyEvents(tx, events));
  await flush();
  await scoreContacts(tx, {
    lock: input.dbKind === 'postgres',
    now: input.receivedAt,
    appended: eventsByContact(events),
    created: new Set(plan.newContacts.map((c) => c.id)),
    rebuild: new Set([...plan.merges.map((m) => m.survivorId), ...attached]),
    profile,
  });
  return {
    storedMessageIds: new Set(unique.keys()),
    identitiesRead: plan.merges.length > 0 ? new Map() : loaded,
  };
}

function eventsByContact(events: readonly NewEvent[]): Map<string, ScoringEvent[]> {
  const byContact = new Map<string, ScoringEvent[]>();
  for (const e of events) {
    if (e.contactId === null) continue;
    let list = byContact.get(e.contactId);
    if (!list) {
      list = [];
      byContact.set(e.contactId, list);
    }
    list.push({
      id: e.id,
      type: e.type,
      name: e.name,
      properties: e.properties,
      occurredAt: e.occurredAt,
    });
  }
  return byContact;
}
