import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { type Caller, startTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe.each(databaseTargets)('routing API on $name', (target) => {
  let t: TestApp;
  let manager: Caller;
  let rep: Caller;
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp(target);
    manager = await t.signIn('manager');
    rep = await t.signIn('rep');
    teamId = (await t.db.query<{ id: string }>("SELECT id FROM teams WHERE name = 'Inbound'"))
      .rows[0]!.id;
  });
  afterAll(async () => t?.close());

  const versions = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM routing_versions')).rows[0]!.n;

  it('has no rules in force at first: leads wait to be claimed', async () => {
    const res = await t.request(rep, { method: 'GET', url: '/api/v1/routing' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ active: null, versions: [] });
  });

  it('refuses reps and bad documents by path under document/, storing nothing', async () => {
    const document = { rules: [], fallback: { teamId, strategy: 'round_robin' } };
    const byRep = await t.request(rep, {
      method: 'POST',
      url: '/api/v1/routing/versions',
      payload: { document },
    });
    expect(byRep.statusCode).toBe(403);
    const bad = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/routing/versions',
      payload: {
        document: {
          rules: [{ key: 'Bad Key', name: 'x', teamId, strategy: 'round_robin', criteria: {} }],
          fallback: { teamId: t.members.rep, strategy: 'fastest' },
        },
      },
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['document/rules/0/key', 'document/fallback/teamId']),
    );
    expect(fields.every((f) => f.startsWith('document/'))).toBe(true);
    expect(await versions()).toBe(0);
  });

  it('saves a version, puts it in force and lists every version newest first', async () => {
    const document = { rules: [], fallback: { teamId, strategy: 'round_robin' } };
    const first = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/routing/versions',
      payload: { document },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      version: 1,
      active: true,
      document,
      createdBy: { id: t.members.manager, name: 'Manager' },
    });
    const second = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/routing/versions',
      payload: { document: { ...document, fallback: { teamId, strategy: 'least_loaded' } } },
    });
    expect(second.json()).toMatchObject({ version: 2, active: true });
    const res = (await t.request(rep, { method: 'GET', url: '/api/v1/routing' })).json();
    expect(res.active.version).toBe(2);
    expect(
      res.versions.map((v: { version: number; active: boolean }) => [v.version, v.active]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
    const audit = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'routing.activated'",
    );
    expect(audit.rows[0]!.n).toBe(2);
  });
});
