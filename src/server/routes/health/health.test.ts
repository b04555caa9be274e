import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe.each(databaseTargets)('health, OpenAPI and docs on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /healthz and /readyz without sign-in', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
    });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
    });
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/contacts',
      '/api/v1/contacts/{id}',
      '/api/v1/contacts/{id}/events',
      '/api/v1/accounts',
      '/api/v1/stages',
      '/api/v1/me',
      '/api/v1/session',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(
      doc.paths['/api/v1/contacts'].post.requestBody.content['application/json'].schema.properties
        .email,
    ).toBeDefined();
    expect(doc.components.schemas.Problem).toBeDefined();
  });

  it('serves the docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API paths with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('web app routes', () => {
  it('answers a missing asset with 404, not the app page', async () => {
    const t = await startTestApp(databaseTargets[0]!);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/assets/index-old.js' });
      expect(res.statusCode).toBe(404);
      const page = await t.app.inject({ method: 'GET', url: '/contacts/some-id' });
      expect(page.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
