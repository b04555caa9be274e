import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDefinitions } from '../../src/core/definitions.js';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp, type TestMemberName } from '../support/test-app.js';

interface Operation {
  method: string;
  path: string;
  secured: boolean;
}

const someId = '00000000-0000-4000-8000-000000000000';

describe.each(databaseTargets)('access control on $name', (target) => {
  let t: TestApp;
  let operations: Operation[];
  beforeAll(async () => {
    t = await startTestApp(target);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    operations = Object.entries(
      doc.paths as Record<string, Record<string, { security?: unknown[] }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        secured: (op.security?.length ?? 0) > 0,
      })),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses anonymous callers on every secured operation of the OpenAPI document', async () => {
    const secured = operations.filter((o) => o.secured);
    expect(secured.length).toBeGreaterThan(10);
    for (const op of secured) {
      const res = await t.app.inject({
        method: op.method as 'GET',
        url: op.path.replace(/\{[^}]+\}/g, someId),
        payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
      });
      expect({ op, status: res.statusCode }).toEqual({ op, status: 401 });
    }
    const open = operations.filter((o) => !o.secured).map((o) => `${o.method} ${o.path}`);
    expect(open.sort()).toEqual(['GET /healthz', 'GET /readyz', 'POST /api/v1/session']);
  });

  const order: TestMemberName[] = ['admin', 'marketer', 'manager', 'rep'];
  const cases: [string, () => InjectOptions, number[]][] = [
    ['GET /contacts', () => ({ method: 'GET', url: '/api/v1/contacts' }), [200, 200, 200, 200]],
    ['GET /members', () => ({ method: 'GET', url: '/api/v1/members' }), [200, 200, 200, 200]],
    ['GET /stages', () => ({ method: 'GET', url: '/api/v1/stages' }), [200, 200, 200, 200]],
    [
      'POST /accounts',
      () => ({
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { domain: `d${Math.random().toString(36).slice(2)}.com`, name: 'X' },
      }),
      [201, 201, 201, 403],
    ],
    [
      'POST /definitions/versions',
      () => ({
        method: 'POST',
        url: '/api/v1/definitions/versions',
        payload: { document: defaultDefinitions },
      }),
      [201, 201, 201, 403],
    ],
    ['GET /personas', () => ({ method: 'GET', url: '/api/v1/personas' }), [200, 200, 200, 200]],
    ['GET /api-keys', () => ({ method: 'GET', url: '/api/v1/api-keys' }), [200, 403, 403, 403]],
    [
      'POST /api-keys',
      () => ({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'k', scopes: ['read'] } }),
      [201, 403, 403, 403],
    ],
  ];

  it.each(cases)(
    '%s answers admin, marketing, sales_manager, sales_rep as expected',
    async (_name, request, expected) => {
      const statuses: number[] = [];
      for (const who of order)
        statuses.push((await t.request(await t.signIn(who), request())).statusCode);
      expect(statuses).toEqual(expected);
    },
  );
});
