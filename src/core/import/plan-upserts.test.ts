import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../roles.js';
import {
  type ContactLookup,
  type KnownRecord,
  planAccountUpserts,
  planContactUpserts,
  resolveOwner,
} from './plan-upserts.js';
import { prepareImport } from './prepare-import.js';
import type { AccountRecord, ContactRecord } from './records.js';

const member = (role: Role): Actor => ({
  kind: 'member',
  id: 'me',
  role,
  teamId: null,
  name: role,
});
const admin = member('admin');

function contactRecords(csv: string): ContactRecord[] {
  return prepareImport({ kind: 'contacts', csv }).records as ContactRecord[];
}

const members = {
  byEmail: new Map([
    ['rita@team.test', { id: 'm-rita', active: true }],
    ['gone@team.test', { id: 'm-gone', active: false }],
  ]),
  byName: new Map([
    ['rita rep', [{ id: 'm-rita', active: true }]],
    [
      'sam',
      [
        { id: 'm-sam1', active: true },
        { id: 'm-sam2', active: true },
      ],
    ],
  ]),
};

function lookup(
  byEmail: Record<string, KnownRecord> = {},
  byUserId: Record<string, KnownRecord> = {},
  byId: Record<string, KnownRecord> = {},
): ContactLookup {
  return {
    byEmail: new Map(Object.entries(byEmail)),
    byUserId: new Map(Object.entries(byUserId)),
    byId: new Map(Object.entries(byId)),
    members,
  };
}

let seq = 0;
const newId = () => `new-${++seq}`;

