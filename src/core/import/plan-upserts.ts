import { can } from '../policy.js';
import type { Actor } from '../roles.js';
import type { AccountRecord, ContactRecord } from './records.js';
import { fieldError, type RowError } from './rows.js';

/**
 * Which stored record each row of a chunk updates, or that it creates one —
 * decided without I/O from what the database said about the chunk's keys.
 *
 * Contacts match by email (any case), else by externalId (a user_id
 * identity), else by Tandem id; accounts by domain, else by group id. Two rows
 * of one chunk that land on the same record would race inside one set-based
 * statement, so the later one is deferred to the next chunk, where it sees
 * the first one's result (and counts as updated or unchanged).
 */
export interface KnownRecord {
  id: string;
  ownerId: string | null;
}

export interface MemberRef {
  id: string;
  active: boolean;
}

export interface MemberLookup {
  /** lower-cased email → member */
  byEmail: Map<string, MemberRef>;
  /** lower-cased name → members of that name */
  byName: Map<string, MemberRef[]>;
}

export interface ContactLookup {
  /** lower-cased email → contact */
  byEmail: Map<string, KnownRecord>;
  /** user_id identity → contact */
  byUserId: Map<string, KnownRecord>;
  byId: Map<string, KnownRecord>;
  members: MemberLookup;
}

export interface ContactWrite {
  record: ContactRecord;
  contactId: string;
  isNew: boolean;
  /** The email to store: set when the contact was found by another key or is new. */
  email: string | null;
  ownerId: string | null;
  /** The externalId is not yet linked to this contact. */
  linkExternalId: boolean;
}

export interface AccountLookup {
  /** lower-cased domain → account */
  byDomain: Map<string, KnownRecord>;
  byGroupId: Map<string, KnownRecord>;
  members: MemberLookup;
}

export interface AccountWrite {
  record: AccountRecord;
  accountId: string;
  isNew: boolean;
  ownerId: string | null;
}

export interface UpsertPlan<W, R> {
  writes: W[];
  deferred: R[];
  failed: { row: number; errors: RowError[] }[];
}

/** "jane@acme.com" or "Jane Doe" (HubSpot exports the owner's name) → an active member. */
export function resolveOwner(
  owner: string,
  members: MemberLookup,
): { ok: true; id: string } | { ok: false; reason: string } {
  const key = owner.trim().toLowerCase();
  if (key.includes('@')) {
    const m = members.byEmail.get(key);
    if (!m) return { ok: false, reason: 'no member has this email' };
    return m.active ? { ok: true, id: m.id } : { ok: false, reason: 'this member is deactivated' };
  }
  const named = (members.byName.get(key) ?? []).filter((m) => m.active);
  if (named.length === 1) return { ok: true, id: named[0]!.id };
  return {
    ok: false,
    reason:
      named.length === 0
        ? 'no active member has this email or name'
        : 'several members have this name; give the email instead',
  };
}

