import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { startTestApp, type TestApp, tableCounts, testPassword } from '../support/test-app.js';
import { createKey, freshSession } from './callers.js';

describe.each(databaseTargets)('sessions, CSRF and API keys on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  const me = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
  const signIn = (headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'marketer@example.test', password: testPassword },
      headers,
    });
  const tokenOf = (res: Awaited<ReturnType<typeof signIn>>) =>
    res.cookies.find((c) => c.name === 'tandem_session')!;
  const newAccount = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: `csrf-${Math.random().toString(36).slice(2)}.example`, name: 'C' },
      headers,
    });

  it('never keeps a session id the browser brought to sign-in (no fixation)', async () => {
    const planted = 'attacker-chosen-session-id-0123456789abcdef';
    const res = await signIn({ cookie: `tandem_session=${planted}` });
    expect(res.statusCode).toBe(200);
    const issued = tokenOf(res);
    expect(issued.value).not.toBe(planted);
    expect(issued.value.length).toBeGreaterThanOrEqual(32);
    expect((await me({ cookie: `tandem_session=${planted}` })).statusCode).toBe(401);
    expect((await me({ cookie: `tandem_session=${issued.value}` })).statusCode).toBe(200);

    // A live session brought to a second sign-in is not reused either: each sign-in is a new id.
    const again = await signIn({ cookie: `tandem_session=${issued.value}` });
    const second = tokenOf(again);
    expect(second.value).not.toBe(issued.value);
    expect(again.json().csrfToken).not.toBe(res.json().csrfToken);
  });

  it('sets the cookie httpOnly, SameSite=Lax, on the whole site', async () => {
    const cookie = tokenOf(await signIn());
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('ends the session on sign-out: the cookie and its CSRF token no longer work', async () => {
    const session = await freshSession(t, 'marketer');
    expect((await me(session)).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: session });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'tandem_session')?.value).toBe('');
    expect((await me(session)).statusCode).toBe(401);
    expect((await newAccount(session)).statusCode).toBe(401);
  });

  it('refuses cookie writes without the CSRF token, or with another session’s, and writes nothing', async () => {
    const mine = await freshSession(t, 'marketer');
    const theirs = await freshSession(t, 'manager');
    const before = await tableCounts(t.db);
    const without = await newAccount({ cookie: mine.cookie });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ code: 'csrf_failed' });
    const crossed = await newAccount({
      cookie: mine.cookie,
      'x-csrf-token': theirs['x-csrf-token'],
    });
    expect(crossed.statusCode).toBe(403);
    expect(crossed.json()).toMatchObject({ code: 'csrf_failed' });
    const empty = await newAccount({ cookie: mine.cookie, 'x-csrf-token': '' });
    expect(empty.statusCode).toBe(403);
    // Every unsafe method is checked, not only POST.
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url: `/api/v1/members/${t.members.marketer}/away-periods/00000000-0000-4000-8000-000000000000`,
        headers: { cookie: mine.cookie },
      });
      expect({ method, status: res.statusCode }).toMatchObject({ method, status: 403 });
    }
    expect(await tableCounts(t.db)).toEqual(before);
    expect((await newAccount(mine)).statusCode).toBe(201);
  });

  it('needs no CSRF token from an API key, which a browser never sends by itself', async () => {
    const { key } = await createKey(t, ['write']);
    const res = await newAccount({ authorization: `Bearer ${key}` });
    expect(res.statusCode).toBe(201);
  });

  it('holds keys to their scopes and refuses revoked, unknown and malformed keys', async () => {
    const read = await createKey(t, ['read']);
    const write = await createKey(t, ['write']);
    const ingest = await createKey(t, ['ingest']);
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    expect((await me(bearer(read.key))).statusCode).toBe(200);
    expect((await newAccount(bearer(read.key))).statusCode).toBe(403);
    expect((await newAccount(bearer(ingest.key))).statusCode).toBe(403);
    expect((await me(bearer(ingest.key))).statusCode).toBe(403);
    // A write key may not mint keys or add endpoints (secrets).
    const mint = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'x', scopes: ['admin'] },
      headers: bearer(write.key),
    });
    expect(mint.statusCode).toBe(403);

    const admin = await t.signIn('admin');
    const revoked = await t.request(admin, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${read.id}`,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await me(bearer(read.key))).statusCode).toBe(401);
    expect((await me(bearer(`${write.key.slice(0, -2)}xx`))).statusCode).toBe(401);
    expect((await me(bearer('tdm_'))).statusCode).toBe(401);
    expect((await me({ authorization: 'Token abc' })).statusCode).toBe(401);
    expect(
      (await me({ authorization: `Basic ${Buffer.from(':').toString('base64')}` })).statusCode,
    ).toBe(401);
    // A key in the query string is not a credential (it would end up in logs and history).
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/me?key=${write.key}` })).statusCode,
    ).toBe(401);
  });
});
