import type { Touch } from '../entities.js';
import type { NormalizedMessage } from './normalize.js';

/**
 * Identity resolution for one batch, without I/O: given what the database
 * already knows about the ids in the batch, decide which contact each message
 * belongs to, which contacts to create, which ids to link, and which contacts
 * turned out to be one person and must merge.
 *
 * Rules (deterministic, whatever order the database returns rows in):
 * - a message's contact is the one its userId, email (identify traits) or
 *   anonymousId points at, in that order of preference; alias records an
 *   unknown previousId as an anonymous id, so a userId not known as one is
 *   also looked for among anonymous ids;
 * - when they point at different contacts, those contacts merge: the one
 *   created first survives (ties: the smaller id), and takes every event,
 *   identity and stage change of the others;
 * - identify with a userId or an email, and any call with a userId, creates a
 *   contact when none is known; activity with only an anonymousId waits,
 *   unattached, until an identify or alias links that id;
 * - later messages in the batch see the links earlier ones made.
 */
export interface KnownContact {
  id: string;
  createdAt: Date;
}

export interface IdentitySnapshot {
  /** `user_id:<id>` / `anonymous_id:<id>` → contact */
  identities: Map<string, KnownContact>;
  /** lower-cased email → contact */
  emails: Map<string, KnownContact>;
  /**
   * Contacts already handed to sales (they have an owner). Read only when a
   * merge is planned: such a contact survives a merge, so the lead a rep is
   * working keeps its stage, owner and SLA clocks.
   */
  handed?: ReadonlySet<string>;
}

export interface ContactPatch {
  email?: string;
  firstName?: string;
  lastName?: string;
  title?: string;
  phone?: string;
  properties: Record<string, unknown>;
  firstTouch?: { touch: Touch; at: Date };
  lastTouch?: { touch: Touch; at: Date };
}

export interface ResolutionPlan {
  newContacts: { id: string; email: string | null }[];
  links: { kind: 'user_id' | 'anonymous_id'; value: string; contactId: string }[];
  merges: { survivorId: string; mergedId: string }[];
  /** Per message, in input order: the contact it belongs to after all merges. */
  messageContacts: (string | null)[];
  patches: Map<string, ContactPatch>;
  groups: { contactId: string; groupId: string; traits: Record<string, unknown> }[];
}

const fieldTraits: Record<
  string,
  keyof Omit<ContactPatch, 'properties' | 'firstTouch' | 'lastTouch' | 'email'>
> = {
  firstName: 'firstName',
  first_name: 'firstName',
  lastName: 'lastName',
  last_name: 'lastName',
  title: 'title',
  phone: 'phone',
};
const notProperties = new Set(['email', 'name', ...Object.keys(fieldTraits)]);

function key(kind: 'user_id' | 'anonymous_id', value: string): string {
  return `${kind}:${value}`;
}

