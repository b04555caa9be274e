import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { exportColumns } from '../export-columns.js';
import { convertCell, parseDate, undefuse } from './cell-values.js';
import { headerKey, propertyKeyOf } from './fields.js';
import { parseMappingDocument, planColumns } from './mapping.js';
import { detectPreset } from './presets.js';

const fieldsOf = (plan: ReturnType<typeof planColumns>) =>
  Object.fromEntries(plan.columns.map((c) => [c.header, c.field]));

function fieldErrors(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.fields;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('mapping document', () => {
  it('accepts field names, typed properties, null, nullValues and unmapped', () => {
    const doc = parseMappingDocument(
      {
        columns: {
          'Prospect ID': 'externalId',
          'Lead Number': { field: 'properties.lead_number', type: 'integer' },
          Notes: null,
        },
        nullValues: ['', 'Select'],
        unmapped: 'ignore',
      },
      'contacts',
    );
    expect(doc).toEqual({
      columns: {
        'Prospect ID': 'externalId',
        'Lead Number': { field: 'properties.lead_number', type: 'integer' },
        Notes: null,
      },
      nullValues: ['', 'Select'],
      unmapped: 'ignore',
    });
  });

  it('names every problem by its path', () => {
    expect(
      fieldErrors(() =>
        parseMappingDocument(
          {
            columns: {
              A: 'nope',
              B: { field: 'properties.x', type: 'float' },
              C: { field: 'email', type: 'string' },
              D: 42,
              E: { field: 'title', extra: true },
            },
            nullValues: 'Select',
            unmapped: 'drop',
            other: 1,
          },
          'contacts',
        ),
      ),
    ).toEqual([
      { field: 'mapping/other', message: 'is not a known field' },
      {
        field: 'mapping/columns/A',
        message: expect.stringMatching(/^"nope" is not a contacts field; use one of email, /),
      },
      {
        field: 'mapping/columns/B/type',
        message: 'must be one of string, number, integer, boolean, date, email',
      },
      {
        field: 'mapping/columns/C/type',
        message: 'email is always email; only properties.<key> take a type',
      },
      {
        field: 'mapping/columns/D',
        message: 'must be a field name, null, or { "field": …, "type": … }',
      },
      { field: 'mapping/columns/E/extra', message: 'is not a known field' },
      { field: 'mapping/nullValues', message: 'must be a list of texts' },
      { field: 'mapping/unmapped', message: 'must be "properties" or "ignore"' },
    ]);
    expect(fieldErrors(() => parseMappingDocument([], 'contacts'))).toEqual([
      { field: 'mapping', message: 'must be a JSON object' },
    ]);
    expect(fieldErrors(() => parseMappingDocument({}, 'events', ''))).toEqual([
      { field: 'columns', message: 'must be an object of CSV header → field' },
    ]);
  });

  it('checks fields against the kind', () => {
    expect(() => parseMappingDocument({ columns: { Domain: 'domain' } }, 'contacts')).toThrow(
      /not a contacts field/,
    );
    expect(parseMappingDocument({ columns: { Domain: 'domain' } }, 'accounts').columns).toEqual({
      Domain: 'domain',
    });
    expect(parseMappingDocument({ columns: { When: 'timestamp' } }, 'events').columns).toEqual({
      When: 'timestamp',
    });
  });
});

describe('column plan', () => {
  it('matches headers whatever their case and spacing; sends the rest to snake_case properties', () => {
    const doc = parseMappingDocument(
      {
        columns: {
          'prospect id': 'externalId',
          'TOTAL VISITS': { field: 'properties.visits', type: 'integer' },
        },
      },
      'contacts',
    );
    const plan = planColumns(
      ['Prospect  ID', 'TotalVisits', 'Total Visits', 'E-mail', 'First Name', 'Lead Source', ''],
      'contacts',
      { mapping: doc },
    );
    expect(fieldsOf(plan)).toEqual({
      'Prospect  ID': 'externalId',
      TotalVisits: 'properties.visits',
      'Total Visits': 'properties.visits',
      'E-mail': 'email',
      'First Name': 'firstName',
      'Lead Source': 'properties.lead_source',
      '': null,
    });
    expect(plan.columns.find((c) => c.header === 'TotalVisits')!.type).toBe('integer');
    expect(plan.preset).toBeNull();
  });

  it('ignores columns nothing maps when unmapped is "ignore"', () => {
    const doc = parseMappingDocument(
      { columns: { Mail: 'email' }, unmapped: 'ignore' },
      'contacts',
    );
    expect(fieldsOf(planColumns(['Mail', 'Score'], 'contacts', { mapping: doc }))).toEqual({
      Mail: 'email',
      Score: null,
    });
  });

  it('lets the mapping override a preset column by column', () => {
    const doc = parseMappingDocument({ columns: { 'Record ID': 'externalId' } }, 'contacts');
    const plan = planColumns(['Record ID', 'Email', 'Job Title'], 'contacts', {
      preset: 'hubspot',
      mapping: doc,
    });
    expect(fieldsOf(plan)).toEqual({
      'Record ID': 'externalId',
      Email: 'email',
      'Job Title': 'title',
    });
    expect(plan.preset).toBe('hubspot');
  });

  it('refuses a contacts preset for accounts', () => {
    expect(() => planColumns(['Email'], 'accounts', { preset: 'hubspot' })).toThrow(
      /hubspot preset reads contacts/,
    );
  });
});

describe('preset detection', () => {
  it('recognises HubSpot, Salesforce and Tandem exports by their headers', () => {
    expect(
      detectPreset(['Record ID', 'First Name', 'Last Name', 'Email', 'Job Title'], 'contacts'),
    ).toBe('hubspot');
    expect(
      detectPreset(
        ['Lead ID', 'First Name', 'Last Name', 'Email', 'Company / Account', 'Lead Owner'],
        'contacts',
      ),
    ).toBe('salesforce');
    expect(detectPreset(['Id', 'FirstName', 'LastName', 'Email', 'Company'], 'contacts')).toBe(
      'salesforce',
    );
    expect(detectPreset(exportColumns.contacts, 'contacts')).toBe('tandem');
  });

  it('detects nothing for a plain list or another kind', () => {
    expect(detectPreset(['Email', 'First Name', 'Last Name'], 'contacts')).toBeNull();
    expect(detectPreset(['Prospect ID', 'Lead Number', 'Lead Source'], 'contacts')).toBeNull();
    expect(detectPreset(['Record ID', 'Email', 'Job Title'], 'accounts')).toBeNull();
  });

  it('maps the tandem export so it imports back, ignoring computed columns', () => {
    const plan = planColumns(exportColumns.contacts, 'contacts', {});
    expect(plan.preset).toBe('tandem');
    expect(fieldsOf(plan)).toMatchObject({
      id: 'id',
      email: 'email',
      first_name: 'firstName',
      account_domain: 'accountDomain',
      owner_email: 'ownerEmail',
      properties: 'properties',
      lifecycle_stage: null,
      total_score: null,
      created_at: null,
    });
    expect(plan.columns.every((c) => c.field === null || !c.field.startsWith('properties.'))).toBe(
      true,
    );
  });
});

describe('header and property names', () => {
  it('snake-cases headers into property keys', () => {
    expect(propertyKeyOf('Total Time Spent on Website')).toBe('total_time_spent_on_website');
    expect(propertyKeyOf('TotalVisits')).toBe('total_visits');
    expect(propertyKeyOf('Country/Region')).toBe('country_region');
    expect(propertyKeyOf(' Größe (cm) ')).toBe('größe_cm');
    expect(propertyKeyOf('***')).toBe('');
  });

  it('compares headers without case, spaces, underscores or hyphens (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (h) => {
        expect(headerKey(h.toUpperCase().replaceAll(' ', '_'))).toBe(headerKey(h.toUpperCase()));
        expect(headerKey(` ${h} `)).toBe(headerKey(h));
      }),
    );
  });
});

