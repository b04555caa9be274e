import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { insertNotifications } from '../../../store/notifications.js';

const url = '/api/v1/notifications';

describe.each(databaseTargets)('notifications API ($name)', (target) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(target);
    // Three for the rep, one for the manager, one workspace copy (no member).
    const rows = ['a', 'b', 'c'].map((k) => ({
      type: 'sla.warning' as const,
      contactId: null,
      memberId: t.members.rep,
      payload: { contactName: k },
      dedupeKey: `test:${k}`,
    }));
    await insertNotifications(t.db, rows);
    await insertNotifications(t.db, [
      {
        type: 'sla.breached',
        contactId: null,
        memberId: t.members.manager,
        payload: {},
        dedupeKey: 'test:m',
      },
      { type: 'sla.breached', contactId: null, memberId: null, payload: {}, dedupeKey: 'test:*' },
    ]);
  });
  afterAll(async () => t?.close());

  it("lists only the caller's own, newest first, in pages, with the unread count", async () => {
    const rep = await t.signIn('rep');
    const first = await t.request(rep, { method: 'GET', url: `${url}?limit=2` });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.unreadCount).toBe(3);
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]).toMatchObject({ type: 'sla.warning', readAt: null, contactId: null });
    const second = await t.request(rep, {
      method: 'GET',
      url: `${url}?limit=2&cursor=${page1.nextCursor}`,
    });
    const page2 = second.json();
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const names = [...page1.items, ...page2.items].map(
      (n: { payload: { contactName: string } }) => n.payload.contactName,
    );
    expect(names.sort()).toEqual(['a', 'b', 'c']);
  });

  it('marks the given ids read (others’ ids are passed over), then all; unread=true filters', async () => {
    const rep = await t.signIn('rep');
    const manager = await t.signIn('manager');
    const mine = (await t.request(rep, { method: 'GET', url })).json().items;
    const theirs = (await t.request(manager, { method: 'GET', url })).json().items;
    expect(theirs).toHaveLength(1);

    const marked = await t.request(rep, {
      method: 'POST',
      url: `${url}/read`,
      payload: { ids: [mine[0].id, theirs[0].id] },
    });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toEqual({ marked: 1 });
    const unread = (await t.request(rep, { method: 'GET', url: `${url}?unread=true` })).json();
    expect(unread.unreadCount).toBe(2);
    expect(unread.items.map((n: { id: string }) => n.id)).not.toContain(mine[0].id);
    expect((await t.request(manager, { method: 'GET', url })).json().unreadCount).toBe(1);

    const all = await t.request(rep, {
      method: 'POST',
      url: `${url}/read`,
      payload: { all: true },
    });
    expect(all.json()).toEqual({ marked: 2 });
    const after = (await t.request(rep, { method: 'GET', url })).json();
    expect(after.unreadCount).toBe(0);
    expect(after.items.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);
  });

  it('refuses a body that names nothing, or a bad id, naming the field', async () => {
    const rep = await t.signIn('rep');
    const empty = await t.request(rep, { method: 'POST', url: `${url}/read`, payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('ids');
    const bad = await t.request(rep, {
      method: 'POST',
      url: `${url}/read`,
      payload: { ids: ['x'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('ids');
    const cursor = await t.request(rep, { method: 'GET', url: `${url}?cursor=nope` });
    expect(cursor.statusCode).toBe(400);
  });

  it('answers 401 without a caller', async () => {
    expect((await t.request(null, { method: 'GET', url })).statusCode).toBe(401);
  });
});
