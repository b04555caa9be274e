import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../../test/support/databases.js';
import { startTestApp, type TestApp, tableCounts } from '../../../../test/support/test-app.js';

const hubspot = fs.readFileSync(
  new URL('../../../../test/fixtures/import/hubspot-contacts.csv', import.meta.url),
  'utf8',
);

describe.each(databaseTargets)('imports API on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(target);
  });
  afterAll(async () => {
    await t?.close();
  });

  const importCount = async () =>
    (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports')).rows[0]!.n;

  it('checks a file with a dry run, writing nothing, then imports it and lists the bad rows', async () => {
    const marketer = await t.signIn('marketer');
    const before = { ...(await tableCounts(t.db)), imports: await importCount() };
    const dry = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/imports',
      payload: { kind: 'contacts', csv: hubspot, fileName: 'hubspot.csv', dryRun: true },
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      id: null,
      kind: 'contacts',
      fileName: 'hubspot.csv',
      dryRun: true,
      preset: 'hubspot',
      rows: 10,
      created: 7,
      updated: 0,
      unchanged: 0,
      failed: 3,
      errorCount: 3,
    });
    expect({ ...(await tableCounts(t.db)), imports: await importCount() }).toEqual(before);

    const res = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/imports',
      payload: { kind: 'contacts', csv: hubspot, fileName: 'hubspot.csv' },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({
      dryRun: false,
      preset: 'hubspot',
      rows: 10,
      created: 7,
      updated: 0,
      unchanged: 0,
      failed: 3,
      errorCount: 3,
    });
    expect(report.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.mapping.slice(0, 4)).toEqual([
      { column: 'Record ID', field: 'properties.hubspot_record_id' },
      { column: 'First Name', field: 'firstName' },
      { column: 'Last Name', field: 'lastName' },
      { column: 'Email', field: 'email' },
    ]);
    expect(report.errors).toEqual([
      {
        row: 7,
        column: 'Email',
        value: '',
        reason: 'needs a value in Email (an email or an externalId) to be matched or created',
      },
      {
        row: 8,
        column: 'Contact owner',
        value: 'nobody@example.test',
        reason: 'no member has this email',
      },
      { row: 9, column: 'Email', value: 'dev.patel@', reason: 'is not an email address' },
    ]);
    expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));

    const again = await t.request(marketer, {
      method: 'POST',
      url: '/api/v1/imports',
      payload: { kind: 'contacts', csv: hubspot, fileName: 'hubspot.csv' },
    });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 7, failed: 3 });

    const list = await t.request(marketer, { method: 'GET', url: '/api/v1/imports' });
    expect(list.statusCode).toBe(200);
    const items = list.json().items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([again.json().id, report.id]);
    expect(items[1]).toMatchObject({
      fileName: 'hubspot.csv',
      created: 7,
      errorCount: 3,
      errors: [],
    });

    const one = await t.request(marketer, { method: 'GET', url: `/api/v1/imports/${report.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(report);
  });

  it('takes a mapping document and a delimiter, and answers with what each column filled', async () => {
    const manager = await t.signIn('manager');
    const res = await t.request(manager, {
      method: 'POST',
      url: '/api/v1/imports',
      payload: {
        kind: 'contacts',
        csv: 'Mail;Score;Notes\nsemi@colon.test;12;Select\n',
        delimiter: ';',
        mapping: {
          columns: { mail: 'email', SCORE: { field: 'properties.score', type: 'integer' } },
          nullValues: ['Select'],
        },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      preset: null,
      created: 1,
      mapping: [
        { column: 'Mail', field: 'email' },
        { column: 'Score', field: 'properties.score' },
        { column: 'Notes', field: 'properties.notes' },
      ],
    });
    const stored = await t.db.query<{ properties: unknown }>(
      "SELECT properties FROM contacts WHERE email = 'semi@colon.test'",
    );
    expect(stored.rows[0]!.properties).toEqual({ score: 12 });
  });

  it('refuses reps, read keys and anonymous callers; lets write keys import', async () => {
    const rep = await t.signIn('rep');
    const body = { kind: 'contacts', csv: 'email\nr@x.test\n' };
    expect(
      (await t.request(rep, { method: 'POST', url: '/api/v1/imports', payload: body })).statusCode,
    ).toBe(403);
    expect((await t.request(rep, { method: 'GET', url: '/api/v1/imports' })).statusCode).toBe(403);
    expect(
      (await t.request(null, { method: 'POST', url: '/api/v1/imports', payload: body })).statusCode,
    ).toBe(401);

    const admin = await t.signIn('admin');
    const keyOf = async (scopes: string[]) =>
      (
        await t.request(admin, {
          method: 'POST',
          url: '/api/v1/api-keys',
          payload: { name: scopes.join('+'), scopes },
        })
      ).json().key as string;
    const read = await keyOf(['read']);
    const write = await keyOf(['write']);
    const asKey = (key: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { authorization: `Bearer ${key}` },
        payload: body,
      });
    const refused = await asKey(read);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toBe('An API key with scopes [read] may not import');
    const accepted = await asKey(write);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ created: 1 });
  });

  it('answers 400 for a file it cannot read or a bad mapping, and 404 for an unknown import, changing nothing', async () => {
    const marketer = await t.signIn('marketer');
    const before = { ...(await tableCounts(t.db)), imports: await importCount() };
    const post = (payload: Record<string, unknown>) =>
      t.request(marketer, { method: 'POST', url: '/api/v1/imports', payload });

    const unclosed = await post({
      kind: 'contacts',
      csv: 'email,name\na@x.test,"Ann\nb@x.test,Bo\n',
    });
    expect(unclosed.statusCode).toBe(400);
    expect(unclosed.headers['content-type']).toContain('application/problem+json');
    expect(unclosed.json()).toMatchObject({
      code: 'validation_failed',
      detail: 'The CSV file could not be read: row 2: a quoted field is never closed',
      errors: [{ field: 'csv', message: 'row 2: a quoted field is never closed' }],
    });

    const empty = await post({ kind: 'contacts', csv: '\n\n' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toMatch(/no header row/);

    const noKey = await post({ kind: 'contacts', csv: 'city\nParis\n' });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().errors).toEqual([
      { field: 'mapping', message: 'needs a column mapped to email or externalId or id' },
    ]);

    const badField = await post({
      kind: 'contacts',
      csv: 'email\na@x.test\n',
      mapping: { columns: { email: 'e-mail' } },
    });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().errors[0]).toMatchObject({ field: 'mapping/columns/email' });

    const unknownField = await post({ kind: 'contacts', csv: 'email\na@x.test\n', force: true });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors).toEqual([
      { field: 'force', message: 'is not a known field' },
    ]);

    const wrongPreset = await post({
      kind: 'accounts',
      csv: 'domain\nx.test\n',
      preset: 'hubspot',
    });
    expect(wrongPreset.statusCode).toBe(400);
    expect(wrongPreset.json().errors).toEqual([
      { field: 'preset', message: 'is for contacts imports' },
    ]);

    const badKind = await post({ kind: 'deals', csv: 'email\na@x.test\n' });
    expect(badKind.statusCode).toBe(400);

    expect({ ...(await tableCounts(t.db)), imports: await importCount() }).toEqual(before);

    const missing = await t.request(marketer, {
      method: 'GET',
      url: '/api/v1/imports/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
  });

  it('accepts files larger than the default body limit', async () => {
    const lines = ['email,note'];
    for (let i = 0; i < 12_000; i++) lines.push(`big${i}@big.test,${'x'.repeat(80)}`);
    const csv = lines.join('\n');
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await t.request(await t.signIn('admin'), {
      method: 'POST',
      url: '/api/v1/imports',
      payload: { kind: 'contacts', csv, dryRun: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 12_000, created: 12_000 });
  });
});
