import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { prepareImport } from './prepare-import.js';
import type { ContactRecord, EventRecord } from './records.js';

const contacts = (csv: string, mapping?: unknown) =>
  prepareImport({ kind: 'contacts', csv, mapping }) as ReturnType<typeof prepareImport> & {
    records: ContactRecord[];
  };
const events = (csv: string, mapping?: unknown) =>
  prepareImport({ kind: 'events', csv, mapping }) as ReturnType<typeof prepareImport> & {
    records: EventRecord[];
  };

describe('prepareImport: contacts', () => {
  it('types the rows and lists each bad cell with its spreadsheet row, column, value and reason', () => {
    const p = contacts(
      [
        'Email,Full Name,Account Domain,Visits,Signed up',
        'ada@example.com,Ada King Lovelace,https://www.Example.com/about,3,2026-01-02',
        'bob@,Bob,example.org,many,yes',
        '"",,,,',
        '',
        'cy@example.com,Cy,not a domain,2,',
      ].join('\r\n'),
      {
        columns: {
          Visits: { field: 'properties.visits', type: 'integer' },
          'Signed up': { field: 'properties.signed_up', type: 'date' },
        },
      },
    );
    expect(p.rows).toBe(3);
    expect(p.failedRows).toBe(2);
    expect(p.records).toHaveLength(1);
    expect(p.records[0]).toMatchObject({
      row: 2,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'King Lovelace',
      accountDomain: 'example.com',
      properties: { visits: 3, signed_up: '2026-01-02T00:00:00.000Z' },
    });
    expect(p.errors).toEqual([
      { row: 3, column: 'Email', value: 'bob@', reason: 'is not an email address' },
      { row: 3, column: 'Visits', value: 'many', reason: 'is not a number' },
      {
        row: 3,
        column: 'Signed up',
        value: 'yes',
        reason: 'is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)',
      },
      {
        row: 6,
        column: 'Account Domain',
        value: 'not a domain',
        reason: 'is not a web domain or URL',
      },
    ]);
    expect(p.mapping).toEqual([
      { column: 'Email', field: 'email' },
      { column: 'Full Name', field: 'fullName' },
      { column: 'Account Domain', field: 'accountDomain' },
      { column: 'Visits', field: 'properties.visits' },
      { column: 'Signed up', field: 'properties.signed_up' },
    ]);
  });

  it('needs an email or externalId per row, naming the key column', () => {
    const p = contacts('Prospect ID,City\n,Mumbai\nabc,Select\n', {
      columns: { 'Prospect ID': 'externalId' },
      nullValues: ['select'],
    });
    expect(p.errors).toEqual([
      {
        row: 2,
        column: 'Prospect ID',
        value: '',
        reason: 'needs a value in Prospect ID (an email or an externalId) to be matched or created',
      },
    ]);
    expect(p.records[0]).toMatchObject({ externalId: 'abc', properties: {} });
  });

  it('refuses a file where no column can identify a row, before any row is read', () => {
    expect(() => contacts('City,Country\nMumbai,India\n')).toThrow(AppError);
    expect(() => contacts('City,Country\nMumbai,India\n')).toThrow(
      /No column of the file maps to email, externalId, id/,
    );
  });

  it('reports cells beyond the header and merges a properties JSON column with per-key ones', () => {
    const p = contacts(
      'email,properties,plan\na@x.io,"{""plan"":""free"",""seats"":3}",pro\nb@x.io,{},,extra\n',
    );
    expect(p.records[0]!.properties).toEqual({ plan: 'pro', seats: 3 });
    expect(p.errors).toEqual([
      { row: 3, column: null, value: null, reason: 'has 4 cells but the header names 3 columns' },
    ]);
  });

  it('refuses a row with more custom properties than the API allows, keeping rows at the cap', () => {
    const header = ['email', ...Array.from({ length: 201 }, (_, i) => `c${i}`)].join(',');
    const full = (email: string, filled: number) =>
      [email, ...Array.from({ length: 201 }, (_, i) => (i < filled ? 'v' : ''))].join(',');
    const p = contacts(`${header}\n${full('a@x.io', 200)}\n${full('b@x.io', 201)}\n`);
    expect(p.records.map((r) => [r.email, Object.keys(r.properties).length])).toEqual([
      ['a@x.io', 200],
    ]);
    expect(p.errors).toEqual([
      {
        row: 3,
        column: null,
        value: null,
        reason:
          'has 201 custom properties; at most 200 (map the columns you need and set "unmapped": "ignore" in a mapping file)',
      },
    ]);
    const accounts = prepareImport({
      kind: 'accounts',
      csv: `domain,properties\nx.io,"{${Array.from({ length: 201 }, (_, i) => `""k${i}"":1`).join(',')}}"\n`,
    });
    expect(accounts.errors.map((e) => e.reason)).toEqual([
      expect.stringContaining('has 201 custom properties'),
    ]);
  });

  it('refuses a bad Tandem id and reads a good one in lower case', () => {
    const p = prepareImport({
      kind: 'contacts',
      csv: 'id,email\nnot-a-uuid,a@x.io\n0190A0B0-1111-7222-8333-444455556666,\n',
      preset: 'tandem',
    }) as { records: ContactRecord[]; errors: unknown[] };
    expect(p.errors).toEqual([
      { row: 2, column: 'id', value: 'not-a-uuid', reason: 'is not a Tandem contact id (a UUID)' },
    ]);
    expect(p.records[0]!.id).toBe('0190a0b0-1111-7222-8333-444455556666');
  });
});

describe('prepareImport: events', () => {
  const csv = [
    'user,email,type,event,when,utm_source,plan',
    'u1,,track,Signed Up,2026-03-01T10:00:00Z,google,pro',
    ',a@x.io,page,Pricing,2026-03-01 11:00,,',
    ',,track,Clicked,,,',
    'u2,,alias,x,,,',
    'u3,,track,,,,',
  ].join('\n');
  const mapping = {
    columns: { user: 'userId', when: 'timestamp', utm_source: 'source' },
  };

  it('reads types, names, times and campaign; derives a stable messageId from the row', () => {
    const p = events(csv, mapping);
    expect(
      p.records.map((r) => [r.row, r.type, r.event, r.timestamp?.toISOString() ?? null]),
    ).toEqual([
      [2, 'track', 'Signed Up', '2026-03-01T10:00:00.000Z'],
      [3, 'page', 'Pricing', '2026-03-01T11:00:00.000Z'],
    ]);
    expect(p.records[0]!.touch).toEqual({ source: 'google', medium: null, campaign: null });
    expect(p.records[0]!.properties).toEqual({ plan: 'pro' });
    expect(p.records[0]!.messageId).toMatch(/^csv-[0-9a-f]{40}$/);
    expect(events(csv, mapping).records.map((r) => r.messageId)).toEqual(
      p.records.map((r) => r.messageId),
    );
    expect(new Set(p.records.map((r) => r.messageId)).size).toBe(2);
  });

  it('refuses rows without an id, with an unknown type, and track rows without a name', () => {
    expect(events(csv, mapping).errors).toEqual([
      {
        row: 4,
        column: null,
        value: null,
        reason:
          'needs a value in user or email (a userId, an email or an anonymousId) to be matched or created',
      },
      {
        row: 5,
        column: 'type',
        value: 'alias',
        reason: 'must be one of track, page, screen, identify, group',
      },
      { row: 6, column: 'event', value: null, reason: 'a track row needs an event name' },
    ]);
  });

  it('keeps a given messageId', () => {
    const p = events('messageId,userId,event\nm-1,u1,Opened\n');
    expect(p.records[0]!.messageId).toBe('m-1');
  });
});
