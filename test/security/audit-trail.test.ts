import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/core/policy.js';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { allCallers, freshSession } from './callers.js';
import { type Caller, type Fixtures, makeFixtures, specFor } from './route-catalog.js';

interface AuditRow {
  action: string;
  actor_kind: string;
  actor_id: string | null;
}

/** Who does each change: the first caller the policy lets through, members before keys. */
function permitted(
  access: Awaited<ReturnType<NonNullable<ReturnType<typeof specFor>>['access']>>,
  caller: Caller,
): boolean {
  const actor = caller.actor;
  if (!actor) return access.kind === 'public';
  if (access.kind === 'public') return true;
  if (access.kind === 'member') return actor.kind === 'member';
  if (access.kind === 'key') return actor.kind === 'api_key' && can(actor, access.permission);
  return can(actor, { action: 'api.call' }) && can(actor, access.permission);
}

describe.each(databaseTargets)('an audit entry for every change on $name', (target) => {
  let t: TestApp;
  let f: Fixtures;
  let callers: Caller[];
  let writeRoutes: string[];

  beforeAll(async () => {
    t = await startTestApp(target);
    f = await makeFixtures(t);
    callers = await allCallers(t);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    writeRoutes = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => !r.startsWith('GET '))
      // Deletions last, so the tests of the same resource find it.
      .sort((a, b) => Number(a.startsWith('DELETE ')) - Number(b.startsWith('DELETE ')));
  });
  afterAll(async () => {
    await t?.rescores.idle();
    await t?.close();
  });

  it('writes at least one audit row, naming the actor, for each write route performed once', async () => {
    expect(writeRoutes.length).toBeGreaterThan(40);
    const missing: string[] = [];
    const failed: string[] = [];
    const exempt: string[] = [];
    for (const route of writeRoutes) {
      const spec = specFor(route);
      if (!spec) {
        missing.push(`${route}: not in the route catalog`);
        continue;
      }
      let caller: Caller | undefined;
      for (const c of callers)
        if (permitted(await spec.access(f, c), c)) {
          caller = c;
          break;
        }
      if (!caller) {
        missing.push(`${route}: nobody may call it`);
        continue;
      }
      const request = spec.request(f, caller);
      const headers =
        route === 'DELETE /api/v1/session' && caller.memberName
          ? await freshSession(t, caller.memberName)
          : caller.headers;
      const before = (
        await t.db.query<{ n: string }>('SELECT coalesce(max(id), 0)::text AS n FROM audit_log')
      ).rows[0]!.n;
      const res = await t.app.inject({
        ...request,
        headers: { ...(request.headers as Record<string, string>), ...headers },
      });
      if (res.statusCode >= 300) {
        failed.push(`${route} as ${caller.label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      const { rows } = await t.db.query<AuditRow>(
        'SELECT action, actor_kind, actor_id FROM audit_log WHERE id > $1::bigint ORDER BY id',
        [before],
      );
      if (spec.noAudit) {
        exempt.push(route);
        continue;
      }
      // Signing in is done by nobody yet: its entry names the member who signed in.
      const actor = caller.actor ?? { kind: 'member', id: t.members.rep };
      const own = rows.filter((r) => r.actor_kind === actor.kind && r.actor_id === actor.id);
      if (own.length === 0)
        missing.push(
          `${route} as ${caller.label}: no audit row by this caller (rows: ${JSON.stringify(rows)})`,
        );
    }
    expect(failed).toEqual([]);
    expect(missing).toEqual([]);
    // The exceptions, each with its reason in the route catalog.
    expect(exempt.sort()).toEqual([
      'POST /api/v1/notifications/read',
      'POST /api/v1/scoring/backtests',
      'POST /api/v1/scoring/validate',
      'POST /v1/alias',
      'POST /v1/batch',
      'POST /v1/group',
      'POST /v1/identify',
      'POST /v1/page',
      'POST /v1/screen',
      'POST /v1/track',
    ]);
  });
});
