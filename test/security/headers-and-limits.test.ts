import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { maxRequestBytes } from '../../src/core/tracking/segment-message.js';
import { buildApp } from '../../src/server/app.js';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp, tableCounts, testPassword } from '../support/test-app.js';
import { createKey } from './callers.js';

function expectSafeHeaders(res: LightMyRequestResponse, what: string) {
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('same-origin');
  expect(res.headers['x-frame-options'], what).toBe('DENY');
  expect(res.headers['x-powered-by'], what).toBeUndefined();
  expect(res.headers.server, what).toBeUndefined();
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect(csp, what).toContain("frame-ancestors 'none'");
  return csp;
}

describe.each(databaseTargets)(
  'security headers, rate limits and body limits on $name',
  (target) => {
    let t: TestApp;
    /** The same workspace served with a small body limit and ingest budget, as an operator may set them. */
    let tight: FastifyInstance;
    beforeAll(async () => {
      t = await startTestApp(target);
      tight = await buildApp({
        db: t.db,
        config: loadConfig({
          TANDEM_DATA_DIR: '/nonexistent',
          TANDEM_BODY_LIMIT: '4096',
          TANDEM_INGEST_RATE_LIMIT: '5',
          TANDEM_INGEST_RATE_WINDOW_SECONDS: '60',
          TANDEM_SIGN_IN_MAX_FAILURES: '3',
          TANDEM_TRUST_PROXY: '127.0.0.1',
        }),
        logger: false,
      });
      await tight.ready();
    });
    afterAll(async () => {
      await tight?.close();
      await t?.close();
    });

    it('sends the safe headers and a closed CSP on API answers, errors included', async () => {
      const rep = await t.signIn('rep');
      for (const res of [
        await t.request(rep, { method: 'GET', url: '/api/v1/contacts' }),
        await t.app.inject({ method: 'GET', url: '/api/v1/contacts' }),
        await t.app.inject({ method: 'GET', url: '/api/v1/nowhere' }),
        await t.app.inject({ method: 'GET', url: '/healthz' }),
        await t.app.inject({ method: 'POST', url: '/v1/track', payload: {} }),
        await t.app.inject({ method: 'GET', url: '/api/openapi.json' }),
      ]) {
        const csp = expectSafeHeaders(res, `${res.statusCode} ${res.body.slice(0, 60)}`);
        expect(csp).toBe("default-src 'none'; frame-ancestors 'none'");
      }
    });

    it("sends the web app's CSP with its pages and files: own scripts only, no framing", async () => {
      const page = await t.app.inject({ method: 'GET', url: '/contacts' });
      expect(page.statusCode).toBe(200);
      const csp = expectSafeHeaders(page, 'page');
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(csp).toContain("base-uri 'none'");
      const asset = await t.app.inject({ method: 'GET', url: '/assets/missing-file.js' });
      expectSafeHeaders(asset, 'asset');
      // The built page loads no inline script, so the policy does not break it.
      if (String(page.headers['content-type']).startsWith('text/html'))
        expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    });

    it('answers the eleventh failed sign-in for one email with 429 problem+json and Retry-After, even with the right password', async () => {
      const attempt = (password: string, email = 'marketer@example.test') =>
        t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
      for (let i = 0; i < 10; i++) expect((await attempt(`guess-${i}`)).statusCode).toBe(401);
      const limited = await attempt(testPassword);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
      expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
      expectSafeHeaders(limited, '429');
      // Another member signing in from the same address is not locked out.
      expect((await attempt(testPassword, 'manager@example.test')).statusCode).toBe(200);
      // Without TANDEM_TRUST_PROXY a client cannot name another address to escape the limit.
      const spoofed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'x-forwarded-for': '198.51.100.7' },
        payload: { email: 'marketer@example.test', password: testPassword },
      });
      expect(spoofed.statusCode).toBe(429);
    });

    it('behind a trusted proxy (TANDEM_TRUST_PROXY) counts each forwarded client address on its own', async () => {
      const attempt = (client: string) =>
        tight.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { 'x-forwarded-for': client },
          payload: { email: 'rep@example.test', password: 'a guess' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.1')).statusCode).toBe(401);
      expect((await attempt('203.0.113.1')).statusCode).toBe(429);
      // Another client behind the same proxy is not locked out by the first one's guesses.
      expect((await attempt('203.0.113.2')).statusCode).toBe(401);
    });

    it('limits tracking per write key as configured (TANDEM_INGEST_RATE_LIMIT), each key on its own budget', async () => {
      const first = (await createKey(t, ['ingest'])).key;
      const second = (await createKey(t, ['ingest'])).key;
      const track = (key: string) =>
        tight.inject({
          method: 'POST',
          url: '/v1/track',
          headers: { authorization: `Bearer ${key}` },
          payload: { userId: 'u', event: 'Viewed' },
        });
      for (let i = 0; i < 5; i++) expect((await track(first)).statusCode).toBe(200);
      const limited = await track(first);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json()).toMatchObject({ code: 'rate_limited' });
      // The key in the body counts against the same budget.
      const inBody = await tight.inject({
        method: 'POST',
        url: '/v1/track',
        payload: { userId: 'u', event: 'Viewed', writeKey: first },
      });
      expect(inBody.statusCode).toBe(429);
      expect((await track(second)).statusCode).toBe(200);
      await tight.inject({ method: 'GET', url: '/healthz' });
    });

    it('refuses bodies over the limit with 413 problem+json and writes nothing', async () => {
      const key = (await createKey(t, ['ingest'])).key;
      const before = await tableCounts(t.db);
      const session = await tight.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'manager@example.test', password: testPassword },
      });
      const cookie = `tandem_session=${session.cookies.find((c) => c.name === 'tandem_session')!.value}`;
      const headers = { cookie, 'x-csrf-token': session.json().csrfToken };
      const big = await tight.inject({
        method: 'POST',
        url: '/api/v1/contacts',
        headers,
        payload: { email: 'big@example.test', properties: { blob: 'x'.repeat(5000) } },
      });
      expect(big.statusCode).toBe(413);
      expect(big.headers['content-type']).toContain('application/problem+json');
      expect(big.json()).toMatchObject({ code: 'payload_too_large' });

      const batch = {
        batch: Array.from({ length: 40 }, (_, i) => ({
          type: 'track',
          userId: `u${i}`,
          event: 'Viewed',
          properties: { pad: 'y'.repeat(Math.ceil(maxRequestBytes / 40)) },
        })),
      };
      const tooBig = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Bearer ${key}` },
        payload: batch,
      });
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json()).toMatchObject({ code: 'payload_too_large' });
      const counts = await tableCounts(t.db);
      // Signing in wrote its session's audit entry; nothing else changed.
      expect({ ...counts, audit_log: before.audit_log }).toEqual(before);
    });
  },
);
