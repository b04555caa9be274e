import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, tableCounts } from '../../../../test/support/test-app.js';

describe.each(databaseTargets)('accounts API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates an account keyed by lower-case domain, updates it, and links contacts', async () => {
    const marketer = await t.signIn('marketer');
    const res = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: 'Acme.COM', name: 'Acme', employees: 120, industry: 'SaaS' },
    });
    expect(res.statusCode).toBe(201);
    const account = res.json();
    expect(account).toMatchObject({ domain: 'acme.com', employees: 120 });

    const dup = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: 'acme.com', name: 'Acme again' },
    });
    expect(dup.statusCode).toBe(409);

    const patched = await t.request(marketer, {
      method: 'PATCH',
      url: `/api/v1/accounts/${account.id}`,
      payload: { annualRevenue: 12_500_000.5 },
    });
    expect(patched.json().annualRevenue).toBe(12_500_000.5);

    const contact = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: 'wile@acme.com', accountId: account.id },
    });
    expect(contact.json().account).toEqual({ id: account.id, name: 'Acme', domain: 'acme.com' });
    const search = (
      await t.request(marketer, { method: 'GET', url: '/api/v1/contacts?q=acme' })
    ).json();
    expect(search.items.map((c: { email: string }) => c.email)).toContain('wile@acme.com');

    const list = (
      await t.request(await t.signIn('rep'), { method: 'GET', url: '/api/v1/accounts?q=acm' })
    ).json();
    expect(list.items).toHaveLength(1);
  });

  it('refuses writes by reps, bad domains and negative sizes, writing nothing', async () => {
    const repCaller = await t.signIn('rep');
    const admin = await t.signIn('admin');
    const before = await tableCounts(t.db);
    const rep = await t.request(repCaller, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: 'rep.com', name: 'Rep Inc' },
    });
    expect(rep.statusCode).toBe(403);
    const badDomain = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: 'not a domain', name: 'X' },
    });
    expect(badDomain.statusCode).toBe(400);
    expect(badDomain.json().errors[0].field).toBe('domain');
    const negative = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: 'neg.com', name: 'Neg', employees: -1 },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].field).toBe('employees');
    const badLink = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: 'a@b.com', accountId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.json().errors).toEqual([
      { field: 'accountId', message: 'no account has this id' },
    ]);
    // An owner that is no member was a foreign-key 500; it is a 400 naming the field.
    const nobody = '00000000-0000-4000-8000-000000000000';
    const badOwner = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { domain: 'owner.com', name: 'O', ownerId: nobody },
    });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().errors).toEqual([
      { field: 'ownerId', message: 'no member has this id' },
    ]);
    expect(await tableCounts(t.db)).toEqual(before);
  });
});
