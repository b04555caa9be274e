import { randomUUID } from 'node:crypto';
import type { ChunkOutcome } from '../../core/import/import-report.js';
import { planContactUpserts } from '../../core/import/plan-upserts.js';
import type { ContactRecord } from '../../core/import/records.js';
import type { Actor } from '../../core/roles.js';
import {
  ensureAccounts,
  type ImportedContact,
  insertImportedContacts,
  loadContactLookup,
  updateImportedContacts,
} from '../../store/contact-imports.js';
import type { DbKind, Queryable } from '../../store/db.js';
import { insertIdentityLinks, lockIdentityKeys } from '../../store/identities.js';
import { insertTransitions } from '../../store/transitions.js';
import { scoreContacts } from '../scoring/score-contacts.js';

/**
 * Upserts one chunk of contact rows inside the caller's transaction: matches
 * them (core/import/plan-upserts.ts), finds or creates their accounts,
 * inserts the new contacts at stage `lead` with an `imported` transition,
 * updates the others where a value differs, and links each externalId as the
 * contact's user_id identity — so later tracking calls with that userId land
 * on the same contact.
 */
export async function importContacts(
  tx: Queryable,
  input: { dbKind: DbKind; actor: Actor; records: readonly ContactRecord[] },
): Promise<ChunkOutcome<ContactRecord> & { accountsCreated: number }> {
  const { records, actor } = input;
  const emails = [...new Set(records.flatMap((r) => (r.email ? [r.email.toLowerCase()] : [])))];
  const userIds = [...new Set(records.flatMap((r) => (r.externalId ? [r.externalId] : [])))];
  if (input.dbKind === 'postgres') {
    // The same keys tracking ingest locks, so an import and a tracking call cannot both create one person.
    await lockIdentityKeys(tx, [...userIds.map((u) => `u:${u}`), ...emails.map((e) => `e:${e}`)]);
  }
  const lookup = await loadContactLookup(tx, {
    emails,
    userIds,
    ids: [...new Set(records.flatMap((r) => (r.id ? [r.id] : [])))],
    owners: records.flatMap((r) => (r.owner ? [r.owner] : [])),
  });
  const plan = planContactUpserts(records, lookup, actor, randomUUID);

  const accounts = await ensureAccounts(
    tx,
    plan.writes
      .filter((w) => w.record.accountDomain || w.record.accountName)
      .map((w) => ({ domain: w.record.accountDomain, name: w.record.accountName })),
  );
  const toRow = (w: (typeof plan.writes)[number]): ImportedContact => {
    const r = w.record;
    return {
      id: w.contactId,
      email: w.email,
      firstName: r.firstName,
      lastName: r.lastName,
      title: r.title,
      phone: r.phone,
      accountId: r.accountDomain
        ? (accounts.byDomain.get(r.accountDomain) ?? null)
        : r.accountName
          ? (accounts.byName.get(r.accountName.toLowerCase()) ?? null)
          : null,
      ownerId: w.ownerId,
      properties: r.properties,
    };
  };
  const created = plan.writes.filter((w) => w.isNew);
  const existing = plan.writes.filter((w) => !w.isNew);

  await insertImportedContacts(tx, created.map(toRow), 'lead');
  await insertTransitions(
    tx,
    created.map((w) => ({
      contactId: w.contactId,
      fromStage: null,
      toStage: 'lead',
      actor,
      reason: 'imported',
    })),
  );
  const changed = await updateImportedContacts(tx, existing.map(toRow));
  await insertIdentityLinks(
    tx,
    plan.writes
      .filter((w) => w.linkExternalId)
      .map((w) => ({ kind: 'user_id', value: w.record.externalId!, contactId: w.contactId })),
  );
  const createdIds = created.map((w) => w.contactId);
  await scoreContacts(tx, {
    lock: input.dbKind === 'postgres',
    now: new Date(),
    created: new Set(createdIds),
    profile: [...createdIds, ...changed],
  });
  const updated = existing.filter((w) => changed.has(w.contactId) || w.linkExternalId).length;
  return {
    created: created.length,
    updated,
    unchanged: existing.length - updated,
    failed: plan.failed,
    deferred: plan.deferred,
    accountsCreated: accounts.created,
  };
}