export function planContactUpserts(
  records: readonly ContactRecord[],
  lookup: ContactLookup,
  actor: Actor,
  newId: () => string,
): UpsertPlan<ContactWrite, ContactRecord> {
  const plan: UpsertPlan<ContactWrite, ContactRecord> = { writes: [], deferred: [], failed: [] };
  const claimed = new Set<string>();
  for (const r of records) {
    const email = r.email?.toLowerCase() ?? null;
    const byEmail = email ? lookup.byEmail.get(email) : undefined;
    const byUser = r.externalId ? lookup.byUserId.get(r.externalId) : undefined;
    const byId = r.id ? lookup.byId.get(r.id) : undefined;
    const target = byEmail ?? byUser ?? byId ?? null;
    const keys = [
      target && `c:${target.id}`,
      email && `e:${email}`,
      r.externalId && `u:${r.externalId}`,
      r.id && `i:${r.id}`,
    ].filter((k): k is string => Boolean(k));
    if (keys.some((k) => claimed.has(k))) {
      plan.deferred.push(r);
      continue;
    }

    const errors: RowError[] = [];
    if (byEmail && byUser && byUser.id !== byEmail.id)
      errors.push(
        fieldError(
          r.mapped,
          'externalId',
          'identifies another contact than the one with this email',
        ),
      );
    let ownerId: string | null = null;
    if (r.owner !== null) {
      const owner = resolveOwner(r.owner, lookup.members);
      if (!owner.ok) errors.push(fieldError(r.mapped, 'ownerEmail', owner.reason));
      else ownerId = owner.id;
    }
    if (target) {
      if (!can(actor, { action: 'contact.update', ownerId: target.ownerId }))
        errors.push({
          row: r.row,
          column: null,
          value: null,
          reason: 'you may not edit this contact',
        });
      if (
        ownerId !== null &&
        ownerId !== target.ownerId &&
        !can(actor, {
          action: 'contact.assign',
          currentOwnerId: target.ownerId,
          newOwnerId: ownerId,
        })
      )
        errors.push(
          fieldError(r.mapped, 'ownerEmail', 'you may not change the owner of this contact'),
        );
    } else if (!can(actor, { action: 'contact.create', ownerId })) {
      errors.push(fieldError(r.mapped, 'ownerEmail', 'you may not create contacts for this owner'));
    }
    if (errors.length > 0) {
      plan.failed.push({ row: r.row, errors });
      continue;
    }

    for (const k of keys) claimed.add(k);
    if (target) {
      plan.writes.push({
        record: r,
        contactId: target.id,
        isNew: false,
        email: byEmail ? null : r.email,
        ownerId,
        linkExternalId: r.externalId !== null && !byUser,
      });
    } else {
      const contactId = r.id ?? newId();
      claimed.add(`c:${contactId}`);
      plan.writes.push({
        record: r,
        contactId,
        isNew: true,
        email: r.email,
        ownerId,
        linkExternalId: r.externalId !== null,
      });
    }
  }
  return plan;
}

export function planAccountUpserts(
  records: readonly AccountRecord[],
  lookup: AccountLookup,
  actor: Actor,
  newId: () => string,
): UpsertPlan<AccountWrite, AccountRecord> {
  const plan: UpsertPlan<AccountWrite, AccountRecord> = { writes: [], deferred: [], failed: [] };
  const claimed = new Set<string>();
  for (const r of records) {
    const byDomain = r.domain ? lookup.byDomain.get(r.domain) : undefined;
    const byGroup = r.groupId ? lookup.byGroupId.get(r.groupId) : undefined;
    const target = byDomain ?? byGroup ?? null;
    const keys = [
      target && `a:${target.id}`,
      r.domain && `d:${r.domain}`,
      r.groupId && `g:${r.groupId}`,
    ].filter((k): k is string => Boolean(k));
    if (keys.some((k) => claimed.has(k))) {
      plan.deferred.push(r);
      continue;
    }
    const errors: RowError[] = [];
    if (byDomain && byGroup && byDomain.id !== byGroup.id)
      errors.push(
        fieldError(r.mapped, 'groupId', 'identifies another account than the one with this domain'),
      );
    let ownerId: string | null = null;
    if (r.owner !== null) {
      const owner = resolveOwner(r.owner, lookup.members);
      if (!owner.ok) errors.push(fieldError(r.mapped, 'ownerEmail', owner.reason));
      else ownerId = owner.id;
    }
    if (!can(actor, { action: 'account.write' }))
      errors.push({ row: r.row, column: null, value: null, reason: 'you may not write accounts' });
    if (errors.length > 0) {
      plan.failed.push({ row: r.row, errors });
      continue;
    }
    for (const k of keys) claimed.add(k);
    const accountId = target?.id ?? newId();
    claimed.add(`a:${accountId}`);
    plan.writes.push({ record: r, accountId, isNew: target === null, ownerId });
  }
  return plan;
}
