import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, testPassword } from '../../../../test/support/test-app.js';

describe.each(databaseTargets)('session and API keys on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in with the right password: httpOnly cookie, member and CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'REP@example.test', password: testPassword },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'tandem_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json()).toMatchObject({ member: { email: 'rep@example.test', role: 'sales_rep' } });
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    const { rows } = await t.db.query<{ id: string }>('SELECT id FROM sessions');
    expect(rows.map((r) => r.id)).not.toContain(cookie.value);
  });

  it('answers a wrong password and an unknown email alike with 401', async () => {
    for (const payload of [
      { email: 'rep@example.test', password: 'wrong password' },
      { email: 'nobody@example.test', password: testPassword },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        code: 'unauthenticated',
        detail: 'Email or password is not correct',
      });
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('requires sign-in for the API and says how', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/contacts' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('issues a fresh session on every sign-in (no fixation) and ends it on sign-out', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'manager@example.test', password: testPassword },
    });
    const firstCookie = first.cookies[0]!.value;
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { cookie: `tandem_session=${firstCookie}` },
      payload: { email: 'manager@example.test', password: testPassword },
    });
    const secondCookie = second.cookies[0]!.value;
    expect(secondCookie).not.toBe(firstCookie);

    const headers = {
      cookie: `tandem_session=${secondCookie}`,
      'x-csrf-token': second.json().csrfToken,
    };
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token, and changes nothing', async () => {
    const rep = await t.signIn('rep');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { cookie: rep.cookie },
      payload: { email: 'csrf@example.com' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { cookie: rep.cookie, 'x-csrf-token': 'not-the-token' },
      payload: { email: 'csrf@example.com' },
    });
    expect(wrong.statusCode).toBe(403);
    const { rows } = await t.db.query("SELECT 1 FROM contacts WHERE email = 'csrf@example.com'");
    expect(rows).toHaveLength(0);
  });

  it('tells who is calling', async () => {
    const marketer = await t.signIn('marketer');
    const me = await t.request(marketer, { method: 'GET', url: '/api/v1/me' });
    expect(me.json()).toMatchObject({
      member: { role: 'marketing', email: 'marketer@example.test' },
      apiKey: null,
      csrfToken: marketer.csrfToken,
    });
  });

  it('creates API keys (admin only), shows the key once, stores only its hash, and enforces scopes', async () => {
    const admin = await t.signIn('admin');
    const denied = await t.request(await t.signIn('manager'), {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'x', scopes: ['read'] },
    });
    expect(denied.statusCode).toBe(403);

    const created = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/api-keys',
      payload: { name: 'warehouse sync', scopes: ['read'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^tdm_/);
    const stored = await t.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [apiKey.id],
    );
    expect(stored.rows[0]!.key_hash).not.toContain(key);
    const listed = (await t.request(admin, { method: 'GET', url: '/api/v1/api-keys' })).json();
    expect(JSON.stringify(listed)).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: bearer })).statusCode,
    ).toBe(200);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: bearer,
      payload: { email: 'viakey@example.com' },
    });
    expect(write.statusCode).toBe(403);

    const ingest = (
      await t.request(admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'site', scopes: ['ingest'] },
      })
    ).json();
    const ingestRead = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${ingest.key}` },
    });
    expect(ingestRead.statusCode).toBe(403);

    const writer = (
      await t.request(admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'crm', scopes: ['write'] },
      })
    ).json();
    const viaWriter = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${writer.key}` },
      payload: { email: 'viakey@example.com' },
    });
    expect(viaWriter.statusCode).toBe(201);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${viaWriter.json().id}/transitions`,
      headers: { authorization: `Bearer ${writer.key}` },
    });
    expect(history.json().items[0].actor).toEqual({
      kind: 'api_key',
      id: writer.apiKey.id,
      name: 'crm',
    });

    const revoke = await t.request(admin, {
      method: 'DELETE',
      url: `/api/v1/api-keys/${apiKey.id}`,
    });
    expect(revoke.statusCode).toBe(204);
    const afterRevoke = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: bearer,
    });
    expect(afterRevoke.statusCode).toBe(401);
    const garbage = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contacts',
      headers: { authorization: 'Bearer tdm_nope' },
    });
    expect(garbage.statusCode).toBe(401);
  });
});
