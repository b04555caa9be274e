import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, tableCounts } from '../../../../test/support/test-app.js';

const candidate = JSON.parse(
  fs.readFileSync(
    new URL('../../../../test/fixtures/scoring/candidate-model.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;

const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe.each(databaseTargets)('scoring backtests API on $name', (target) => {
  let t: TestApp;
  let activeId: string;
  beforeAll(async () => {
    t = await startTestApp(target);
    activeId = (
      await t.db.query<{ id: string }>(`SELECT id FROM scoring_models WHERE status = 'active'`)
    ).rows[0]!.id;
    // One VP at a mid-sized SaaS company who asked for a demo and was won; one quiet lead.
    const account = (
      await t.db.query<{ id: string }>(
        `INSERT INTO accounts (domain, name, industry, employees) VALUES ('acme.test', 'Acme', 'SaaS', 400) RETURNING id`,
      )
    ).rows[0]!.id;
    const contact = async (email: string, title: string, created: Date) =>
      (
        await t.db.query<{ id: string }>(
          `INSERT INTO contacts (email, title, account_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
          [email, title, account, created],
        )
      ).rows[0]!.id;
    const vp = await contact('vp@acme.test', 'VP Marketing', daysAgo(20));
    await contact('quiet@acme.test', 'Intern', daysAgo(15));
    await t.db.query(
      `INSERT INTO events (contact_id, type, properties, source, message_id, occurred_at)
       VALUES ($1, 'form_submitted', '{"form": "demo-request"}', 'test', 'demo-1', $2)`,
      [vp, daysAgo(10)],
    );
    for (const [stage, days] of [
      ['mql', 9],
      ['sal', 8],
      ['sql', 6],
      ['customer', 2],
    ] as const)
      await t.db.query(
        `INSERT INTO stage_transitions (contact_id, to_stage, actor_kind, occurred_at) VALUES ($1, $2, 'system', $3)`,
        [vp, stage, daysAgo(days)],
      );
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (as: 'marketer' | 'rep', payload: Record<string, unknown>) =>
    t.request(await t.signIn(as), { method: 'POST', url: '/api/v1/scoring/backtests', payload });

  it('replays a document beside the active version, for any member, writing nothing', async () => {
    await t.signIn('rep');
    const before = await tableCounts(t.db);
    const res = await post('rep', { document: candidate, quotaPerRep: 3 });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(await tableCounts(t.db)).toEqual(before);
    expect(r.quota).toEqual({ perRep: 3, reps: 2, perMonth: 6 });
    expect(r.outcome).toBe('sql');
    expect(r.contacts).toBe(2);
    expect(r.models.map((m: { key: string; model: unknown }) => [m.key, m.model])).toEqual([
      ['candidate', { source: 'document' }],
      [
        'baseline',
        { source: 'version', id: activeId, version: 1, name: expect.any(String), status: 'active' },
      ],
    ]);
    const [c] = r.models;
    // Fit 45 (VP, size, SaaS) meets the candidate's MQL (40, fit ≥ 20) when the VP is created.
    const created = daysAgo(20).toISOString().slice(0, 7);
    expect(c.months.find((m: { month: string }) => m.month === created)).toMatchObject({
      qualified: 1,
      mql: 1,
      accepted: 1,
      sql: 1,
      won: 1,
    });
    expect(c.qualified).toBe(1);
    expect(c.ranking).toMatchObject({ positives: 1, negatives: 1, auc: 1 });
    expect(c.bands.map((b: { band: string; contacts: number }) => [b.band, b.contacts])).toEqual([
      ['hot', 0],
      ['warm', 1],
      ['cold', 1],
    ]);
  });

  it('tests a stored version on its own, over the months asked for', async () => {
    const month = now.toISOString().slice(0, 7);
    const res = await post('marketer', {
      modelId: activeId,
      compareWith: 'none',
      from: month,
      to: month,
      outcome: 'customer',
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.period.months).toEqual([month]);
    expect(r.outcome).toBe('customer');
    expect(r.models).toHaveLength(1);
    expect(r.models[0].model).toMatchObject({ source: 'version', id: activeId });
  });

  it('answers 400 with a field error per problem of the document, and for bad choices', async () => {
    const bad = await post('marketer', {
      document: { ...candidate, halfLifeDays: 0, bands: { warm: 50, hot: 10 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(bad.json().errors).toEqual([
      { field: 'document/halfLifeDays', message: expect.stringMatching(/at least 1/) },
      { field: 'document/bands/hot', message: 'must be greater than warm (50)' },
    ]);

    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /^document$/],
      [{ document: candidate, modelId: activeId }, /^document$/],
      [{ modelId: '00000000-0000-4000-8000-000000000000' }, /^modelId$/],
      [
        { document: candidate, compareWith: '00000000-0000-4000-8000-000000000000' },
        /^compareWith$/,
      ],
      [{ document: candidate, from: '2026-13' }, /from/],
      [{ document: candidate, from: '2026-05', to: '2026-04' }, /^from$/],
      [{ document: candidate, quotaPerRep: -1 }, /quotaPerRep/],
      [{ document: 'not an object' }, /document/],
      [{ document: candidate, colour: 'red' }, /colour/],
    ];
    for (const [payload, field] of cases) {
      const res = await post('marketer', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining([expect.stringMatching(field)]),
      );
    }
  });

  it('answers 401 without a session and 403 for a key that may not read scoring', async () => {
    const anonymous = await t.request(null, {
      method: 'POST',
      url: '/api/v1/scoring/backtests',
      payload: { document: candidate },
    });
    expect(anonymous.statusCode).toBe(401);
    const admin = await t.signIn('admin');
    const key = (
      await t.request(admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'website', scopes: ['ingest'] },
      })
    ).json().key as string;
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/scoring/backtests',
      headers: { authorization: `Bearer ${key}` },
      payload: { document: candidate },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
