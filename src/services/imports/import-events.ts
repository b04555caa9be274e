import { randomUUID } from 'node:crypto';
import type { ChunkOutcome } from '../../core/import/import-report.js';
import type { EventRecord } from '../../core/import/records.js';
import type { Actor } from '../../core/roles.js';
import { type NormalizedMessage, normalizeMessage } from '../../core/tracking/normalize.js';
import type { RawMessage } from '../../core/tracking/segment-message.js';
import type { DbKind, Tx } from '../../store/db.js';
import { attachEventsByEmail, findStoredMessageIds } from '../../store/event-imports.js';
import {
  insertBareContacts,
  insertIdentityLinks,
  loadIdentitySnapshot,
  lockIdentityKeys,
  refreshTouches,
} from '../../store/identities.js';
import { insertTransitions } from '../../store/transitions.js';
import type { IdentityCache } from '../ingest/identity-cache.js';
import { ingestMessages } from '../ingest/ingest-messages.js';
import { scoreContacts } from '../scoring/score-contacts.js';

/** Imported events are one source: a row imported twice (same messageId) is stored once. */
export const importSource = 'csv_import';

/** A CSV row as the Segment message it stands for, so ingest normalises it like a tracking call. */
function toMessage(r: EventRecord, receivedAt: Date): NormalizedMessage {
  const traits =
    r.type === 'identify' && r.email ? { ...r.properties, email: r.email } : r.properties;
  const raw: RawMessage = {
    type: r.type,
    messageId: r.messageId,
    ...(r.userId !== null ? { userId: r.userId } : {}),
    ...(r.anonymousId !== null ? { anonymousId: r.anonymousId } : {}),
    ...(r.type === 'track' && r.event ? { event: r.event } : {}),
    ...((r.type === 'page' || r.type === 'screen') && r.event ? { name: r.event } : {}),
    ...(r.groupId !== null ? { groupId: r.groupId } : {}),
    ...(r.type === 'identify' || r.type === 'group' ? { traits } : { properties: r.properties }),
    context: r.touch
      ? { campaign: { source: r.touch.source, medium: r.touch.medium, name: r.touch.campaign } }
      : {},
    ...(r.timestamp ? { timestamp: r.timestamp.toISOString() } : {}),
  };
  return normalizeMessage(raw, receivedAt, undefined, r.messageId);
}

/**
 * Stores one chunk of event rows through the tracking ingest path
 * (services/ingest/ingest-messages.ts), so identity resolution, merges,
 * touches and exactly-once are the tracking API's own. Before that, the
 * people rows name and the database does not know yet are created here (stage
 * `lead`, transition `imported`), and a row's email — which tracking only
 * reads from identify calls — finds its contact:
 * - a known userId decides, as in tracking;
 * - otherwise the contact of the email, else of the anonymousId, else a new
 *   one when the row has an email or a userId; the row's userId and unknown
 *   anonymousId are linked to it;
 * - a row with only an email is attached to that email's contact after it is stored;
 * - a row with only an anonymousId waits unattached until that id is identified.
 */
export async function importEvents(
  tx: Tx,
  input: {
    dbKind: DbKind;
    actor: Actor;
    records: readonly EventRecord[];
    receivedAt: Date;
    /** The embedded database's identity memo (services/ingest/identity-cache.ts); none in a dry run. */
    identityCache?: IdentityCache | undefined;
  },
): Promise<ChunkOutcome<EventRecord>> {
  const { records, actor } = input;
  const stored = await findStoredMessageIds(
    tx,
    importSource,
    records.map((r) => r.messageId),
  );
  const fresh = new Map<string, EventRecord>();
  for (const r of records)
    if (!stored.has(r.messageId) && !fresh.has(r.messageId)) fresh.set(r.messageId, r);
  const rows = [...fresh.values()];

  const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const anonymousIds = [...new Set(rows.flatMap((r) => (r.anonymousId ? [r.anonymousId] : [])))];
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email.toLowerCase()] : [])))];
  if (input.dbKind === 'postgres') {
    await lockIdentityKeys(tx, [
      ...userIds.map((u) => `u:${u}`),
      ...[...anonymousIds, ...userIds].map((a) => `a:${a}`),
      ...emails.map((e) => `e:${e}`),
    ]);
  }
  const snapshot = await loadIdentitySnapshot(tx, {
    userIds,
    anonymousIds: [...anonymousIds, ...userIds],
    emails,
  });
  const known = new Map<string, string>();
  for (const [key, c] of snapshot.identities) known.set(key, c.id);
  const byEmail = new Map([...snapshot.emails].map(([email, c]) => [email, c.id]));
  const userKnown = (u: string) => known.has(`user_id:${u}`) || known.has(`anonymous_id:${u}`);

  const newContacts: { id: string; email: string | null }[] = [];
  const links: { kind: 'user_id' | 'anonymous_id'; value: string; contactId: string }[] = [];
  const link = (kind: 'user_id' | 'anonymous_id', value: string, contactId: string) => {
    if (known.has(`${kind}:${value}`)) return;
    known.set(`${kind}:${value}`, contactId);
    links.push({ kind, value, contactId });
  };
  for (const r of rows) {
    if (r.userId && userKnown(r.userId)) continue;
    const email = r.email?.toLowerCase() ?? null;
    let contactId =
      (email ? byEmail.get(email) : undefined) ??
      (r.anonymousId ? known.get(`anonymous_id:${r.anonymousId}`) : undefined);
    if (contactId === undefined) {
      if (!email && !r.userId) continue;
      contactId = randomUUID();
      newContacts.push({ id: contactId, email: r.email });
      if (email) byEmail.set(email, contactId);
    }
    if (r.userId) link('user_id', r.userId, contactId);
    if (r.anonymousId) link('anonymous_id', r.anonymousId, contactId);
  }
  await insertBareContacts(tx, newContacts, 'lead');
  await insertTransitions(
    tx,
    newContacts.map((c) => ({
      contactId: c.id,
      fromStage: null,
      toStage: 'lead',
      actor,
      reason: 'imported',
    })),
  );
  const linked = await insertIdentityLinks(tx, links);

  const outcome = await ingestMessages(tx, {
    dbKind: input.dbKind,
    actor,
    source: importSource,
    messages: rows.map((r) => toMessage(r, input.receivedAt)),
    receivedAt: input.receivedAt,
    identityCache: input.identityCache,
  });
  const attached = await attachEventsByEmail(
    tx,
    importSource,
    rows
      .filter(
        (r) => r.email && !r.userId && !r.anonymousId && outcome.storedMessageIds.has(r.messageId),
      )
      .map((r) => ({ messageId: r.messageId, email: r.email! })),
  );
  if (attached.length > 0) await refreshTouches(tx, attached);
  // Ingest scored what it appended; events attached around it change history underneath.
  await scoreContacts(tx, {
    now: input.receivedAt,
    lock: input.dbKind === 'postgres',
    rebuild: new Set([...linked, ...attached]),
  });
  const created = rows.filter((r) => outcome.storedMessageIds.has(r.messageId)).length;
  return {
    created,
    updated: 0,
    unchanged: records.length - created,
    failed: [],
    deferred: [],
  };
}
