import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/server/app.js';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp, testPassword } from '../support/test-app.js';

/**
 * The app as it runs in production, logging at trace into memory, on the test
 * app's database: the log of a busy session must hold no credential.
 */
describe.each(databaseTargets)('no secret in the logs on $name', (target) => {
  let t: TestApp;
  let app: FastifyInstance;
  const lines: string[] = [];
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp(target);
    app = await buildApp({
      db: t.db,
      config: loadConfig({ TANDEM_DATA_DIR: '/nonexistent', TANDEM_LOG_LEVEL: 'trace' }),
      logStream: { write: (line) => void lines.push(line) },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('logs requests but never a password, session or CSRF token, API key, write key or endpoint secret', async () => {
    secrets.set('password', testPassword);
    const wrong = 'not-the-password-9f8e7d';
    secrets.set('wrong password', wrong);
    await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'admin@example.test', password: wrong },
    });
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'admin@example.test', password: testPassword },
    });
    expect(signIn.statusCode).toBe(200);
    const session = signIn.cookies.find((c) => c.name === 'tandem_session')!.value;
    const csrf = signIn.json().csrfToken as string;
    secrets.set('session token', session);
    secrets.set('CSRF token', csrf);
    const admin = { cookie: `tandem_session=${session}`, 'x-csrf-token': csrf };

    const keys: Record<string, string> = {};
    for (const scopes of [['ingest'], ['write'], ['read']]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: scopes.join(), scopes },
        headers: admin,
      });
      expect(res.statusCode).toBe(201);
      keys[scopes[0]!] = res.json().key;
      secrets.set(`${scopes[0]} key`, res.json().key);
    }

    // Tracking with the write key in each place a Segment client puts it.
    const event = { userId: 'u1', event: 'Viewed', properties: { page: '/pricing' } };
    const basic = `Basic ${Buffer.from(`${keys.write}:`).toString('base64')}`;
    secrets.set('basic header', basic.slice('Basic '.length));
    for (const options of [
      { headers: { authorization: basic }, payload: event },
      { headers: { authorization: `Bearer ${keys.ingest}` }, payload: event },
      { headers: {}, payload: { ...event, writeKey: keys.ingest } },
      {
        headers: { 'content-type': 'text/plain' },
        payload: JSON.stringify({ ...event, writeKey: keys.write }),
      },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/v1/track', ...options });
      expect(res.statusCode).toBe(200);
    }
    // A wrong key and a read key refused: refusals are logged too.
    await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer tdm_wrong_key_123456' },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${keys.read}` },
      payload: { email: 'a@b.test' },
    });

    const webhook = await app.inject({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      headers: admin,
      payload: { kind: 'webhook', url: 'https://hooks.example.test/in' },
    });
    expect(webhook.statusCode).toBe(201);
    const whsec = webhook.json().secret as string;
    expect(whsec).toMatch(/^whsec_/);
    secrets.set('webhook secret', whsec);
    secrets.set('webhook secret key', whsec.slice('whsec_'.length));
    const slackPath = 'T000SECRET/B000SECRET/xoxSecretSlackPath123';
    secrets.set('Slack URL path', slackPath);
    const slack = await app.inject({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      headers: admin,
      payload: { kind: 'slack', url: `https://hooks.slack.com/services/${slackPath}` },
    });
    expect(slack.statusCode).toBe(201);
    await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: admin });

    const log = lines.join('');
    // The log is not empty: it has one line per request, so a leak would show.
    expect(lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(14);
    const leaked = [...secrets].filter(([, value]) => log.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
    expect(log).not.toMatch(/whsec_/);
  });
});
