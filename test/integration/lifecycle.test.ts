import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { createIngestKey, qualifyingEvents } from '../support/lead-desk.js';
import { type Caller, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The lead lifecycle end to end through the HTTP API, as a team lives it:
 * tracking activity qualifies a lead (MQL, by the scoring model), a manager
 * assigns it, the rep accepts, attempts, qualifies with BANT, opens and wins a
 * deal; another lead is rejected, recycled, and qualifies again on new activity.
 */
describe.each(databaseTargets)('lead lifecycle on $name', (target) => {
  let t: TestApp;
  let writeKey: string;
  let rep: Caller;
  let manager: Caller;
  beforeAll(async () => {
    t = await startTestApp(target);
    writeKey = await createIngestKey(t);
    rep = await t.signIn('rep');
    manager = await t.signIn('manager');
  });
  afterAll(async () => t?.close());

  async function track(events: Record<string, unknown>[]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Bearer ${writeKey}` },
      payload: { batch: events },
    });
    expect(res.statusCode).toBe(200);
  }

  async function qualifyingActivity(userId: string, email: string) {
    await track(qualifyingEvents(userId, email));
    const { rows } = await t.db.query<{ contact_id: string }>(
      "SELECT contact_id FROM contact_identities WHERE kind = 'user_id' AND value = $1",
      [userId],
    );
    return rows[0]!.contact_id;
  }

  const post = (as: Caller, url: string, payload: Record<string, unknown>) =>
    t.request(as, { method: 'POST', url, payload });
  const stageOf = async (id: string) =>
    (await t.request(rep, { method: 'GET', url: `/api/v1/contacts/${id}` })).json()
      .lifecycleStage as string;
  const history = async (id: string) =>
    (await t.request(rep, { method: 'GET', url: `/api/v1/contacts/${id}/transitions` })).json()
      .items as {
      fromStage: string | null;
      toStage: string;
      actor: { kind: string; id: string | null };
      reason: string | null;
      reasonCode: string | null;
      amount: number | null;
      occurredAt: string;
    }[];

  it('walks MQL → assigned → accepted → attempts → SQL (BANT) → opportunity → won', async () => {
    const id = await qualifyingActivity('walk-1', 'ada@acme.test');
    expect(await stageOf(id)).toBe('mql');

    const assigned = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { ownerId: t.members.rep },
    });
    expect(assigned.statusCode).toBe(200);

    expect((await post(rep, `/api/v1/contacts/${id}/accept`, {})).json().lifecycleStage).toBe(
      'sal',
    );
    for (const outcome of ['no_answer', 'connected'])
      expect(
        (await post(rep, `/api/v1/contacts/${id}/attempts`, { channel: 'call', outcome }))
          .statusCode,
      ).toBe(201);

    const early = await post(rep, `/api/v1/contacts/${id}/qualify`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().missing).toEqual(['budget', 'authority', 'need', 'timeline']);

    const partial = await t.request(rep, {
      method: 'PUT',
      url: `/api/v1/contacts/${id}/qualification`,
      payload: { answers: { budget: '40k approved for Q1', authority: 'VP Marketing signs' } },
    });
    expect(partial.json().qualification).toEqual({
      budget: '40k approved for Q1',
      authority: 'VP Marketing signs',
    });
    const sql = await post(rep, `/api/v1/contacts/${id}/qualify`, {
      answers: { need: 'Leads leak between teams', timeline: 'Decision in January' },
    });
    expect(sql.json().lifecycleStage).toBe('sql');

    const skipped = await post(rep, `/api/v1/contacts/${id}/won`, { amount: 1000 });
    expect(skipped.statusCode).toBe(409);
    expect(skipped.json()).toMatchObject({
      code: 'invalid_transition',
      allowed: ['opportunity', 'recycled', 'disqualified'],
    });

    await post(rep, `/api/v1/contacts/${id}/opportunity`, { amount: 20000 });
    const won = await post(rep, `/api/v1/contacts/${id}/won`, { amount: 24000 });
    expect(won.json().lifecycleStage).toBe('customer');

    const steps = await history(id);
    expect(steps.map((s) => [s.fromStage, s.toStage, s.actor.kind])).toEqual([
      [null, 'lead', 'api_key'],
      ['lead', 'mql', 'system'],
      ['mql', 'sal', 'member'],
      ['sal', 'sql', 'member'],
      ['sql', 'opportunity', 'member'],
      ['opportunity', 'customer', 'member'],
    ]);
    expect(steps[1]!.reason).toBe('Scoring model v1: MQL criteria met');
    expect(steps.slice(2).every((s) => s.actor.id === t.members.rep)).toBe(true);
    expect(steps.at(-1)!.amount).toBe(24000);
    const times = steps.map((s) => Date.parse(s.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const events = (
      await t.request(rep, { method: 'GET', url: `/api/v1/contacts/${id}/events` })
    ).json().items as { type: string; properties: Record<string, unknown> }[];
    const attempts = events.filter((e) => e.type === 'sales_attempt');
    expect(attempts.map((e) => e.properties.outcome).sort()).toEqual(['connected', 'no_answer']);
    expect(attempts.every((e) => e.properties.memberId === t.members.rep)).toBe(true);
  });

  it('walks rejected → recycled → MQL again, on activity after the rejection only', async () => {
    const id = await qualifyingActivity('walk-2', 'bo@globex.test');
    expect(await stageOf(id)).toBe('mql');
    await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { ownerId: t.members.rep },
    });

    const wrongKind = await post(rep, `/api/v1/contacts/${id}/reject`, {
      reasonCode: 'lost_price',
    });
    expect(wrongKind.statusCode).toBe(400);
    const rejected = await post(rep, `/api/v1/contacts/${id}/reject`, {
      reasonCode: 'not_ready',
      note: 'Budget opens in Q3',
    });
    expect(rejected.json().lifecycleStage).toBe('recycled');

    // Still above the threshold, but a profile edit is not new activity: it stays recycled.
    await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${id}`,
      payload: { phone: '+49 30 1234567' },
    });
    expect(await stageOf(id)).toBe('recycled');

    await track([{ type: 'page', userId: 'walk-2', properties: { path: '/pricing' } }]);
    expect(await stageOf(id)).toBe('mql');

    const steps = await history(id);
    expect(steps.map((s) => [s.fromStage, s.toStage, s.reasonCode])).toEqual([
      [null, 'lead', null],
      ['lead', 'mql', null],
      ['mql', 'recycled', 'not_ready'],
      ['recycled', 'mql', null],
    ]);
    expect(steps[2]!.reason).toBe('Budget opens in Q3');
  });
});