describe('cell values', () => {
  it('types numbers, integers, booleans, emails and dates', () => {
    expect(convertCell(' 12.5 ', 'number')).toEqual({ ok: true, value: 12.5 });
    expect(convertCell('1,234.5', 'number')).toEqual({ ok: true, value: 1234.5 });
    expect(convertCell('-3e2', 'number')).toEqual({ ok: true, value: -300 });
    expect(convertCell('12abc', 'number')).toEqual({ ok: false, reason: 'is not a number' });
    expect(convertCell('4.0', 'integer')).toEqual({ ok: true, value: 4 });
    expect(convertCell('4.5', 'integer')).toEqual({ ok: false, reason: 'is not a whole number' });
    expect(convertCell('Yes', 'boolean')).toEqual({ ok: true, value: true });
    expect(convertCell('0', 'boolean')).toEqual({ ok: true, value: false });
    expect(convertCell('maybe', 'boolean').ok).toBe(false);
    expect(convertCell('Ada@Example.com ', 'email')).toEqual({
      ok: true,
      value: 'Ada@Example.com',
    });
    expect(convertCell('ada@', 'email')).toEqual({ ok: false, reason: 'is not an email address' });
    expect(convertCell('abcdef', 'string', 5)).toEqual({
      ok: false,
      reason: 'is longer than 5 characters',
    });
    expect(convertCell('{"a":1}', 'object')).toEqual({ ok: true, value: { a: 1 } });
    expect(convertCell('[1]', 'object').ok).toBe(false);
  });

  it('reads ISO dates and date-times, without a zone as UTC, and refuses impossible days', () => {
    expect(parseDate('2026-02-03')?.toISOString()).toBe('2026-02-03T00:00:00.000Z');
    expect(parseDate('2026-02-03 10:20')?.toISOString()).toBe('2026-02-03T10:20:00.000Z');
    expect(parseDate('2026-02-03T10:20:30.5+0200')?.toISOString()).toBe('2026-02-03T08:20:30.500Z');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('2026-02-03T25:00')).toBeNull();
    expect(parseDate('03/02/2026')).toBeNull();
  });

  it('round-trips any ISO instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (d) => {
          expect(parseDate(d.toISOString())?.getTime()).toBe(d.getTime());
        },
      ),
    );
  });

  it('takes off the apostrophe tandem export puts before formula-like text', () => {
    expect(undefuse("'+1 555 0100")).toBe('+1 555 0100');
    expect(undefuse("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(undefuse("'tis")).toBe("'tis");
  });
});