describe('planContactUpserts', () => {
  it('matches by email (any case), else externalId, else creates; links new externalIds', () => {
    const records = contactRecords(
      'email,externalId\nADA@x.io,u-ada\n,u-bob\ncy@x.io,u-cy\ndee@x.io,\n',
    );
    const plan = planContactUpserts(
      records,
      lookup(
        { 'ada@x.io': { id: 'c-ada', ownerId: null } },
        { 'u-bob': { id: 'c-bob', ownerId: null }, 'u-cy': { id: 'c-cy', ownerId: null } },
      ),
      admin,
      newId,
    );
    expect(plan.failed).toEqual([]);
    expect(plan.deferred).toEqual([]);
    expect(
      plan.writes.map((w) => [
        w.record.row,
        w.contactId.startsWith('new-') ? 'new' : w.contactId,
        w.isNew,
        w.email,
        w.linkExternalId,
      ]),
    ).toEqual([
      [2, 'c-ada', false, null, true],
      [3, 'c-bob', false, null, false],
      [4, 'c-cy', false, 'cy@x.io', false],
      [5, 'new', true, 'dee@x.io', false],
    ]);
  });

  it('refuses an externalId that belongs to another contact than the email', () => {
    const plan = planContactUpserts(
      contactRecords('email,externalId\nada@x.io,u-bob\n'),
      lookup(
        { 'ada@x.io': { id: 'c-ada', ownerId: null } },
        { 'u-bob': { id: 'c-bob', ownerId: null } },
      ),
      admin,
      newId,
    );
    expect(plan.writes).toEqual([]);
    expect(plan.failed).toEqual([
      {
        row: 2,
        errors: [
          {
            row: 2,
            column: 'externalId',
            value: 'u-bob',
            reason: 'identifies another contact than the one with this email',
          },
        ],
      },
    ]);
  });

  it('defers a row that lands on a record an earlier row of the chunk writes', () => {
    const records = contactRecords(
      'email,externalId\nnew@x.io,\nNEW@x.io,\nada@x.io,\n,u-ada\n,u-new\nother@x.io,u-new\n',
    );
    const plan = planContactUpserts(
      records,
      lookup(
        { 'ada@x.io': { id: 'c-ada', ownerId: null } },
        { 'u-ada': { id: 'c-ada', ownerId: null } },
      ),
      admin,
      newId,
    );
    expect(plan.writes.map((w) => w.record.row)).toEqual([2, 4, 6]);
    expect(plan.deferred.map((r) => r.row)).toEqual([3, 5, 7]);
  });

  it('assigns owners by email or exact name, and says why one cannot be', () => {
    const plan = planContactUpserts(
      contactRecords(
        'email,ownerEmail\na@x.io,RITA@team.test\nb@x.io,Rita Rep\nc@x.io,nobody@team.test\nd@x.io,gone@team.test\ne@x.io,Sam\n',
      ),
      lookup(),
      admin,
      newId,
    );
    expect(plan.writes.map((w) => w.ownerId)).toEqual(['m-rita', 'm-rita']);
    expect(plan.failed.map((f) => f.errors[0]!.reason)).toEqual([
      'no member has this email',
      'this member is deactivated',
      'several members have this name; give the email instead',
    ]);
  });

  it('lets managers but not marketing reassign an owned contact (policy)', () => {
    const records = contactRecords('email,ownerEmail\nowned@x.io,rita@team.test\n');
    const l = lookup({ 'owned@x.io': { id: 'c-1', ownerId: 'm-other' } });
    expect(planContactUpserts(records, l, member('sales_manager'), newId).writes).toHaveLength(1);
    const byMarketing = planContactUpserts(records, l, member('marketing'), newId);
    expect(byMarketing.failed[0]!.errors[0]!.reason).toBe(
      'you may not change the owner of this contact',
    );
    // Giving the owner it already has is no change at all.
    const same = lookup({ 'owned@x.io': { id: 'c-1', ownerId: 'm-rita' } });
    expect(planContactUpserts(records, same, member('marketing'), newId).writes).toHaveLength(1);
  });

  it('never writes one record or key twice in a chunk, and always writes the first row (property)', () => {
    const emails = ['a@x.io', 'b@x.io', 'c@x.io'];
    const users = ['u1', 'u2', 'u3'];
    const row = fc
      .record({
        email: fc.option(fc.constantFrom(...emails, 'A@X.IO'), { nil: null }),
        externalId: fc.option(fc.constantFrom(...users), { nil: null }),
      })
      .filter((r) => r.email !== null || r.externalId !== null);
    const known = fc.record({
      emails: fc.subarray(emails),
      users: fc.dictionary(fc.constantFrom(...users), fc.constantFrom('c1', 'c2', 'c3')),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), known, (rows, k) => {
        const csv = `email,externalId\n${rows.map((r) => `${r.email ?? ''},${r.externalId ?? ''}`).join('\n')}\n`;
        const records = contactRecords(csv);
        const l = lookup(
          Object.fromEntries(k.emails.map((e, i) => [e, { id: `c${i + 1}`, ownerId: null }])),
          Object.fromEntries(Object.entries(k.users).map(([u, id]) => [u, { id, ownerId: null }])),
        );
        const plan = planContactUpserts(records, l, admin, newId);
        expect(plan.writes.length + plan.deferred.length + plan.failed.length).toBe(records.length);
        expect(plan.deferred.map((r) => r.row)).not.toContain(records[0]!.row);
        const ids = plan.writes.map((w) => w.contactId);
        expect(new Set(ids).size).toBe(ids.length);
        const keys = plan.writes.flatMap((w) => [
          ...(w.record.email ? [`e:${w.record.email.toLowerCase()}`] : []),
          ...(w.record.externalId ? [`u:${w.record.externalId}`] : []),
        ]);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });
});

describe('planAccountUpserts', () => {
  const accounts = (csv: string) =>
    prepareImport({ kind: 'accounts', csv }).records as AccountRecord[];

  const known = {
    byDomain: new Map([['acme.com', { id: 'a-1', ownerId: null }]]),
    byGroupId: new Map([['g-2', { id: 'a-2', ownerId: null }]]),
    members,
  };

  it('matches by domain, else group id; refuses a group id of another account', () => {
    const plan = planAccountUpserts(
      accounts('domain,groupId\nhttps://www.Acme.com,\n,g-2\nnew.io,g-new\nacme.com,\n'),
      known,
      admin,
      newId,
    );
    expect(plan.writes.map((w) => [w.record.row, w.isNew ? 'new' : w.accountId])).toEqual([
      [2, 'a-1'],
      [3, 'a-2'],
      [4, 'new'],
    ]);
    expect(plan.deferred.map((r) => r.row)).toEqual([5]);
    const conflict = planAccountUpserts(
      accounts('domain,groupId\nacme.com,g-2\n'),
      known,
      admin,
      newId,
    );
    expect(conflict.failed[0]!.errors[0]).toMatchObject({
      row: 2,
      column: 'groupId',
      value: 'g-2',
    });
  });

  it('needs the right to write accounts', () => {
    const plan = planAccountUpserts(
      accounts('domain\nacme.com\n'),
      { byDomain: new Map(), byGroupId: new Map(), members },
      member('sales_rep'),
      newId,
    );
    expect(plan.failed[0]!.errors[0]!.reason).toBe('you may not write accounts');
  });
});

describe('resolveOwner', () => {
  it('reads an email in any case and a name only when it is unique', () => {
    expect(resolveOwner(' Rita@Team.test ', members)).toEqual({ ok: true, id: 'm-rita' });
    expect(resolveOwner('sam', members).ok).toBe(false);
  });
});