export function resolveIdentities(
  messages: readonly NormalizedMessage[],
  snapshot: IdentitySnapshot,
  newId: () => string,
): ResolutionPlan {
  const identities = new Map(snapshot.identities);
  const emails = new Map(snapshot.emails);
  const mergedInto = new Map<string, string>();
  const createdAt = new Map<string, Date>();
  for (const c of [...snapshot.identities.values(), ...snapshot.emails.values()])
    createdAt.set(c.id, c.createdAt);

  const plan: ResolutionPlan = {
    newContacts: [],
    links: [],
    merges: [],
    messageContacts: [],
    patches: new Map(),
    groups: [],
  };
  const perMessage: (string | null)[] = [];
  // New contacts are younger than any stored one, and ordered by creation within the batch.
  let createdSeq = 0;
  const batchEpoch = new Date(8.64e15);

  const canonical = (id: string): string => {
    let current = id;
    for (let next = mergedInto.get(current); next !== undefined; next = mergedInto.get(current))
      current = next;
    return current;
  };
  const handed = snapshot.handed ?? new Set<string>();
  const survivesOver = (a: string, b: string): boolean => {
    if (handed.has(a) !== handed.has(b)) return handed.has(a);
    const ta = createdAt.get(a)!.getTime();
    const tb = createdAt.get(b)!.getTime();
    return ta !== tb ? ta < tb : a < b;
  };
  const patchOf = (id: string): ContactPatch => {
    let patch = plan.patches.get(id);
    if (!patch) {
      patch = { properties: {} };
      plan.patches.set(id, patch);
    }
    return patch;
  };
  const lookup = (k: string | null, map: Map<string, KnownContact>): string | null => {
    if (k === null) return null;
    const found = map.get(k);
    return found ? canonical(found.id) : null;
  };
  // alias records an unknown previousId as anonymous, so a user id is also looked for there.
  const lookupUser = (userId: string | null): string | null =>
    userId === null
      ? null
      : (lookup(key('user_id', userId), identities) ??
        lookup(key('anonymous_id', userId), identities));
  const link = (kind: 'user_id' | 'anonymous_id', value: string | null, contactId: string) => {
    if (value === null) return;
    const k = key(kind, value);
    if (identities.get(k)) return;
    identities.set(k, { id: contactId, createdAt: createdAt.get(contactId)! });
    plan.links.push({ kind, value, contactId });
  };
  const merge = (ids: string[]): string => {
    const distinct = [...new Set(ids)];
    const survivor = distinct.reduce((a, b) => (survivesOver(a, b) ? a : b));
    for (const id of distinct) {
      if (id === survivor) continue;
      mergedInto.set(id, survivor);
      plan.merges.push({ survivorId: survivor, mergedId: id });
      const patch = plan.patches.get(id);
      if (patch) {
        plan.patches.delete(id);
        const target = patchOf(survivor);
        Object.assign(target.properties, patch.properties, target.properties);
        for (const field of ['email', 'firstName', 'lastName', 'title', 'phone'] as const)
          target[field] ??= patch[field];
        mergeTouch(target, patch.firstTouch, patch.lastTouch);
      }
    }
    return survivor;
  };

  for (const m of messages) {
    const anonKey = m.anonymousId === null ? null : key('anonymous_id', m.anonymousId);
    const email = m.type === 'identify' && m.email ? m.email.toLowerCase() : null;
    const candidates: string[] = [];
    if (m.type === 'alias') {
      const previous =
        lookup(key('user_id', m.previousId!), identities) ??
        lookup(key('anonymous_id', m.previousId!), identities);
      const current = lookupUser(m.userId);
      for (const c of [current, previous]) if (c) candidates.push(c);
    } else {
      for (const c of [lookupUser(m.userId), lookup(email, emails), lookup(anonKey, identities)])
        if (c) candidates.push(c);
    }

    let contactId: string | null =
      candidates.length > 1 ? merge(candidates) : (candidates[0] ?? null);
    const createsContact =
      m.type === 'alias' || m.userId !== null || (m.type === 'identify' && email !== null);
    if (contactId === null && createsContact) {
      contactId = newId();
      createdAt.set(contactId, new Date(batchEpoch.getTime() + createdSeq++));
      plan.newContacts.push({ id: contactId, email: null });
    }
    if (contactId !== null) {
      if (m.type === 'alias') {
        link('user_id', m.userId, contactId);
        // The previous id may have been a user id or an anonymous id; an unknown one is recorded as anonymous.
        if (!identities.get(key('user_id', m.previousId!)))
          link('anonymous_id', m.previousId, contactId);
      } else {
        link('user_id', m.userId, contactId);
        link('anonymous_id', m.anonymousId, contactId);
      }
      if (email && !emails.get(email)) {
        emails.set(email, { id: contactId, createdAt: createdAt.get(contactId)! });
        patchOf(contactId).email = m.email!;
      }
      if (m.type === 'identify') applyTraits(patchOf(contactId), m.traits);
      if (m.touch)
        mergeTouch(
          patchOf(contactId),
          { touch: m.touch, at: m.occurredAt },
          { touch: m.touch, at: m.occurredAt },
        );
      if (m.type === 'group' && m.groupId)
        plan.groups.push({ contactId, groupId: m.groupId, traits: m.traits });
    }
    perMessage.push(contactId);
  }

  // Anonymous activity earlier in the batch belongs to whoever its anonymous id was linked to later on.
  messages.forEach((m, i) => {
    if (perMessage[i] !== null || m.anonymousId === null) return;
    const linked = identities.get(key('anonymous_id', m.anonymousId));
    if (!linked) return;
    perMessage[i] = linked.id;
    if (m.touch)
      mergeTouch(
        patchOf(canonical(linked.id)),
        { touch: m.touch, at: m.occurredAt },
        { touch: m.touch, at: m.occurredAt },
      );
  });
  plan.messageContacts = perMessage.map((id) => (id === null ? null : canonical(id)));
  plan.groups = plan.groups.map((g) => ({ ...g, contactId: canonical(g.contactId) }));
  plan.links = plan.links.map((l) => ({ ...l, contactId: canonical(l.contactId) }));
  const merged = new Set(mergedInto.keys());
  plan.newContacts = plan.newContacts.filter((c) => !merged.has(c.id));
  for (const c of plan.newContacts) c.email = plan.patches.get(c.id)?.email ?? null;
  return plan;
}

function applyTraits(patch: ContactPatch, traits: Record<string, unknown>): void {
  for (const [traitKey, value] of Object.entries(traits)) {
    const field = fieldTraits[traitKey];
    if (field && typeof value === 'string' && value.trim())
      patch[field] = value.trim().slice(0, 200);
    else if (!notProperties.has(traitKey) && value !== undefined)
      patch.properties[traitKey] = value;
  }
  const name = typeof traits.name === 'string' ? traits.name.trim() : '';
  if (name && !patch.firstName && !patch.lastName) {
    const space = name.indexOf(' ');
    patch.firstName = (space < 0 ? name : name.slice(0, space)).slice(0, 200);
    if (space > 0) patch.lastName = name.slice(space + 1).slice(0, 200);
  }
}

function mergeTouch(
  patch: ContactPatch,
  first?: { touch: Touch; at: Date },
  last?: { touch: Touch; at: Date },
): void {
  if (first && (!patch.firstTouch || first.at < patch.firstTouch.at)) patch.firstTouch = first;
  if (last && (!patch.lastTouch || last.at >= patch.lastTouch.at)) patch.lastTouch = last;
}

/**
 * The contacts already in the database that carrying out `plan` writes to
 * (events, links, traits, merges into, accounts) — not those it creates or
 * merges away. Ingest holds these against a concurrent merge.
 */
export function storedContactsWritten(plan: ResolutionPlan): string[] {
  const created = new Set(plan.newContacts.map((c) => c.id));
  const merged = new Set(plan.merges.map((m) => m.mergedId));
  const used = new Set<string>();
  for (const id of plan.messageContacts) if (id !== null) used.add(id);
  for (const l of plan.links) used.add(l.contactId);
  for (const id of plan.patches.keys()) used.add(id);
  for (const m of plan.merges) used.add(m.survivorId);
  for (const g of plan.groups) used.add(g.contactId);
  return [...used].filter((id) => !created.has(id) && !merged.has(id));
}
