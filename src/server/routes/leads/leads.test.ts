import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import {
  type Caller,
  startTestApp,
  type TestApp,
  type TestMemberName,
  tableCounts,
} from '../../../../test/support/test-app.js';

/** Who may do what on a lead, and what bad requests leave behind (nothing). */
describe.each(databaseTargets)('lead actions API on $name', (target) => {
  let t: TestApp;
  let as: Record<TestMemberName, Caller>;
  let mql: string;

  beforeAll(async () => {
    t = await startTestApp(target);
    as = {} as Record<TestMemberName, Caller>;
    for (const name of ['admin', 'marketer', 'manager', 'rep', 'otherRep'] as const)
      as[name] = await t.signIn(name);
  });
  afterAll(async () => t?.close());

  /** A fresh MQL owned by the rep, moved there by marketing as the definitions allow. */
  beforeEach(async () => {
    const created = await t.request(as.manager, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: `lead-${Math.random().toString(36).slice(2)}@acme.test` },
    });
    mql = created.json().id;
    const moved = await t.request(as.marketer, {
      method: 'PATCH',
      url: `/api/v1/contacts/${mql}`,
      payload: { lifecycleStage: 'mql' },
    });
    expect(moved.statusCode).toBe(200);
    await t.request(as.manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${mql}`,
      payload: { ownerId: t.members.rep },
    });
  });

  const act = (who: TestMemberName, action: string, payload: Record<string, unknown>, id = mql) =>
    t.request(as[who], { method: 'POST', url: `/api/v1/contacts/${id}/${action}`, payload });

  /** The request is refused with `status` and `code`, and no table changed. */
  async function refused(
    request: () => Promise<{ statusCode: number; json(): { code: string } }>,
    status: number,
    code: string,
  ) {
    const before = await tableCounts(t.db);
    const res = await request();
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
    expect(await tableCounts(t.db)).toEqual(before);
  }

  it('marketing cannot accept or reject on behalf of sales', async () => {
    await refused(() => act('marketer', 'accept', {}), 403, 'forbidden');
    await refused(() => act('marketer', 'reject', { reasonCode: 'spam' }), 403, 'forbidden');
    await refused(
      () => act('marketer', 'transitions', { to: 'recycled', reasonCode: 'not_ready' }),
      403,
      'forbidden',
    );
  });

  it("a rep cannot act on another rep's lead; the manager can", async () => {
    await refused(() => act('otherRep', 'accept', {}), 403, 'forbidden');
    await refused(
      () => act('otherRep', 'attempts', { channel: 'call', outcome: 'connected' }),
      403,
      'forbidden',
    );
    expect((await act('manager', 'accept', {})).json().lifecycleStage).toBe('sal');
  });

  it('an unowned lead becomes the accepting rep’s', async () => {
    await t.request(as.manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${mql}`,
      payload: { ownerId: null },
    });
    const res = await act('otherRep', 'accept', {});
    expect(res.json()).toMatchObject({ lifecycleStage: 'sal', ownerId: t.members.otherRep });
    // Claiming is an assignment the workspace hears of; the rep who claimed is not told.
    const { rows } = await t.db.query<{ member_id: string | null; reason: string }>(
      `SELECT member_id, payload->>'reason' AS reason FROM notifications
       WHERE contact_id = $1 AND type = 'lead.assigned' AND payload->>'ownerId' = $2`,
      [mql, t.members.otherRep],
    );
    expect(rows).toEqual([{ member_id: null, reason: 'claimed by OtherRep' }]);
  });

  it('invalid transitions answer 409 with the allowed stages', async () => {
    const res = await t.request(as.rep, {
      method: 'POST',
      url: `/api/v1/contacts/${mql}/won`,
      payload: { amount: 10 },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: 'invalid_transition',
      from: 'mql',
      to: 'customer',
      allowed: ['sal', 'recycled', 'disqualified'],
    });
    await refused(() => act('rep', 'qualify', {}), 409, 'invalid_transition');
    await refused(() => act('rep', 'opportunity', {}), 409, 'invalid_transition');
  });

  it('bad input is a 400 naming the field, and writes nothing', async () => {
    await refused(() => act('rep', 'reject', {}), 400, 'validation_failed');
    await refused(() => act('rep', 'reject', { reasonCode: 'bored' }), 400, 'validation_failed');
    await refused(
      () => act('rep', 'reject', { reasonCode: 'lost_price' }),
      400,
      'validation_failed',
    );
    await refused(
      () => act('rep', 'transitions', { to: 'recycled', reasonCode: 'spam' }),
      400,
      'validation_failed',
    );
    await refused(() => act('rep', 'transitions', { to: 'recycled' }), 400, 'validation_failed');
    await refused(
      () => act('rep', 'attempts', { channel: 'call', outcome: 'held' }),
      400,
      'validation_failed',
    );
    await refused(
      () =>
        act('rep', 'attempts', {
          channel: 'email',
          outcome: 'sent',
          occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      400,
      'validation_failed',
    );
    await refused(
      () =>
        t.request(as.rep, {
          method: 'PUT',
          url: `/api/v1/contacts/${mql}/qualification`,
          payload: { answers: { goals: 'x' } },
        }),
      400,
      'validation_failed',
    );
    const missing = await act('rep', 'reject', { reasonCode: 'spam', extra: 1 });
    expect(missing.statusCode).toBe(400);
  });

  it('SQL needs the whole framework; the missing fields are listed', async () => {
    await act('rep', 'accept', {});
    await refused(
      () => act('rep', 'qualify', { answers: { budget: 'Yes, 20k' } }),
      409,
      'conflict',
    );
    const res = await act('rep', 'qualify', {
      answers: { budget: '20k', authority: 'CFO', need: 'Routing', timeline: 'Q1' },
    });
    expect(res.json()).toMatchObject({
      lifecycleStage: 'sql',
      qualification: { budget: '20k', authority: 'CFO', need: 'Routing', timeline: 'Q1' },
    });
  });

  it('a lost deal with a disqualifying reason ends disqualified, and can be reopened as a lead', async () => {
    await act('rep', 'accept', {});
    await act('rep', 'qualify', {
      answers: { budget: '20k', authority: 'CFO', need: 'Routing', timeline: 'Q1' },
    });
    await act('rep', 'opportunity', { amount: 5000 });
    const lost = await act('rep', 'lost', { reasonCode: 'lost_on_premises', note: 'Needs DC' });
    expect(lost.json().lifecycleStage).toBe('disqualified');
    const reopened = await t.request(as.marketer, {
      method: 'PATCH',
      url: `/api/v1/contacts/${mql}`,
      payload: { lifecycleStage: 'lead', reason: 'Moved to cloud' },
    });
    expect(reopened.json().lifecycleStage).toBe('lead');
  });

  it('serves the handoff brief to whoever may read the contact, and refuses the rest', async () => {
    const brief = (who: Caller | null, id = mql) =>
      t.request(who, { method: 'GET', url: `/api/v1/contacts/${id}/brief` });
    for (const who of ['marketer', 'otherRep', 'rep'] as const) {
      const res = await brief(as[who]);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        contactId: mql,
        qualifiedAs: 'mql',
        recentActivities: [],
        contentConsumed: [],
        firstTouch: null,
        stageHistory: [
          { from: null, to: 'lead', actor: { kind: 'member', id: t.members.manager } },
          { from: 'lead', to: 'mql', actor: { kind: 'member', id: t.members.marketer } },
        ],
      });
      expect(Date.parse(res.json().qualifiedAt)).not.toBeNaN();
    }
    const key = async (scopes: string[]) =>
      (
        await t.request(as.admin, {
          method: 'POST',
          url: '/api/v1/api-keys',
          payload: { name: `brief-${scopes.join('+')}`, scopes },
        })
      ).json().key as string;
    const withKey = async (k: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/contacts/${mql}/brief`,
        headers: { authorization: `Bearer ${k}` },
      });
    expect((await withKey(await key(['read']))).statusCode).toBe(200);
    expect((await withKey(await key(['ingest']))).json().code).toBe('forbidden');
    expect((await brief(null)).statusCode).toBe(401);
    const unknown = await brief(as.rep, '00000000-0000-4000-8000-000000000000');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'not_found']);
    const bad = await brief(as.rep, 'nope');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_failed']);
  });

  it('API keys act with their scopes: read cannot act, write can', async () => {
    const key = async (scopes: string[]) =>
      (
        await t.request(as.admin, {
          method: 'POST',
          url: '/api/v1/api-keys',
          payload: { name: scopes.join('+'), scopes },
        })
      ).json().key as string;
    const withKey = async (k: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/contacts/${mql}/accept`,
        headers: { authorization: `Bearer ${k}` },
        payload: {},
      });
    const read = await key(['read']);
    await refused(() => withKey(read), 403, 'forbidden');
    expect((await withKey(await key(['write']))).json().lifecycleStage).toBe('sal');
  });
});
