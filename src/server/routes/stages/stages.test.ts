import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { defaultStageDefinitions } from '../../../core/stages.js';

describe.each(databaseTargets)('stage definitions API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the seeded default stages in order, with their entry requirements', async () => {
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
    expect(body.items).toEqual(defaultStageDefinitions);
  });

  it('no longer takes proposals: those are whole definitions documents now', async () => {
    const res = await t.request(await t.signIn('marketer'), {
      method: 'POST',
      url: '/api/v1/stage-versions',
      payload: { stages: defaultStageDefinitions },
    });
    expect(res.statusCode).toBe(404);
  });
});
