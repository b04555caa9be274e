import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, tableCounts } from '../../../../test/support/test-app.js';
import { defaultStageDefinitions } from '../../../core/stages.js';

describe.each(databaseTargets)('stage definitions API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the seeded default definitions in order', async () => {
    const res = await t.request(await t.signIn('rep'), { method: 'GET', url: '/api/v1/stages' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.version).toMatchObject({ version: 1, status: 'active' });
    expect(body.items.map((s: { key: string }) => s.key)).toEqual([
      'subscriber',
      'lead',
      'mql',
      'pql',
      'cql',
      'sal',
      'sql',
      'opportunity',
      'customer',
      'recycled',
      'disqualified',
    ]);
  });

  it('forbids a sales rep from changing the definitions (403, nothing written)', async () => {
    const rep = await t.signIn('rep');
    const before = await tableCounts(t.db);
    const res = await t.request(rep, {
      method: 'POST',
      url: '/api/v1/stage-versions',
      payload: { summary: 'mine', stages: defaultStageDefinitions },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('lets marketing propose a version, which does not take effect until signed', async () => {
    const marketer = await t.signIn('marketer');
    const stages = defaultStageDefinitions.map((s) =>
      s.key === 'mql' ? { ...s, definition: 'Score ≥ 60 and a business email.' } : s,
    );
    const res = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/stage-versions',
      payload: { summary: 'Tighter MQL', stages },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, status: 'proposed' });
    const active = (await t.request(marketer, { method: 'GET', url: '/api/v1/stages' })).json();
    expect(active.version.version).toBe(1);
  });

  it('refuses definitions whose transitions point at unknown stages', async () => {
    const manager = await t.signIn('manager');
    const stages = [{ ...defaultStageDefinitions[0]!, allowedTransitions: ['nowhere'] }];
    const res = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/stage-versions',
      payload: { stages },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'stages/0/allowedTransitions/0',
        message: '"nowhere" is not a stage in this version',
      },
    ]);
  });
});
