import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, tableCounts } from '../../../../test/support/test-app.js';
import { mergeContactRows } from '../../../store/contact-merges.js';

describe.each(databaseTargets)('Segment-compatible tracking API on $name', (target) => {
  let t: TestApp;
  let url: string;
  let writeKey: string;
  beforeAll(async () => {
    t = await startTestApp(target);
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await t.signIn('admin');
    writeKey = (
      await t.request(admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'website', scopes: ['ingest'] },
      })
    ).json().key;
  });
  afterAll(async () => {
    await t?.close();
  });

  const basic = () => ({
    authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
  });
  const post = (path: string, payload: unknown, headers: Record<string, string> = basic()) =>
    t.app.inject({
      method: 'POST',
      url: path,
      headers,
      payload: payload as Record<string, unknown>,
    });

  async function contactByEmail(email: string) {
    const { rows } = await t.db.query<Record<string, unknown>>(
      'SELECT * FROM contacts WHERE lower(email) = lower($1)',
      [email],
    );
    return rows[0];
  }

  it('takes identify, track, page and group from an unmodified Segment client, each on the right contact', async () => {
    const analytics = new Analytics({
      writeKey,
      host: url,
      flushAt: 50,
      flushInterval: 50,
      maxRetries: 1,
    });
    const failures: unknown[] = [];
    analytics.on('error', (e) => failures.push(e));
    analytics.page({
      anonymousId: 'anon-ada',
      name: 'Pricing',
      properties: {
        url: 'https://www.tandem.test/pricing?utm_source=google&utm_medium=cpc&utm_campaign=q4-demand',
      },
    });
    analytics.identify({
      userId: 'user-ada',
      anonymousId: 'anon-ada',
      traits: {
        email: 'Ada@Example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        title: 'CTO',
        plan: 'pro',
      },
    });
    analytics.track({
      userId: 'user-ada',
      event: 'Form Submitted',
      properties: { form: 'demo-request' },
    });
    analytics.group({
      userId: 'user-ada',
      groupId: 'grp-acme',
      traits: {
        name: 'Acme Analytics',
        website: 'https://www.acme-analytics.test',
        employees: 120,
        industry: 'SaaS',
      },
    });
    analytics.identify({
      userId: 'user-bob',
      traits: { email: 'bob@example.com', name: 'Bob Babbage' },
    });
    analytics.track({
      userId: 'user-bob',
      event: 'Signed Up',
      context: { campaign: { source: 'newsletter', medium: 'email', name: 'nov' } },
    });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);

    const ada = await contactByEmail('ada@example.com');
    expect(ada).toMatchObject({
      first_name: 'Ada',
      last_name: 'Lovelace',
      title: 'CTO',
      lifecycle_stage: 'lead',
      first_touch_source: 'google',
      first_touch_medium: 'cpc',
      first_touch_campaign: 'q4-demand',
    });
    expect(ada!.properties).toEqual({ plan: 'pro' });
    const { rows: adaEvents } = await t.db.query<{ type: string; name: string | null }>(
      'SELECT type, name FROM events WHERE contact_id = $1 ORDER BY type',
      [ada!.id],
    );
    expect(adaEvents).toEqual([
      { type: 'form_submitted', name: 'Form Submitted' },
      { type: 'group', name: null },
      { type: 'identify', name: null },
      { type: 'page_viewed', name: 'Pricing' },
    ]);
    const { rows: accounts } = await t.db.query<{
      id: string;
      domain: string;
      name: string;
      employees: number;
    }>('SELECT * FROM accounts WHERE group_id = $1', ['grp-acme']);
    expect(accounts[0]).toMatchObject({
      domain: 'acme-analytics.test',
      name: 'Acme Analytics',
      employees: 120,
    });
    expect(ada!.account_id).toBe(accounts[0]!.id);

    const bob = await contactByEmail('bob@example.com');
    expect(bob).toMatchObject({
      first_name: 'Bob',
      last_name: 'Babbage',
      last_touch_source: 'newsletter',
    });
    const { rows: bobEvents } = await t.db.query<{ type: string }>(
      'SELECT type FROM events WHERE contact_id = $1 ORDER BY type',
      [bob!.id],
    );
    expect(bobEvents.map((e) => e.type)).toEqual(['identify', 'signed_up']);
  });

  it('stores a batch replayed three times exactly once', async () => {
    const batch = Array.from({ length: 25 }, (_, i) => ({
      type: 'track',
      event: 'Asset Downloaded',
      userId: 'user-replay',
      messageId: `replay-${i}`,
      properties: { n: i },
    }));
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push((await post('/v1/batch', { batch, sentAt: new Date().toISOString() })).json());
    expect(results.map((r) => [r.stored, r.duplicates])).toEqual([
      [25, 0],
      [0, 25],
      [0, 25],
    ]);
    const { rows } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE message_id LIKE 'replay-%'",
    );
    expect(rows[0]!.n).toBe(25);
    const { rows: contacts } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM contact_identities WHERE value = 'user-replay'",
    );
    expect(contacts[0]!.n).toBe(1);
  });

  it('accepts the write key as Basic user, Bearer token or body writeKey, and refuses others', async () => {
    const msg = (id: string) => ({ userId: 'user-keys', event: 'Key Test', messageId: id });
    expect((await post('/v1/track', msg('k1'))).json()).toEqual({
      success: true,
      stored: 1,
      duplicates: 0,
      rejected: [],
    });
    expect(
      (await post('/v1/track', msg('k2'), { authorization: `Bearer ${writeKey}` })).statusCode,
    ).toBe(200);
    expect((await post('/v1/track', { ...msg('k3'), writeKey }, {})).statusCode).toBe(200);
    const none = await post('/v1/track', msg('k4'), {});
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect((await post('/v1/track', { ...msg('k5'), writeKey: 'tdm_wrong' }, {})).statusCode).toBe(
      401,
    );

    const admin = await t.signIn('admin');
    const readKey = (
      await t.request(admin, {
        method: 'POST',
        url: '/api/v1/api-keys',
        payload: { name: 'reader', scopes: ['read'] },
      })
    ).json().key;
    expect(
      (await post('/v1/track', msg('k6'), { authorization: `Bearer ${readKey}` })).statusCode,
    ).toBe(403);
    // The ingest key opens nothing else.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: basic() })).statusCode,
    ).toBe(403);
    const stored = await t.db.query(
      "SELECT message_id FROM events WHERE message_id IN ('k1','k2','k3','k4','k5','k6') ORDER BY 1",
    );
    expect(stored.rows.map((r) => r.message_id)).toEqual(['k1', 'k2', 'k3']);
  });

  it('stores the valid messages of a mixed batch and lists the invalid ones; refuses an all-invalid request', async () => {
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', event: 'Webinar Registered', userId: 'user-mixed', messageId: 'mixed-ok' },
        { type: 'track', userId: 'user-mixed', messageId: 'mixed-no-event' },
        { type: 'teleport', userId: 'user-mixed', messageId: 'mixed-bad-type' },
        { type: 'page', messageId: 'mixed-no-id' },
        {
          type: 'track',
          event: 'Big',
          userId: 'user-mixed',
          messageId: 'mixed-big',
          properties: { blob: 'x'.repeat(33_000) },
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.stored).toBe(1);
    expect(
      body.rejected.map((r: { index: number; errors: { field: string }[] }) => [
        r.index,
        r.errors[0]!.field,
      ]),
    ).toEqual([
      [1, 'event'],
      [2, 'type'],
      [3, 'userId'],
      [4, 'message'],
    ]);

    const before = await tableCounts(t.db);
    const bad = await post('/v1/batch', {
      batch: [{ type: 'track', userId: 'x', messageId: 'all-bad' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'batch/0/event', message: 'is required' }]);
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { ...basic(), 'content-type': 'application/json' },
      payload: '{"batch": [',
    });
    expect(notJson.statusCode).toBe(400);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it("keeps the write key's last use to the minute, not a write per request", async () => {
    await post('/v1/track', { userId: 'u-last-used', event: 'One', messageId: 'last-used-1' });
    const lastUsed = async () =>
      (
        await t.db.query<{ at: Date | null }>(
          "SELECT last_used_at AS at FROM api_keys WHERE scopes = '{ingest}' ORDER BY created_at LIMIT 1",
        )
      ).rows[0]!.at;
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await post('/v1/track', { userId: 'u-last-used', event: 'Two', messageId: 'last-used-2' });
    expect(await lastUsed()).toEqual(first);
  });

  it('refuses a request over 500 KB with 413', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => ({
      type: 'track',
      event: 'Filler',
      userId: 'user-big',
      messageId: `big-${i}`,
      properties: { blob: 'x'.repeat(30_000) },
    }));
    const res = await post('/v1/batch', { batch });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('merges two contacts an alias proves to be one person, keeping every event and identity', async () => {
    await post('/v1/identify', {
      userId: 'user-first',
      traits: { email: 'first@merge.test' },
      messageId: 'merge-1',
    });
    await post('/v1/identify', {
      anonymousId: 'anon-second',
      traits: { email: 'second@merge.test', phone: '+1 555' },
      messageId: 'merge-2',
    });
    await post('/v1/track', {
      anonymousId: 'anon-second',
      event: 'Pricing Viewed',
      messageId: 'merge-3',
    });
    const first = await contactByEmail('first@merge.test');
    const second = await contactByEmail('second@merge.test');
    expect(first!.id).not.toBe(second!.id);

    const res = await post('/v1/alias', {
      previousId: 'anon-second',
      userId: 'user-first',
      messageId: 'merge-4',
    });
    expect(res.statusCode).toBe(200);
    // 'anon-second' was read (and, on PGlite, remembered) before the merge: it must now find the survivor.
    await post('/v1/track', {
      anonymousId: 'anon-second',
      event: 'Demo Booked',
      messageId: 'merge-5',
    });
    const survivor = await contactByEmail('first@merge.test');
    expect(survivor!.id).toBe(first!.id);
    expect(survivor!.phone).toBe('+1 555');
    expect(await contactByEmail('second@merge.test')).toBeUndefined();
    const { rows: events } = await t.db.query<{ message_id: string }>(
      "SELECT message_id FROM events WHERE message_id LIKE 'merge-%' AND contact_id = $1 ORDER BY 1",
      [first!.id],
    );
    expect(events.map((e) => e.message_id)).toEqual([
      'merge-1',
      'merge-2',
      'merge-3',
      'merge-4',
      'merge-5',
    ]);
    const { rows: ids } = await t.db.query<{ value: string }>(
      'SELECT value FROM contact_identities WHERE contact_id = $1 ORDER BY value',
      [first!.id],
    );
    expect(ids.map((i) => i.value)).toEqual(['anon-second', 'user-first']);
    // events.contact_id has no foreign key (the COPY path); a merge must leave no event pointing nowhere.
    const { rows: dangling } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events e LEFT JOIN contacts c ON c.id = e.contact_id WHERE e.contact_id IS NOT NULL AND c.id IS NULL',
    );
    expect(dangling[0]!.n).toBe(0);
    const { rows: merges } = await t.db.query('SELECT survivor_id, merged_id FROM contact_merges');
    expect(merges).toEqual([{ survivor_id: first!.id, merged_id: second!.id }]);
  });

  it('never leaves an event on a contact that a concurrent merge folds away', async () => {
    await post('/v1/identify', {
      userId: 'race-a',
      traits: { email: 'a@race.test' },
      messageId: 'race-1',
    });
    await post('/v1/identify', {
      userId: 'race-b',
      traits: { email: 'b@race.test' },
      messageId: 'race-2',
    });
    const a = (await contactByEmail('a@race.test')) as { id: string };
    const b = (await contactByEmail('b@race.test')) as { id: string };
    let tracked: Promise<{ statusCode: number }> | undefined;
    // The merge is in flight (uncommitted) while the track for race-a is resolved and stored.
    await t.db.transaction(async (tx) => {
      await mergeContactRows(tx, b.id, a.id, 'test: merged by hand');
      tracked = post('/v1/track', { userId: 'race-a', event: 'Raced', messageId: 'race-3' });
      await new Promise((r) => setTimeout(r, 400));
    });
    expect((await tracked!).statusCode).toBe(200);
    const { rows } = await t.db.query<{ contact_id: string }>(
      "SELECT contact_id FROM events WHERE message_id = 'race-3'",
    );
    expect(rows).toEqual([{ contact_id: b.id }]);
  });

  it('attaches anonymous activity to the contact once identify links the ids', async () => {
    await post('/v1/page', {
      anonymousId: 'anon-late',
      name: 'Home',
      messageId: 'late-1',
      context: { campaign: { source: 'linkedin', medium: 'social', name: 'webinar-series' } },
    });
    const { rows: before } = await t.db.query(
      "SELECT contact_id FROM events WHERE message_id = 'late-1'",
    );
    expect(before[0]!.contact_id).toBeNull();
    await post('/v1/identify', {
      anonymousId: 'anon-late',
      userId: 'user-late',
      traits: { email: 'late@example.com' },
      messageId: 'late-2',
    });
    const late = await contactByEmail('late@example.com');
    const { rows: after } = await t.db.query(
      "SELECT contact_id FROM events WHERE message_id = 'late-1'",
    );
    expect(after[0]!.contact_id).toBe(late!.id);
  });

  it("corrects the client's clock with sentAt", async () => {
    const skew = 3_600_000;
    const occurred = Date.now() - 60_000;
    await post('/v1/track', {
      userId: 'user-skew',
      event: 'Clock Test',
      messageId: 'skew-1',
      timestamp: new Date(occurred + skew).toISOString(),
      sentAt: new Date(Date.now() + skew).toISOString(),
    });
    const { rows } = await t.db.query<{ occurred_at: Date }>(
      "SELECT occurred_at FROM events WHERE message_id = 'skew-1'",
    );
    expect(Math.abs(rows[0]!.occurred_at.getTime() - occurred)).toBeLessThan(5_000);
  });

  it('shares transactions between concurrent requests and still counts each event once', async () => {
    // 20 requests at once, each repeating half of its neighbour's messageIds.
    const requests = Array.from({ length: 20 }, (_, r) =>
      post('/v1/batch', {
        batch: Array.from({ length: 20 }, (_, i) => ({
          type: 'track',
          event: 'Concurrent',
          userId: `user-c${i % 3}`,
          messageId: `conc-${r * 10 + i}`,
        })),
      }),
    );
    const bodies = (await Promise.all(requests)).map((res) => res.json());
    const stored = bodies.reduce((sum, b) => sum + b.stored, 0);
    const duplicates = bodies.reduce((sum, b) => sum + b.duplicates, 0);
    expect({ stored, duplicates }).toEqual({ stored: 210, duplicates: 190 });
    const { rows } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE message_id LIKE 'conc-%'",
    );
    expect(rows[0]!.n).toBe(210);
    const { rows: users } = await t.db.query<{ n: number }>(
      "SELECT count(DISTINCT contact_id)::int AS n FROM events WHERE message_id LIKE 'conc-%'",
    );
    expect(users[0]!.n).toBe(3);
  });
});
