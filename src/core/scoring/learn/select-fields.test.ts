import { describe, expect, it } from 'vitest';
import type { FilledBy } from '../../import/mapping.js';
import { type FieldPolicy, selectFields } from './select-fields.js';
import { contactOf, syntheticRows } from './test-support.js';
import type { TrainingRow } from './training.js';

const rows = syntheticRows(400);
const policy = (over: Partial<FieldPolicy> = {}): FieldPolicy => ({
  outcomeField: null,
  owners: new Map<string, FilledBy>([
    ['properties.sales_rating', 'sales'],
    ['properties.source', 'marketing'],
  ]),
  include: [],
  exclude: [],
  ...over,
});
const reasons = (sel: ReturnType<typeof selectFields>) =>
  Object.fromEntries(sel.excluded.map((e) => [e.field, e.reason]));

describe('which fields a learned model may use', () => {
  it('leaves out sales-filled fields, identifiers and the built-in sales fields by default', () => {
    const sel = selectFields(rows, policy());
    expect(sel.fields).toEqual([
      'events.page_viewed',
      'events.unsubscribed',
      'properties.minutes',
      'properties.newsletter',
      'properties.noise',
      'properties.source',
    ]);
    expect(reasons(sel)).toEqual({
      owner: 'sales',
      lifecycleStage: 'sales',
      'properties.lead_number': 'identifier',
      'properties.sales_rating': 'sales',
    });
  });

  it('takes sales-filled fields back with include, drops more with exclude, by short or full name', () => {
    const sel = selectFields(
      rows,
      policy({ include: ['sales_rating'], exclude: ['properties.noise', 'events.unsubscribed'] }),
    );
    expect(sel.fields).toContain('properties.sales_rating');
    expect(sel.fields).not.toContain('properties.noise');
    expect(reasons(sel)).toMatchObject({
      'properties.noise': 'excluded',
      'events.unsubscribed': 'excluded',
    });
  });

  it('never uses the outcome, and refuses to include it, an identifier, a built-in or an unknown field', () => {
    const withOutcome: TrainingRow[] = rows.map((r) => ({
      ...r,
      contact: contactOf({ ...r.contact.properties, converted: { flag: r.positive } }),
    }));
    const sel = selectFields(withOutcome, policy({ outcomeField: 'properties.converted' }));
    expect(reasons(sel)['properties.converted.flag']).toBe('outcome');
    const refused = (p: Partial<FieldPolicy>) => () => selectFields(withOutcome, policy(p));
    expect(refused({ outcomeField: 'properties.converted', include: ['converted.flag'] })).toThrow(
      '--include properties.converted.flag: is the outcome itself',
    );
    expect(refused({ include: ['lead_number'] })).toThrow(
      /--include properties\.lead_number: is an identifier/,
    );
    expect(refused({ include: ['owner'] })).toThrow(
      '--include owner: always left out: sales assigns the owner',
    );
    expect(refused({ include: ['budget'] })).toThrow(
      '--include properties.budget: no contact has this field',
    );
    expect(refused({ exclude: ['events.chat_started'] })).toThrow(
      '--exclude events.chat_started: no contact has this field',
    );
  });

  it('treats qualification answers, rep activity, tracking calls, lists and emails as what they are', () => {
    const special: TrainingRow[] = rows.map((r, i) => ({
      ...r,
      contact: {
        ...r.contact,
        email: `lead${i}@example.test`,
        properties: {
          ...r.contact.properties,
          qualification: { budget: i % 3 === 0 ? 'yes' : 'no' },
          interests: ['a', 'b'],
        },
      },
      eventCounts: { ...r.eventCounts, sales_call: i % 4, identify: 1 },
    }));
    const sel = selectFields(special, policy());
    expect(reasons(sel)).toMatchObject({
      email: 'identifier',
      'properties.qualification.budget': 'sales',
      'properties.interests': 'list',
      'events.sales_call': 'sales',
      'events.identify': 'system',
    });
    expect(selectFields(special, policy({ include: ['events.sales_call'] })).fields).toContain(
      'events.sales_call',
    );
    // The registry can mark a whole object: its fields are sales-filled too.
    const owners = new Map<string, FilledBy>([['properties.qualification', 'sales']]);
    expect(
      reasons(selectFields(special, policy({ owners })))['properties.qualification.budget'],
    ).toBe('sales');
  });

  it('judges only texts and whole numbers as identifiers: varied measurements stay', () => {
    const measured = rows.map((r, i) => ({
      ...r,
      contact: contactOf({ ratio: i / 7 + 0.001, code: `C-${i}` }),
    }));
    const sel = selectFields(measured, policy());
    expect(sel.fields).toContain('properties.ratio');
    expect(reasons(sel)['properties.code']).toBe('identifier');
  });
});
