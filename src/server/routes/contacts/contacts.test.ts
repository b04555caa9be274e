import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, tableCounts } from '../../../../test/support/test-app.js';

describe.each(databaseTargets)('contacts API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function create(
    as: 'admin' | 'marketer' | 'manager' | 'rep' | 'otherRep',
    payload: Record<string, unknown>,
  ) {
    return t.request(await t.signIn(as), { method: 'POST', url: '/api/v1/contacts', payload });
  }

  it('creates, reads and lists a contact, with its creation in the stage history', async () => {
    const res = await create('marketer', {
      email: 'Ada.Lovelace@Example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      properties: { plan: 'pro' },
    });
    expect(res.statusCode).toBe(201);
    const contact = res.json();
    expect(contact).toMatchObject({
      email: 'Ada.Lovelace@Example.com',
      lifecycleStage: 'lead',
      ownerId: null,
      properties: { plan: 'pro' },
    });

    const admin = await t.signIn('admin');
    const got = await t.request(admin, { method: 'GET', url: `/api/v1/contacts/${contact.id}` });
    expect(got.json().id).toBe(contact.id);

    const history = await t.request(admin, {
      method: 'GET',
      url: `/api/v1/contacts/${contact.id}/transitions`,
    });
    expect(history.json().items).toMatchObject([
      { fromStage: null, toStage: 'lead', actor: { kind: 'member', name: 'Marketer' } },
    ]);
  });

  it('refuses a second contact with the same email in another case (409, field named)', async () => {
    await create('admin', { email: 'dup@example.com' });
    const res = await create('admin', { email: 'DUP@example.com' });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([
      { field: 'email', message: 'is already used by another contact' },
    ]);
  });

  it('answers a wrong type with 400 naming the field, and writes nothing', async () => {
    const admin = await t.signIn('admin');
    const before = await tableCounts(t.db);
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      payload: { email: 'x@example.com', firstName: 42 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      type: 'urn:tandem:problem:validation-failed',
    });
    expect(body.errors[0].field).toBe('firstName');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('answers malformed JSON with 400 problem+json naming the body, and writes nothing', async () => {
    const admin = await t.signIn('admin');
    const before = await tableCounts(t.db);
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "broken@example.com", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_request', errors: [{ field: 'body' }] });
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses unknown fields instead of silently dropping them', async () => {
    const res = await create('admin', {
      email: 'unknown-field@example.com',
      favouriteColour: 'blue',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'favouriteColour', message: 'is not a known field' },
    ]);
  });

  it('refuses a body over the size limit with 413', async () => {
    const admin = await t.signIn('admin');
    const res = await t.request(admin, {
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        email: 'big@example.com',
        properties: { blob: 'x'.repeat(1_100_000) },
      }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it("lets a rep claim an unowned lead but not change another rep's contact owner (403, nothing written)", async () => {
    const rep = await t.signIn('rep');
    const other = await t.signIn('otherRep');
    const mine = (await create('rep', { email: 'mine@example.com' })).json();
    expect(mine.ownerId).toBe(rep.memberId);

    const theirs = (await create('otherRep', { email: 'theirs@example.com' })).json();
    const before = await tableCounts(t.db);
    const steal = await t.request(rep, {
      method: 'PATCH',
      url: `/api/v1/contacts/${theirs.id}`,
      payload: { ownerId: rep.memberId },
    });
    expect(steal.statusCode).toBe(403);
    expect(steal.json().code).toBe('forbidden');
    expect(await tableCounts(t.db)).toEqual(before);
    const still = await t.request(other, { method: 'GET', url: `/api/v1/contacts/${theirs.id}` });
    expect(still.json().ownerId).toBe(other.memberId);

    const unowned = (await create('marketer', { email: 'unowned@example.com' })).json();
    const claim = await t.request(rep, {
      method: 'PATCH',
      url: `/api/v1/contacts/${unowned.id}`,
      payload: { ownerId: rep.memberId },
    });
    expect(claim.statusCode).toBe(200);
    expect(claim.json().owner).toEqual({ id: rep.memberId, name: 'Rep' });
  });

  it('lets the manager reassign, and records it in the audit log', async () => {
    const manager = await t.signIn('manager');
    const c = (await create('rep', { email: 'reassign@example.com' })).json();
    const res = await t.request(manager, {
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      payload: { ownerId: t.members.otherRep },
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await t.db.query<{ changes: Record<string, unknown> }>(
      "SELECT changes FROM audit_log WHERE subject_id = $1 AND action = 'contact.updated'",
      [c.id],
    );
    expect(rows[0]!.changes).toEqual({ ownerId: { from: t.members.rep, to: t.members.otherRep } });
  });

  it('moves stages along allowed transitions and answers 409 with the allowed ones otherwise', async () => {
    const marketer = await t.signIn('marketer');
    const rep = await t.signIn('rep');
    const c = (
      await create('marketer', { email: 'stages@example.com', ownerId: t.members.rep })
    ).json();

    const jump = await t.request(marketer, {
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      payload: { lifecycleStage: 'mql' },
    });
    expect(jump.statusCode).toBe(200);

    const before = await tableCounts(t.db);
    const skip = await t.request(rep, {
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      payload: { lifecycleStage: 'customer' },
    });
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({
      code: 'invalid_transition',
      from: 'mql',
      to: 'customer',
      allowed: ['sal', 'recycled', 'disqualified'],
    });
    expect(await tableCounts(t.db)).toEqual(before);

    const accept = await t.request(rep, {
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      payload: { lifecycleStage: 'sal' },
    });
    expect(accept.statusCode).toBe(200);
    // Once sales holds the lead, marketing cannot move it.
    const pull = await t.request(marketer, {
      method: 'PATCH',
      url: `/api/v1/contacts/${c.id}`,
      payload: { lifecycleStage: 'recycled', reason: 'nurture' },
    });
    expect(pull.statusCode).toBe(403);

    const history = (
      await t.request(rep, { method: 'GET', url: `/api/v1/contacts/${c.id}/transitions` })
    ).json().items;
    expect(history.map((h: { toStage: string }) => h.toStage)).toEqual(['lead', 'mql', 'sal']);
  });

  it('filters by stage, owner and free text, and pages with a cursor', async () => {
    const admin = await t.signIn('admin');
    for (let i = 0; i < 5; i++) {
      await create('admin', {
        email: `pager${i}@paging.test`,
        firstName: 'Pager',
        lastName: `Number${i}`,
        ownerId: t.members.otherRep,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/contacts?q=paging.test&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request(admin, { method: 'GET', url })).json();
      seen.push(...page.items.map((c: { email: string }) => c.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `pager${i}@paging.test`));

    const byName = (
      await t.request(admin, { method: 'GET', url: '/api/v1/contacts?q=pager%20number3' })
    ).json();
    expect(byName.items.map((c: { email: string }) => c.email)).toEqual(['pager3@paging.test']);

    const byOwner = (
      await t.request(admin, {
        method: 'GET',
        url: `/api/v1/contacts?ownerId=${t.members.otherRep}&limit=200`,
      })
    ).json();
    expect(byOwner.items.every((c: { ownerId: string }) => c.ownerId === t.members.otherRep)).toBe(
      true,
    );

    const unowned = (
      await t.request(admin, { method: 'GET', url: '/api/v1/contacts?ownerId=none&limit=200' })
    ).json();
    expect(unowned.items.length).toBeGreaterThan(0);
    expect(unowned.items.every((c: { ownerId: string | null }) => c.ownerId === null)).toBe(true);

    const byStage = (
      await t.request(admin, { method: 'GET', url: '/api/v1/contacts?stage=sal&limit=200' })
    ).json();
    expect(byStage.items.length).toBeGreaterThan(0);
    expect(byStage.items.every((c: { lifecycleStage: string }) => c.lifecycleStage === 'sal')).toBe(
      true,
    );

    const wildcard = (
      await t.request(admin, { method: 'GET', url: '/api/v1/contacts?q=%25' })
    ).json();
    expect(wildcard.items).toEqual([]);
  });

  it('rejects a forged cursor and a bad filter with 400', async () => {
    const admin = await t.signIn('admin');
    const forged = await t.request(admin, {
      method: 'GET',
      url: '/api/v1/contacts?cursor=bm90LWEtY3Vyc29y',
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors).toEqual([
      { field: 'cursor', message: 'must be a nextCursor value from a previous page' },
    ]);
    const badOwner = await t.request(admin, { method: 'GET', url: '/api/v1/contacts?ownerId=bob' });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().errors[0].field).toBe('ownerId');
  });

  it("lists a contact's events newest first, and 404s an unknown contact", async () => {
    const admin = await t.signIn('admin');
    const c = (await create('admin', { email: 'events@example.com' })).json();
    const at = (m: number) => new Date(Date.UTC(2026, 9, 1, 12, m));
    for (let i = 0; i < 3; i++) {
      await t.db.query(
        "INSERT INTO events (contact_id, type, name, source, message_id, occurred_at) VALUES ($1, 'page_viewed', $2, 'test', $3, $4)",
        [c.id, `Viewed page ${i}`, `m-${i}`, at(i)],
      );
    }
    const first = (
      await t.request(admin, { method: 'GET', url: `/api/v1/contacts/${c.id}/events?limit=2` })
    ).json();
    expect(first.items.map((e: { name: string }) => e.name)).toEqual([
      'Viewed page 2',
      'Viewed page 1',
    ]);
    const second = (
      await t.request(admin, {
        method: 'GET',
        url: `/api/v1/contacts/${c.id}/events?limit=2&cursor=${first.nextCursor}`,
      })
    ).json();
    expect(second.items.map((e: { name: string }) => e.name)).toEqual(['Viewed page 0']);
    expect(second.nextCursor).toBeNull();

    const missing = await t.request(admin, {
      method: 'GET',
      url: '/api/v1/contacts/00000000-0000-4000-8000-000000000000/events',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
  });

  it('exports the filtered list as CSV (formulas defused) and as JSON Lines', async () => {
    const admin = await t.signIn('admin');
    await create('admin', {
      email: 'export1@export.test',
      firstName: '=cmd|calc',
      lastName: 'Quote "Q", Comma',
    });
    await create('admin', { email: 'export2@export.test', firstName: 'Plain' });
    const csv = await t.request(admin, {
      method: 'GET',
      url: '/api/v1/contacts/export?q=export.test',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(
      /attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,email,first_name,last_name,/);
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain(`'=cmd|calc,"Quote ""Q"", Comma"`);

    const jsonl = await t.request(admin, {
      method: 'GET',
      url: '/api/v1/contacts/export?q=export2&format=jsonl',
    });
    const records = jsonl.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ email: 'export2@export.test', first_name: 'Plain' });

    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/contacts/export' });
    expect(anonymous.statusCode).toBe(401);
  });
});
