import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportInput } from '../../src/core/import/prepare-import.js';
import { type Actor, memberActor, systemActor } from '../../src/core/roles.js';
import { normalizeMessage } from '../../src/core/tracking/normalize.js';
import { runImport } from '../../src/services/imports/run-import.js';
import { identityCacheOf } from '../../src/services/ingest/identity-cache.js';
import { ingestMessages } from '../../src/services/ingest/ingest-messages.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { databaseTargets } from '../support/databases.js';
import { addImportMembers, importCounts } from '../support/imports.js';

/** Events and accounts from CSV; contacts are in imports.test.ts. */
describe.each(databaseTargets)('CSV import of events and accounts on $name', (target) => {
  let db: Db;
  let marketer: Actor;
  const run = (input: ImportInput & { dryRun?: boolean }) =>
    runImport({ db, actor: marketer, ...input });

  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    const marketerId = await addImportMembers(db);
    marketer = memberActor({ id: marketerId, role: 'marketing', teamId: null, name: 'Marketer' });
    // Two known people: kim by email and user id, lee by a new email and user id.
    await run({
      kind: 'contacts',
      csv: 'email,externalId\nkim@acme.test,u-kim\nlee.new@acme.test,u-lee\n',
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports events exactly once, attaching them by userId, email or anonymous id', async () => {
    const csv = [
      'messageId,userId,email,anonymousId,type,event,timestamp,utm_source,utm_campaign,plan',
      'e-1,u-kim,,,track,Demo Requested,2026-10-01T10:00:00Z,,,',
      ',,lee.new@acme.test,,page,Pricing,2026-10-02T10:00:00Z,newsletter,fall,',
      ',,new.person@acme.test,,track,Webinar Registered,2026-10-03T10:00:00Z,,,gold',
      ',,,anon-9,page,Home,2026-10-04T10:00:00Z,google,,',
      ',u-new,,anon-9,identify,,2026-10-05T10:00:00Z,,,',
      ',,,,track,Lost,2026-10-06T10:00:00Z,,,',
      ',u-kim,,,track,,2026-10-07T10:00:00Z,,,',
    ].join('\n');
    const mapping = { columns: { utm_source: 'source', utm_campaign: 'campaign' } };
    const before = await importCounts(db);
    const first = await run({ kind: 'events', csv, mapping });
    expect(first).toMatchObject({ rows: 7, created: 5, updated: 0, unchanged: 0, failed: 2 });
    expect(first.errors.map((e) => [e.row, e.reason])).toEqual([
      [
        7,
        'needs a value in userId or email or anonymousId (a userId, an email or an anonymousId) to be matched or created',
      ],
      [8, 'a track row needs an event name'],
    ]);
    const { rows } = await db.query<{
      name: string | null;
      type: string;
      email: string | null;
      user_id: string | null;
    }>(
      `SELECT e.name, e.type, c.email,
              (SELECT min(value) FROM contact_identities ci WHERE ci.contact_id = c.id AND ci.kind = 'user_id') AS user_id
       FROM events e LEFT JOIN contacts c ON c.id = e.contact_id
       WHERE e.source = 'csv_import' ORDER BY e.occurred_at`,
    );
    expect(rows.map((r) => [r.type, r.name, r.email, r.user_id])).toEqual([
      ['demo_requested', 'Demo Requested', 'kim@acme.test', 'u-kim'],
      ['page_viewed', 'Pricing', 'lee.new@acme.test', 'u-lee'],
      ['webinar_registered', 'Webinar Registered', 'new.person@acme.test', null],
      ['page_viewed', 'Home', null, 'u-new'],
      ['identify', null, null, 'u-new'],
    ]);
    const lee = await db.query<{ last_touch_source: string; last_touch_campaign: string }>(
      "SELECT last_touch_source, last_touch_campaign FROM contacts WHERE email = 'lee.new@acme.test'",
    );
    expect(lee.rows[0]).toEqual({ last_touch_source: 'newsletter', last_touch_campaign: 'fall' });
    const created = await importCounts(db);
    // Contacts the rows named and nobody knew: the new email and u-new, each entered as imported.
    expect(created.contacts).toBe(before.contacts + 2);

    const again = await run({ kind: 'events', csv, mapping });
    expect(again).toMatchObject({ created: 0, unchanged: 5, failed: 2 });
    expect(await importCounts(db)).toEqual({
      ...created,
      audit_log: created.audit_log + 1,
      imports: created.imports + 1,
    });
  });

  it('a dry run of events leaves nothing behind, not even in the identity memo of tracking ingest', async () => {
    const csv = 'userId,event,timestamp\nu-dry,Signed Up,2026-10-09T10:00:00Z\n';
    const before = await importCounts(db);
    const dry = await run({ kind: 'events', csv, dryRun: true });
    expect(dry).toMatchObject({ created: 1, failed: 0 });
    expect(await importCounts(db)).toEqual(before);
    // Tracking with the same user id afterwards creates the contact for real.
    await db.transaction((tx) =>
      ingestMessages(tx, {
        dbKind: db.kind,
        actor: systemActor,
        source: 'test',
        messages: [
          normalizeMessage(
            { type: 'track', event: 'Opened', userId: 'u-dry' },
            new Date(),
            undefined,
            'm-dry',
          ),
        ],
        receivedAt: new Date(),
        identityCache: identityCacheOf(db),
      }),
    );
    const { rows } = await db.query<{ id: string }>(
      "SELECT c.id FROM events e JOIN contacts c ON c.id = e.contact_id WHERE e.message_id = 'm-dry'",
    );
    expect(rows).toHaveLength(1);
    const real = await run({ kind: 'events', csv });
    expect(real).toMatchObject({ created: 1 });
  });

  it('upserts accounts by domain or group id', async () => {
    const csv =
      'Domain,Group ID,Name,Employees,Annual Revenue,Industry\nhttps://www.globex.test,,Globex,120,1500000.456,Energy\n,grp-7,Initech,-4,,\n,grp-8,Umbrella,50,,\nglobex.test,grp-9,,130,,\n';
    const first = await run({ kind: 'accounts', csv });
    expect(first).toMatchObject({ rows: 4, created: 2, updated: 1, unchanged: 0, failed: 1 });
    expect(first.errors[0]).toMatchObject({
      row: 3,
      column: 'Employees',
      reason: 'must be between 0 and 10,000,000',
    });
    const globex = await db.query<{
      domain: string;
      group_id: string;
      employees: number;
      annual_revenue: number;
    }>(
      "SELECT domain, group_id, employees, annual_revenue FROM accounts WHERE domain = 'globex.test'",
    );
    expect(globex.rows[0]).toEqual({
      domain: 'globex.test',
      group_id: 'grp-9',
      employees: 130,
      annual_revenue: 1500000.46,
    });
    const again = await run({ kind: 'accounts', csv });
    // The file names globex.test twice with different sizes: each run moves it there and back.
    expect(again).toMatchObject({ created: 0, updated: 2, unchanged: 1, failed: 1 });
    const third = await run({ kind: 'accounts', csv: 'Domain,Employees\nglobex.test,130\n' });
    expect(third).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });
});
