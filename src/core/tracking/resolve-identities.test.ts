import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NormalizedMessage } from './normalize.js';
import {
  type IdentitySnapshot,
  resolveIdentities,
  storedContactsWritten,
} from './resolve-identities.js';

function message(
  partial: Partial<NormalizedMessage> & Pick<NormalizedMessage, 'type'>,
): NormalizedMessage {
  return {
    messageId: Math.random().toString(36),
    userId: null,
    anonymousId: null,
    previousId: null,
    groupId: null,
    eventType: partial.type,
    eventName: null,
    email: null,
    traits: {},
    properties: {},
    context: {},
    touch: null,
    occurredAt: new Date('2026-10-01T00:00:00Z'),
    ...partial,
  };
}

function counter() {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

const empty = (): IdentitySnapshot => ({ identities: new Map(), emails: new Map() });

describe('resolveIdentities', () => {
  it('creates one contact for a user id and links the anonymous id it came with', () => {
    const plan = resolveIdentities(
      [message({ type: 'identify', userId: 'u1', anonymousId: 'a1', email: 'A@x.test' })],
      empty(),
      counter(),
    );
    expect(plan.newContacts).toEqual([
      { id: '00000000-0000-4000-8000-000000000001', email: 'A@x.test' },
    ]);
    expect(plan.links.map((l) => `${l.kind}:${l.value}`)).toEqual([
      'user_id:u1',
      'anonymous_id:a1',
    ]);
  });

  it('leaves anonymous-only activity unattached', () => {
    const plan = resolveIdentities(
      [message({ type: 'track', anonymousId: 'a1' })],
      empty(),
      counter(),
    );
    expect(plan.newContacts).toEqual([]);
    expect(plan.messageContacts).toEqual([null]);
  });

  it('finds a stored contact by email, case-insensitively', () => {
    const snapshot = empty();
    snapshot.emails.set('ada@x.test', { id: 'c-ada', createdAt: new Date('2026-01-01') });
    const plan = resolveIdentities(
      [message({ type: 'identify', anonymousId: 'a9', email: 'ADA@x.test' })],
      snapshot,
      counter(),
    );
    expect(plan.messageContacts).toEqual(['c-ada']);
    expect(plan.newContacts).toEqual([]);
  });

  it('merges into the older contact, whichever order the ids arrive in', () => {
    const snapshot = empty();
    snapshot.identities.set('user_id:u-old', { id: 'c-old', createdAt: new Date('2025-01-01') });
    snapshot.identities.set('anonymous_id:a-new', {
      id: 'c-new',
      createdAt: new Date('2026-01-01'),
    });
    for (const m of [
      message({ type: 'alias', previousId: 'a-new', userId: 'u-old' }),
      message({ type: 'identify', userId: 'u-old', anonymousId: 'a-new' }),
    ]) {
      const plan = resolveIdentities([m], snapshot, counter());
      expect(plan.merges).toEqual([{ survivorId: 'c-old', mergedId: 'c-new' }]);
      expect(plan.messageContacts).toEqual(['c-old']);
    }
  });

  it('lets a contact handed to sales survive a merge with an older one, and ties go to the smaller id', () => {
    const snapshot = empty();
    snapshot.identities.set('user_id:u-old', { id: 'c-old', createdAt: new Date('2025-01-01') });
    snapshot.emails.set('lead@x.io', { id: 'c-lead', createdAt: new Date('2026-01-01') });
    const m = message({ type: 'identify', userId: 'u-old', email: 'lead@x.io' });
    expect(resolveIdentities([m], snapshot, counter()).merges).toEqual([
      { survivorId: 'c-old', mergedId: 'c-lead' },
    ]);
    const handed = resolveIdentities([m], { ...snapshot, handed: new Set(['c-lead']) }, counter());
    expect(handed.merges).toEqual([{ survivorId: 'c-lead', mergedId: 'c-old' }]);
    expect(handed.messageContacts).toEqual(['c-lead']);
    // Both handed: the older one, as without.
    const both = resolveIdentities(
      [m],
      { ...snapshot, handed: new Set(['c-lead', 'c-old']) },
      counter(),
    );
    expect(both.merges).toEqual([{ survivorId: 'c-old', mergedId: 'c-lead' }]);
    // Created in one transaction (same time): the smaller id, i.e. the one made first.
    const tie = empty();
    const same = new Date('2026-02-01');
    tie.identities.set('user_id:u1', { id: 'c-2', createdAt: same });
    tie.identities.set('anonymous_id:a1', { id: 'c-1', createdAt: same });
    expect(
      resolveIdentities(
        [message({ type: 'identify', userId: 'u1', anonymousId: 'a1' })],
        tie,
        counter(),
      ).merges,
    ).toEqual([{ survivorId: 'c-1', mergedId: 'c-2' }]);
  });

  it('keeps the earliest first touch and the latest last touch', () => {
    const at = (d: number) => new Date(Date.UTC(2026, 9, d));
    const plan = resolveIdentities(
      [
        message({
          type: 'track',
          userId: 'u1',
          touch: { source: 'b', medium: null, campaign: null },
          occurredAt: at(5),
        }),
        message({
          type: 'track',
          userId: 'u1',
          touch: { source: 'a', medium: null, campaign: null },
          occurredAt: at(1),
        }),
        message({
          type: 'track',
          userId: 'u1',
          touch: { source: 'c', medium: null, campaign: null },
          occurredAt: at(9),
        }),
      ],
      empty(),
      counter(),
    );
    const patch = [...plan.patches.values()][0]!;
    expect(patch.firstTouch!.touch.source).toBe('a');
    expect(patch.lastTouch!.touch.source).toBe('c');
  });

  it('puts every message of one connected set of ids on one contact (property)', () => {
    const id = (prefix: string) => fc.constantFrom(...[1, 2, 3, 4].map((n) => `${prefix}${n}`));
    const arbitraryMessage = fc.oneof(
      fc.record({
        type: fc.constant('identify' as const),
        userId: fc.option(id('u')),
        anonymousId: fc.option(id('a')),
      }),
      fc.record({
        type: fc.constant('track' as const),
        userId: fc.option(id('u')),
        anonymousId: fc.option(id('a')),
      }),
      fc.record({
        type: fc.constant('alias' as const),
        userId: id('u'),
        previousId: fc.oneof(id('u'), id('a')),
      }),
    );
    fc.assert(
      fc.property(fc.array(arbitraryMessage, { minLength: 1, maxLength: 12 }), (raw) => {
        const messages = raw
          .filter((m) => m.userId !== null || ('anonymousId' in m && m.anonymousId !== null))
          .map((m) => message(m as Partial<NormalizedMessage> & Pick<NormalizedMessage, 'type'>));
        const plan = resolveIdentities(messages, empty(), counter());
        // Union the ids each message mentions; all messages in a component must share one contact.
        const parent = new Map<string, string>();
        const find = (x: string): string =>
          parent.get(x) === undefined || parent.get(x) === x ? x : find(parent.get(x)!);
        const union = (a: string, b: string) => parent.set(find(a), find(b));
        const idsOf = (m: NormalizedMessage) =>
          [
            m.userId && `u:${m.userId}`,
            m.anonymousId && `a:${m.anonymousId}`,
            m.previousId &&
              (m.previousId.startsWith('u') ? `u:${m.previousId}` : `a:${m.previousId}`),
          ].filter(Boolean) as string[];
        for (const m of messages) {
          const ids = idsOf(m);
          for (const x of ids) if (!parent.has(x)) parent.set(x, x);
          for (let i = 1; i < ids.length; i++) union(ids[0]!, ids[i]!);
        }
        const contactOfComponent = new Map<string, string | null>();
        messages.forEach((m, i) => {
          const component = find(idsOf(m)[0]!);
          const contact = plan.messageContacts[i] ?? null;
          if (m.userId !== null) expect(contact).not.toBeNull();
          if (
            contactOfComponent.has(component) &&
            contact !== null &&
            contactOfComponent.get(component) !== null
          ) {
            expect(contact).toBe(contactOfComponent.get(component));
          }
          if (contact !== null) contactOfComponent.set(component, contact);
        });
        const survivors = new Set(plan.messageContacts.filter((c) => c !== null));
        const created = new Set(plan.newContacts.map((c) => c.id));
        for (const s of survivors) expect(created.has(s!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('storedContactsWritten', () => {
  it('names the stored contacts a plan writes to, not those it creates or merges away', () => {
    const snapshot = empty();
    snapshot.identities.set('user_id:u-old', { id: 'c-old', createdAt: new Date('2025-01-01') });
    snapshot.identities.set('anonymous_id:a-new', {
      id: 'c-new',
      createdAt: new Date('2026-01-01'),
    });
    snapshot.identities.set('user_id:u-kept', { id: 'c-kept', createdAt: new Date('2025-06-01') });
    const plan = resolveIdentities(
      [
        message({ type: 'alias', previousId: 'a-new', userId: 'u-old' }),
        message({ type: 'track', userId: 'u-kept' }),
        message({ type: 'track', userId: 'u-brand-new' }),
      ],
      snapshot,
      counter(),
    );
    expect(plan.newContacts).toHaveLength(1);
    expect(storedContactsWritten(plan).sort()).toEqual(['c-kept', 'c-old']);
  });
});
