import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/core/policy.js';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { allCallers, freshSession } from './callers.js';
import { type Access, type Caller, makeFixtures, specFor } from './route-catalog.js';

interface Outcome {
  route: string;
  method: string;
  caller: Caller;
  access: Access;
  /** What the policy says: may this caller get past authorization? */
  allowed: boolean;
  status: number;
}

/** Whether the caller gets past authorization, and the status a refusal must carry. */
function expectation(access: Access, caller: Caller): { allowed: boolean; refusal: number } {
  const actor = caller.actor;
  if (access.kind === 'public') return { allowed: true, refusal: 0 };
  if (!actor) return { allowed: false, refusal: 401 };
  if (access.kind === 'member') return { allowed: actor.kind === 'member', refusal: 403 };
  if (access.kind === 'key')
    return actor.kind === 'api_key'
      ? { allowed: can(actor, access.permission), refusal: 403 }
      : { allowed: false, refusal: 401 };
  // Keys reach only what api.call lets them, whatever the route's own permission says.
  if (!can(actor, { action: 'api.call' })) return { allowed: false, refusal: 403 };
  return { allowed: can(actor, access.permission), refusal: 403 };
}

/** "METHOD /path/{param}" for every route Fastify has registered, read from its route tree. */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD'))
      routes.push(`${method} ${stack.join('').replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes;
}

describe.each(databaseTargets)('route × role matrix on $name', (target) => {
  let t: TestApp;
  const outcomes: Outcome[] = [];
  const uncatalogued: string[] = [];
  let documented: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(target);
    const fixtures = await makeFixtures(t);
    const callers = await allCallers(t);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    documented = routes;
    for (const route of routes) {
      const spec = specFor(route);
      if (!spec) {
        uncatalogued.push(route);
        continue;
      }
      const [method] = route.split(' ') as [string];
      for (const caller of callers) {
        const access = await spec.access(fixtures, caller);
        const request = spec.request(fixtures, caller);
        // Signing out would end the session the other routes use; sign out a session of its own.
        const headers =
          route === 'DELETE /api/v1/session' && caller.memberName
            ? await freshSession(t, caller.memberName)
            : caller.headers;
        const res = await t.app.inject({
          ...request,
          headers: { ...(request.headers as Record<string, string>), ...headers },
        });
        outcomes.push({
          route,
          method,
          caller,
          access,
          allowed: expectation(access, caller).allowed,
          status: res.statusCode,
        });
      }
    }
    await t.rescores.idle();
    await t.rematches.idle();
  });
  afterAll(async () => {
    await t?.close();
  });

  const show = (o: Outcome) => `${o.route} as ${o.caller.label}: ${o.status}`;

  it('knows every route of the OpenAPI document and has tried it with every caller', () => {
    expect(uncatalogued).toEqual([]);
    expect(new Set(outcomes.map((o) => o.route)).size).toBeGreaterThan(80);
    expect(new Set(outcomes.map((o) => o.caller.label)).size).toBe(9);
  });

  it('documents every registered API route, so the matrix misses none: only the docs, the web app and the document itself are not in it', () => {
    const registered = registeredRoutes(t.app.printRoutes({ commonPrefix: false }));
    expect(registered.length).toBeGreaterThan(documented.length);
    // The web app's files and pages and the docs page are public by construction (app.ts marks
    // everything outside /api/v1 and /v1 public); under those prefixes, every route is in the document.
    const undocumented = registered.filter((r) => !documented.includes(r));
    expect(
      undocumented.filter((r) => / \/(api|v1)\//.test(r) && !/ \/api\/docs\b/.test(r)),
    ).toEqual(['GET /api/openapi.json']);
    expect(documented.filter((r) => !registered.includes(r))).toEqual([]);
  });

  it('answers every route and caller as the policy says: refusals with their status, permitted calls past authorization', () => {
    const wrong = outcomes
      .filter((o) => {
        const { allowed, refusal } = expectation(o.access, o.caller);
        return allowed ? o.status === 401 || o.status === 403 : o.status !== refusal;
      })
      .map((o) => `${show(o)} (policy: ${o.allowed ? 'allowed' : 'refused'})`);
    expect(wrong).toEqual([]);
    // The matrix is not all refusals (nor all permits): both sides were exercised.
    expect(outcomes.filter((o) => o.allowed && o.status < 300).length).toBeGreaterThan(150);
    expect(outcomes.filter((o) => !o.allowed && o.status === 403).length).toBeGreaterThan(150);
  });

  it('never answers 500', () => {
    expect(outcomes.filter((o) => o.status >= 500).map(show)).toEqual([]);
  });

  it('answers 401 to anonymous callers on every route that is not public', () => {
    const anonymous = outcomes.filter((o) => o.caller.actor === null);
    const publicRoutes = anonymous.filter((o) => o.access.kind === 'public').map((o) => o.route);
    expect(publicRoutes.sort()).toEqual(['GET /healthz', 'GET /readyz', 'POST /api/v1/session']);
    expect(
      anonymous.filter((o) => o.access.kind !== 'public' && o.status !== 401).map(show),
    ).toEqual([]);
  });

  it('lets an ingest key send tracking and nothing else (401/403)', () => {
    const ingest = outcomes.filter((o) => o.caller.scope === 'ingest');
    const tracking = ingest.filter((o) => o.route.startsWith('POST /v1/'));
    expect(tracking).toHaveLength(7);
    expect(tracking.filter((o) => o.status !== 200).map(show)).toEqual([]);
    expect(
      ingest
        .filter((o) => !o.route.startsWith('POST /v1/') && o.access.kind !== 'public')
        .filter((o) => o.status !== 401 && o.status !== 403)
        .map(show),
    ).toEqual([]);
  });

  it('never lets a read key write: no 2xx on POST, PUT, PATCH or DELETE but the reads that use POST', () => {
    const readKey = outcomes.filter((o) => o.caller.scope === 'read' && o.method !== 'GET');
    const readOnly = readKey.filter((o) => specFor(o.route)?.readOnly).map((o) => o.route);
    expect(readOnly.sort()).toEqual([
      'DELETE /api/v1/session',
      'POST /api/v1/scoring/backtests',
      'POST /api/v1/scoring/validate',
      'POST /api/v1/session',
    ]);
    expect(
      readKey
        .filter((o) => !specFor(o.route)?.readOnly && o.status >= 200 && o.status < 300)
        .map(show),
    ).toEqual([]);
  });

  it('refuses reps (403) on every route the policy keeps for admins, managers or marketing', () => {
    const rep = outcomes.filter(
      (o) => o.caller.role === 'sales_rep' && o.access.kind === 'policy' && !o.allowed,
    );
    const refusedRoutes = new Set(rep.map((o) => o.route));
    for (const route of [
      'POST /api/v1/api-keys',
      'POST /api/v1/routing/versions',
      'GET /api/v1/sla/breaches',
      'POST /api/v1/webhook-endpoints',
      'POST /api/v1/imports',
      'PUT /api/v1/plan/{month}',
      'POST /api/v1/scoring/models',
    ])
      expect(refusedRoutes).toContain(route);
    expect(rep.filter((o) => o.status !== 403).map(show)).toEqual([]);
  });
});
