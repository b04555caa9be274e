import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { defaultScoringModel } from '../../../core/scoring/default-model.js';
import { toUnits } from '../../../core/scoring/points.js';

describe.each(databaseTargets)('scoring API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => t?.close());

  const modelCount = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM scoring_models')).rows[0]!.n;

  it('lists the default model, active, to every role', async () => {
    const rep = await t.signIn('rep');
    const res = await t.request(rep, { method: 'GET', url: '/api/v1/scoring/models' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toMatchObject([
      { version: 1, status: 'active', origin: 'default', name: 'Default model' },
    ]);
    const one = await t.request(rep, {
      method: 'GET',
      url: `/api/v1/scoring/models/${res.json().items[0].id}`,
    });
    expect(one.json().document).toEqual(defaultScoringModel);
  });

  it('refuses an invalid document naming each problem, and a rep, and stores nothing', async () => {
    const marketer = await t.signIn('marketer');
    const before = await modelCount();
    const bad = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/scoring/models',
      payload: {
        name: 'Broken',
        document: { ...defaultScoringModel, halfLifeDays: 0, bands: { warm: 50, hot: 40 } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['document/halfLifeDays', 'document/bands/hot']));

    const rep = await t.signIn('rep');
    const forbidden = await t.request(rep, {
      method: 'POST',
      url: '/api/v1/scoring/models',
      payload: { name: 'Mine', document: defaultScoringModel },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(await modelCount()).toBe(before);

    const check = await t.request(rep, {
      method: 'POST',
      url: '/api/v1/scoring/validate',
      payload: { document: { ...defaultScoringModel, halfLifeDays: 0 } },
    });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({
      valid: false,
      problems: [{ path: 'halfLifeDays' }],
    });
  });

  it('drafts, edits, activates with a rescore, and explains a contact that adds up', async () => {
    const marketer = await t.signIn('marketer');
    const contact = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: 'ada@acme.test', title: 'VP Marketing' },
    });
    expect(contact.statusCode).toBe(201);
    const contactId = contact.json().id as string;

    const created = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/scoring/models',
      payload: { name: 'Titles count more', document: defaultScoringModel, note: 'first cut' },
    });
    expect(created.statusCode).toBe(201);
    const draft = created.json();
    expect(draft).toMatchObject({ version: 2, status: 'draft', createdBy: { name: 'Marketer' } });

    const document = {
      ...defaultScoringModel,
      fit: defaultScoringModel.fit.map((r) =>
        r.id === 'seniority-decision-maker' ? { ...r, points: 40 } : r,
      ),
    };
    const edited = await t.request(marketer, {
      method: 'PUT',
      url: `/api/v1/scoring/models/${draft.id}`,
      payload: { name: 'Titles count more', document, note: null },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().document.fit[0].points).toBe(40);

    const activated = await t.request(marketer, {
      method: 'POST',
      url: `/api/v1/scoring/models/${draft.id}/activate`,
    });
    expect(activated.statusCode).toBe(202);
    expect(activated.json().model.status).toBe('active');
    await t.rescores.idle();
    const rescore = await t.request(marketer, {
      method: 'GET',
      url: `/api/v1/scoring/rescores/${activated.json().rescore.id}`,
    });
    expect(rescore.json()).toMatchObject({ status: 'completed', total: 1, done: 1 });

    // The active version is read-only, and is retired only by activating another.
    const again = await t.request(marketer, {
      method: 'PUT',
      url: `/api/v1/scoring/models/${draft.id}`,
      payload: { name: 'x', document },
    });
    expect(again.statusCode).toBe(409);
    const retire = await t.request(marketer, {
      method: 'POST',
      url: `/api/v1/scoring/models/${draft.id}/retire`,
    });
    expect(retire.statusCode).toBe(409);
    const list = await t.request(marketer, { method: 'GET', url: '/api/v1/scoring/models' });
    expect(list.json().items.map((m: { status: string }) => m.status)).toEqual([
      'active',
      'retired',
    ]);

    const rep = await t.signIn('rep');
    const score = await t.request(rep, {
      method: 'GET',
      url: `/api/v1/contacts/${contactId}/score`,
    });
    expect(score.statusCode).toBe(200);
    const e = score.json();
    expect(e.model.version).toBe(2);
    expect(
      e.contributions.find((c: { ruleId: string }) => c.ruleId === 'seniority-decision-maker'),
    ).toMatchObject({ kind: 'fit', part: 'fit', points: 40 });
    const sum = e.contributions.reduce(
      (s: number, c: { points: number }) => s + toUnits(c.points),
      0,
    );
    expect(sum).toBe(toUnits(e.total));
    expect(e.probability).toBeNull();

    const history = await t.request(rep, {
      method: 'GET',
      url: `/api/v1/contacts/${contactId}/score-history`,
    });
    expect(
      history
        .json()
        .items.map((h: { cause: string; modelVersion: number }) => [h.cause, h.modelVersion]),
    ).toEqual([['profile', 1]]);
    // The switch kept the contact cold and unqualified: no history row, though it is scored by version 2.
    expect(e.band).toBe('cold');
    const contactRow = await t.request(rep, {
      method: 'GET',
      url: `/api/v1/contacts/${contactId}`,
    });
    expect(contactRow.json()).toMatchObject({ totalScore: e.total, band: e.band });
  });

  it('answers 404 for an unknown contact or model', async () => {
    const rep = await t.signIn('rep');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const url of [
      `/api/v1/contacts/${missing}/score`,
      `/api/v1/scoring/models/${missing}`,
      `/api/v1/scoring/rescores/${missing}`,
    ]) {
      expect((await t.request(rep, { method: 'GET', url })).statusCode).toBe(404);
    }
  });
});
