import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/app-error.js';
import { errorHandler } from './problem.js';
import { registerRateLimits, WindowCounter } from './rate-limit.js';

describe('WindowCounter', () => {
  it('allows `limit` hits per window, then says how long to wait, and opens again when the window ends', () => {
    let now = 1_000_000;
    const c = new WindowCounter(3, 60_000, () => now);
    expect([c.hit('a'), c.hit('a'), c.hit('a')]).toEqual([0, 0, 0]);
    expect(c.blockedFor('a')).toBe(60);
    expect(c.hit('a')).toBe(60);
    expect(c.hit('b')).toBe(0);
    now += 45_000;
    expect(c.blockedFor('a')).toBe(15);
    now += 15_000;
    expect(c.blockedFor('a')).toBe(0);
    expect(c.hit('a')).toBe(0);
  });

  it('takes back refunded hits and forgets keys', () => {
    const c = new WindowCounter(2, 1000, () => 0);
    c.hit('k');
    c.hit('k');
    expect(c.blockedFor('k')).toBe(1);
    c.refund('k');
    expect(c.blockedFor('k')).toBe(0);
    c.hit('k');
    c.forget('k');
    expect(c.blockedFor('k')).toBe(0);
  });

  it('sweeps expired keys once it holds many, so memory stays bounded', () => {
    let now = 0;
    const c = new WindowCounter(1, 10, () => now, 100);
    for (let i = 0; i < 100; i++) c.hit(`ip-${i}`);
    now = 20;
    c.hit('late');
    expect(c.size).toBe(1);
  });
});

/** A stand-in for the real routes: sign-in succeeds only with "right", tracking answers 200. */
async function limitedApp(now: () => number) {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  app.decorateRequest('identity', null);
  app.addHook('preValidation', async (request) => {
    const key = request.headers['x-key'];
    if (typeof key === 'string')
      request.identity = {
        actor: { kind: 'api_key', id: key, scopes: ['ingest'], name: key },
        via: 'api_key',
        member: null,
        csrfToken: null,
      };
  });
  registerRateLimits(
    app,
    {
      signInLimit: { maxFailures: 3, windowMs: 15 * 60_000 },
      ingestLimit: { maxRequests: 5, windowMs: 60_000 },
    },
    now,
  );
  app.post('/api/v1/session', async (request) => {
    if ((request.body as { password: string }).password !== 'right')
      throw new AppError('unauthenticated', 'wrong');
    return { ok: true };
  });
  app.post('/v1/track', { config: { writeKeyInBody: true } }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('registerRateLimits', () => {
  it('answers 429 problem+json with Retry-After after too many failed sign-ins for one email and address', async () => {
    let now = 0;
    const app = await limitedApp(() => now);
    const attempt = (email: string, password: string, ip = '10.0.0.1') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email, password },
        remoteAddress: ip,
      });
    for (let i = 0; i < 3; i++) expect((await attempt('A@x.test', 'wrong')).statusCode).toBe(401);
    const blocked = await attempt('a@x.test', 'right');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.headers['retry-after']).toBe('900');
    expect(blocked.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    // Another email from the same address, and the same email from elsewhere, are not blocked.
    expect((await attempt('b@x.test', 'right')).statusCode).toBe(200);
    expect((await attempt('a@x.test', 'right', '10.0.0.2')).statusCode).toBe(200);
    now += 15 * 60_000;
    expect((await attempt('a@x.test', 'right')).statusCode).toBe(200);
    await app.close();
  });

  it('does not count successful sign-ins, and a success clears the failures', async () => {
    const app = await limitedApp(() => 0);
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'a@x', password } });
    for (let i = 0; i < 10; i++) expect((await attempt('right')).statusCode).toBe(200);
    await attempt('wrong');
    await attempt('wrong');
    expect((await attempt('right')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    expect((await attempt('wrong')).statusCode).toBe(429);
    await app.close();
  });

  it('counts parallel guesses before checking them, so a burst cannot slip past the limit', async () => {
    const app = await limitedApp(() => 0);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: 'a@x', password: 'wrong' },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    await app.close();
  });

  it('limits tracking requests per write key, each key on its own budget', async () => {
    let now = 0;
    const app = await limitedApp(() => now);
    const track = (key: string) =>
      app.inject({ method: 'POST', url: '/v1/track', payload: {}, headers: { 'x-key': key } });
    for (let i = 0; i < 5; i++) expect((await track('k1')).statusCode).toBe(200);
    const limited = await track('k1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect((await track('k2')).statusCode).toBe(200);
    now += 60_000;
    expect((await track('k1')).statusCode).toBe(200);
    await app.close();
  });
});