describe('who fills a column (filledBy)', () => {
  it('keeps filledBy on a column, with or without a type, and hands it to the plan', () => {
    const doc = parseMappingDocument(
      {
        columns: {
          Tags: { field: 'properties.tags', filledBy: 'sales' },
          'Lead Score': { field: 'properties.lead_score', type: 'integer', filledBy: 'sales' },
          Source: { field: 'properties.source', filledBy: 'marketing' },
          Title: { field: 'title' },
        },
      },
      'contacts',
    );
    expect(doc.columns).toEqual({
      Tags: { field: 'properties.tags', filledBy: 'sales' },
      'Lead Score': { field: 'properties.lead_score', type: 'integer', filledBy: 'sales' },
      Source: { field: 'properties.source', filledBy: 'marketing' },
      Title: 'title',
    });
    const plan = planColumns(['Email', 'TAGS', 'Lead Score', 'Source', 'Title'], 'contacts', {
      mapping: doc,
    });
    expect(plan.columns.map((c) => [c.field, c.type, c.filledBy ?? null])).toEqual([
      ['email', 'email', null],
      ['properties.tags', 'string', 'sales'],
      ['properties.lead_score', 'integer', 'sales'],
      ['properties.source', 'string', 'marketing'],
      ['title', 'string', null],
    ]);
  });

  it('refuses an unknown filledBy by its path', () => {
    expect(
      fieldErrors(() =>
        parseMappingDocument(
          { columns: { Tags: { field: 'properties.tags', filledBy: 'sales team' } } },
          'contacts',
        ),
      ),
    ).toEqual([
      {
        field: 'mapping/columns/Tags/filledBy',
        message: 'must be one of marketing, sales, system',
      },
    ]);
  });
});
