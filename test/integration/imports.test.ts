import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportInput } from '../../src/core/import/prepare-import.js';
import { type Actor, memberActor, systemActor } from '../../src/core/roles.js';
import { normalizeMessage } from '../../src/core/tracking/normalize.js';
import { exportRecords } from '../../src/services/export/export-records.js';
import { runImport } from '../../src/services/imports/run-import.js';
import { ingestMessages } from '../../src/services/ingest/ingest-messages.js';
import { prepareWorkspace } from '../../src/services/workspace/prepare-workspace.js';
import type { Db } from '../../src/store/db.js';
import { databaseTargets } from '../support/databases.js';
import { addImportMembers, importCounts, importFixture } from '../support/imports.js';

const xEducationMapping: unknown = JSON.parse(
  fs.readFileSync(new URL('../../examples/mappings/x-education.json', import.meta.url), 'utf8'),
);

describe.each(databaseTargets)('CSV import on $name', (target) => {
  let db: Db;
  let marketer: Actor;
  const run = (input: ImportInput & { dryRun?: boolean; fileName?: string }, actor?: Actor) =>
    runImport({ db, actor: actor ?? marketer, ...input });

  beforeAll(async () => {
    db = await target.open();
    await prepareWorkspace(db);
    const marketerId = await addImportMembers(db);
    marketer = memberActor({ id: marketerId, role: 'marketing', teamId: null, name: 'Marketer' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports the X Education sample: every row imported or reported; a second run adds nothing', async () => {
    const csv = importFixture('x-education-sample.csv');
    const first = await run({
      kind: 'contacts',
      csv,
      mapping: xEducationMapping,
      fileName: 'x.csv',
    });
    expect(first).toMatchObject({
      rows: 40,
      created: 37,
      updated: 0,
      unchanged: 1,
      failed: 2,
      errorCount: 2,
    });
    expect(first.errors).toEqual([
      {
        row: 14,
        column: 'Prospect ID',
        value: '',
        reason: 'needs a value in Prospect ID (an email or an externalId) to be matched or created',
      },
      { row: 28, column: 'TotalVisits', value: 'seven', reason: 'is not a number' },
    ]);
    expect(first.preset).toBeNull();
    expect(first.mapping).toContainEqual({
      column: 'Lead Number',
      field: 'properties.lead_number',
    });
    expect(first.mapping).toContainEqual({
      column: 'Lead Source',
      field: 'properties.lead_source',
    });

    const { rows } = await db.query<{
      id: string;
      properties: Record<string, unknown>;
      lifecycle_stage: string;
    }>(
      `SELECT c.id, c.properties, c.lifecycle_stage FROM contacts c
       JOIN contact_identities ci ON ci.contact_id = c.id AND ci.kind = 'user_id'
       WHERE ci.value = '2c63888f-28f0-4481-be6d-dce7a7ace732'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.lifecycle_stage).toBe('lead');
    expect(rows[0]!.properties).toMatchObject({
      lead_number: 660700,
      converted: false,
      total_visits: 8,
      page_views_per_visit: 3.33,
      occupation: 'Working Professional',
      free_copy_of_mastering_the_interview: true,
    });
    // "Select" means "not answered": no property at all.
    expect(rows[0]!.properties).not.toHaveProperty('specialization');
    expect(rows[0]!.properties).not.toHaveProperty('heard_about_us');
    const multiLine = await db.query<{ tags: string }>(
      "SELECT properties->>'tags' AS tags FROM contacts WHERE properties->>'tags' LIKE '%called twice%'",
    );
    expect(multiLine.rows[0]!.tags).toBe('Will revert after reading the email\n(called twice)');
    const transitions = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM stage_transitions WHERE reason = 'imported' AND to_stage = 'lead'",
    );
    expect(transitions.rows[0]!.n).toBe(37);
    const audit = await db.query<{ changes: Record<string, unknown> }>(
      "SELECT changes FROM audit_log WHERE action = 'import.completed' AND subject_id = $1",
      [first.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.changes).toMatchObject({ rows: 40, created: 37, failed: 2 });

    const before = await importCounts(db);
    const second = await run({ kind: 'contacts', csv, mapping: xEducationMapping });
    expect(second).toMatchObject({ rows: 40, created: 0, updated: 0, unchanged: 38, failed: 2 });
    const after = await importCounts(db);
    expect(after).toEqual({
      ...before,
      audit_log: before.audit_log + 1,
      imports: before.imports + 1,
    });

    // A later tracking call with the Prospect ID as userId lands on the imported contact.
    const contactsBefore = after.contacts;
    await db.transaction((tx) =>
      ingestMessages(tx, {
        dbKind: db.kind,
        actor: systemActor,
        source: 'test',
        messages: [
          normalizeMessage(
            {
              type: 'track',
              event: 'Course Viewed',
              userId: '2c63888f-28f0-4481-be6d-dce7a7ace732',
              messageId: 'm-1',
            },
            new Date(),
            undefined,
            'm-1',
          ),
        ],
        receivedAt: new Date(),
      }),
    );
    const tracked = await db.query<{ contact_id: string }>(
      "SELECT contact_id FROM events WHERE message_id = 'm-1'",
    );
    expect(tracked.rows[0]!.contact_id).toBe(rows[0]!.id);
    expect((await importCounts(db)).contacts).toBe(contactsBefore);
  });

  it('updates what changed, never erases with a blank, merges properties, and follows an externalId to a new email', async () => {
    const first = await run({
      kind: 'contacts',
      csv: 'Email,First Name,Title,externalId,Plan,Seats\nkim@acme.test,Kim,CTO,u-kim,free,3\nlee@acme.test,Lee,,u-lee,,\n',
    });
    expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const second = await run({
      kind: 'contacts',
      csv: 'Email,First Name,Title,externalId,Plan\nKIM@acme.test,,VP Engineering,,pro\nlee.new@acme.test,,,u-lee,\nkim@acme.test,,VP Engineering,u-lee,\n',
    });
    expect(second).toMatchObject({ created: 0, updated: 2, unchanged: 0, failed: 1 });
    expect(second.errors[0]).toMatchObject({
      row: 4,
      column: 'externalId',
      reason: 'identifies another contact than the one with this email',
    });
    const { rows } = await db.query<{
      email: string;
      first_name: string;
      title: string | null;
      properties: Record<string, unknown>;
    }>(
      "SELECT email, first_name, title, properties FROM contacts WHERE email LIKE '%@acme.test' ORDER BY email",
    );
    expect(rows).toEqual([
      {
        email: 'kim@acme.test',
        first_name: 'Kim',
        title: 'VP Engineering',
        properties: { plan: 'pro', seats: '3' },
      },
      { email: 'lee.new@acme.test', first_name: 'Lee', title: null, properties: {} },
    ]);
  });

  it('reads HubSpot and Salesforce exports: detected preset, owners, accounts by domain or name', async () => {
    const hubspot = importFixture('hubspot-contacts.csv');
    const dry = await run({ kind: 'contacts', csv: hubspot, dryRun: true });
    const real = await run({ kind: 'contacts', csv: hubspot, fileName: 'hubspot.csv' });
    expect({
      ...dry,
      id: null,
      dryRun: false,
      fileName: null,
      startedAt: 0,
      finishedAt: 0,
    }).toEqual({
      ...real,
      id: null,
      fileName: null,
      startedAt: 0,
      finishedAt: 0,
    });
    expect(real).toMatchObject({ preset: 'hubspot', rows: 10, created: 7, failed: 3 });
    expect(real.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [7, 'Email', 'needs a value in Email (an email or an externalId) to be matched or created'],
      [8, 'Contact owner', 'no member has this email'],
      [9, 'Email', 'is not an email address'],
    ]);
    const { rows } = await db.query<{
      email: string;
      title: string;
      phone: string | null;
      owner: string | null;
      domain: string | null;
      account: string | null;
      properties: Record<string, unknown>;
    }>(
      `SELECT c.email, c.title, c.phone, m.email AS owner, a.domain, a.name AS account, c.properties
       FROM contacts c LEFT JOIN members m ON m.id = c.owner_id LEFT JOIN accounts a ON a.id = c.account_id
       WHERE c.properties ? 'hubspot_record_id' ORDER BY c.properties->>'hubspot_record_id'`,
    );
    expect(rows.map((r) => [r.email, r.owner, r.domain, r.account])).toEqual([
      [
        'maya.lindqvist@northwind-freight.test',
        'manager@example.test',
        'northwind-freight.test',
        'Northwind Freight',
      ],
      [
        'tomas.okoro@northwind-freight.test',
        'manager@example.test',
        'northwind-freight.test',
        'Northwind Freight',
      ],
      ['priya.shah@lumen-robotics.test', null, 'lumen-robotics.test', 'Lumen Robotics'],
      [
        'Jonas.Weber@Lumen-Robotics.test',
        'rep@example.test',
        'lumen-robotics.test',
        'Lumen Robotics',
      ],
      ['aiko.tanaka@kestrel-health.test', null, null, 'Kestrel Health'],
      ['eva.novak@copperline.test', 'manager@example.test', 'copperline.test', 'Copperline'],
      ['femi.bello@copperline.test', null, 'copperline.test', 'Copperline'],
    ]);
    expect(rows[1]!.title).toBe('VP, Revenue Operations');
    expect(rows[5]!.phone).toBe('+420 555 010 109');
    expect(rows[0]!.properties).toMatchObject({
      hubspot_record_id: '74210001',
      hubspot_lifecycle_stage: 'Marketing Qualified Lead',
      original_source: 'Organic Search',
    });

    // Two Salesforce leads share one email (in another case): one contact, the second lead id wins.
    const salesforce = await run({ kind: 'contacts', csv: importFixture('salesforce-leads.csv') });
    expect(salesforce).toMatchObject({
      preset: 'salesforce',
      rows: 10,
      created: 7,
      updated: 1,
      unchanged: 0,
      failed: 2,
    });
    expect(salesforce.errors.map((e) => [e.row, e.column])).toEqual([
      [7, 'Email'],
      [8, 'Lead Owner'],
    ]);
    const pavel = await db.query<{ title: string; properties: Record<string, unknown> }>(
      "SELECT title, properties FROM contacts WHERE email = 'pavel.svoboda@brightwater.test'",
    );
    expect(pavel.rows[0]).toMatchObject({
      title: '"Head" of Sales',
      properties: {
        salesforce_lead_id: '00Q5g00000AbC08',
        salutation: 'Mr.',
        lead_source: 'Phone Inquiry',
      },
    });
  });

  it('reads its own export back unchanged, and into an empty workspace with the same ids', async () => {
    await db.transaction((tx) =>
      ingestMessages(tx, {
        dbKind: db.kind,
        actor: systemActor,
        source: 'test',
        messages: [
          normalizeMessage(
            {
              type: 'identify',
              userId: 'no-email-user',
              traits: { plan: { tier: 'gold' }, firstName: '=Eve' },
            },
            new Date(),
            undefined,
            'm-export',
          ),
        ],
        receivedAt: new Date(),
      }),
    );
    let csv = '';
    for await (const chunk of exportRecords({
      db,
      actor: systemActor,
      kind: 'contacts',
      format: 'csv',
    }))
      csv += chunk;
    const total = (await importCounts(db)).contacts;
    const back = await run({ kind: 'contacts', csv });
    expect(back).toMatchObject({
      preset: 'tandem',
      rows: total,
      created: 0,
      updated: 0,
      unchanged: total,
      failed: 0,
    });

    const fresh = await target.open();
    try {
      await prepareWorkspace(fresh);
      await addImportMembers(fresh);
      const copy = await runImport({ db: fresh, actor: systemActor, kind: 'contacts', csv });
      expect(copy).toMatchObject({ rows: total, failed: 0, errorCount: 0 });
      expect(copy.created).toBe(total);
      const eve = await fresh.query<{ first_name: string; properties: unknown }>(
        "SELECT first_name, properties FROM contacts WHERE properties->'plan'->>'tier' = 'gold'",
      );
      expect(eve.rows[0]).toEqual({ first_name: '=Eve', properties: { plan: { tier: 'gold' } } });
      const ids = await fresh.query<{ id: string }>('SELECT id FROM contacts ORDER BY id');
      const original = await db.query<{ id: string }>('SELECT id FROM contacts ORDER BY id');
      expect(ids.rows).toEqual(original.rows);
    } finally {
      await fresh.close();
    }
  });

  it('a dry run reports what a real run would do and writes nothing at all', async () => {
    const csv = importFixture('x-education-sample.csv')
      .replaceAll('660700', '1660700')
      .replace(/^[0-9a-f]{8}/gm, (m) => m.split('').reverse().join(''));
    const before = await importCounts(db);
    const dry = await run({ kind: 'contacts', csv, mapping: xEducationMapping, dryRun: true });
    expect(dry.id).toBeNull();
    expect(dry.dryRun).toBe(true);
    expect(await importCounts(db)).toEqual(before);
    const real = await run({ kind: 'contacts', csv, mapping: xEducationMapping });
    expect([dry.created, dry.updated, dry.unchanged, dry.failed]).toEqual([
      real.created,
      real.updated,
      real.unchanged,
      real.failed,
    ]);
    expect(real.created).toBeGreaterThan(30);
  });

  it('works through files larger than one chunk, with repeats across chunk boundaries', async () => {
    const lines = ['email,first_name'];
    for (let i = 0; i < 1203; i++) lines.push(`bulk${i}@bulk.test,Name ${i}`);
    lines.push(
      'BULK499@bulk.test,Name 499',
      'bulk500@bulk.test,Renamed 500',
      'bulk1@bulk.test,Name 1',
    );
    const progress: number[] = [];
    const report = await runImport({
      db,
      actor: marketer,
      kind: 'contacts',
      csv: lines.join('\n'),
      onProgress: (done) => progress.push(done),
    });
    expect(report).toMatchObject({
      rows: 1206,
      created: 1203,
      updated: 1,
      unchanged: 2,
      failed: 0,
    });
    expect(progress.at(-1)).toBe(1206);
    const renamed = await db.query<{ first_name: string }>(
      "SELECT first_name FROM contacts WHERE email = 'bulk500@bulk.test'",
    );
    expect(renamed.rows[0]!.first_name).toBe('Renamed 500');
  });

  it('refuses a rep before reading anything', async () => {
    const rep = memberActor({ id: marketer.id!, role: 'sales_rep', teamId: null, name: 'Rep' });
    await expect(run({ kind: 'contacts', csv: 'email\na@b.io\n' }, rep)).rejects.toThrow(
      'A sales rep may not import',
    );
  });
});
