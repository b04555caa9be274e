import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.js';
import { type Caller, startTestApp, type TestApp, tableCounts } from '../support/test-app.js';

/** Classic SQL injection and LIKE-pattern payloads, and characters PostgreSQL refuses in text. */
const payloads = [
  "' OR 1=1 --",
  "' OR '1'='1",
  "'; DROP TABLE contacts; --",
  '1; DELETE FROM contacts WHERE true; --',
  "') UNION SELECT password_hash, email, null FROM members --",
  '%',
  '_',
  '%%%%%_%',
  '\\',
  "\\'",
  '"; SELECT pg_sleep(5); --',
  '$1',
  '$$; DROP TABLE audit_log; $$',
  'null',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ ',
  '../../etc/passwd',
  '$' + '{jndi:ldap://x}',
  '<script>alert(1)</script>',
  '[]',
  '{"$gt": ""}',
];

describe.each(databaseTargets)('injection attempts in filters on $name', (target) => {
  let t: TestApp;
  let manager: Caller;
  beforeAll(async () => {
    t = await startTestApp(target);
    manager = await t.signIn('manager');
    for (const [i, email] of ['ada@lovelace.test', 'grace@hopper.test'].entries())
      await t.request(manager, {
        method: 'POST',
        url: '/api/v1/contacts',
        payload: { email, firstName: `Person${i}` },
      });
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = (url: string, query: Record<string, string>) =>
    t.request(manager, { method: 'GET', url, query });

  it.each([
    ['contacts', '/api/v1/contacts', ['q', 'stage', 'ownerId', 'accountId', 'cursor', 'limit']],
    ['the contact export', '/api/v1/contacts/export', ['q', 'stage', 'ownerId']],
    ['accounts', '/api/v1/accounts', ['q', 'cursor']],
    ['reports', '/api/v1/reports/funnel', ['split', 'from', 'to']],
    ['notifications', '/api/v1/notifications', ['cursor']],
  ])(
    'answers hostile %s filters with 4xx or a page of nothing, never a 500, changing no table',
    async (_name, url, params) => {
      const before = await tableCounts(t.db);
      const statuses: string[] = [];
      for (const param of params)
        for (const value of payloads) {
          const res = await list(url, { [param]: value });
          statuses.push(`${param}=${JSON.stringify(value)} → ${res.statusCode}`);
          expect(res.statusCode, `${param}=${JSON.stringify(value)}`).toBeLessThan(500);
          if (res.statusCode === 200 && param === 'q' && url === '/api/v1/contacts') {
            // A pattern or a quote is searched for as text: it matches no one here.
            expect(res.json().items, `${param}=${JSON.stringify(value)}`).toEqual([]);
          }
        }
      expect(statuses.length).toBe(params.length * payloads.length);
      expect(await tableCounts(t.db)).toEqual(before);
    },
  );

  it('treats a forged cursor carrying SQL as not one the API issued (400)', async () => {
    const forged = [
      ["2026-01-01T00:00:00Z' OR 1=1 --", '00000000-0000-4000-8000-000000000000'],
      ['2026-01-01T00:00:00Z', "x' OR '1'='1"],
      ['2026-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000000', 'extra'],
      { at: '2026', id: 1 },
    ].map((v) => Buffer.from(JSON.stringify(v)).toString('base64url'));
    for (const cursor of forged) {
      const res = await list('/api/v1/contacts', { cursor });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('finds what a search names, and only that: the filters still work', async () => {
    const found = await list('/api/v1/contacts', { q: 'lovelace' });
    expect(found.json().items.map((c: { email: string }) => c.email)).toEqual([
      'ada@lovelace.test',
    ]);
    const all = await list('/api/v1/contacts', {});
    expect(all.json().items).toHaveLength(2);
    const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM members');
    expect(rows[0]!.n).toBe(5);
  });
});
