import { describe, expect, it } from 'vitest';
import type { Predicate, ScoringEvent } from './model.js';
import {
  contactField,
  contactMatches,
  emailDomain,
  eventMatches,
  isKnownField,
} from './predicates.js';
import { contact } from './test-support.js';

const lead = contact({
  email: 'Ada@Lovelace.Example',
  title: 'VP Marketing',
  personaKey: 'revops-leader',
  properties: {
    seniority: 'executive',
    tags: ['webinar', 'Trial'],
    seats: '250',
    consent: true,
    blank: '   ',
    empty: [],
    nested: { plan: { tier: 'pro' } },
  },
  employees: 320,
});

const holds = (p: Predicate) => contactMatches(p, lead);

describe('fields', () => {
  it('reads contact, derived, account and nested property fields', () => {
    expect(contactField(lead, 'emailDomain')).toBe('lovelace.example');
    expect(contactField(lead, 'account.employees')).toBe(320);
    expect(contactField(lead, 'account.properties.segment')).toBe('mid-market');
    expect(contactField(lead, 'properties.nested.plan.tier')).toBe('pro');
    expect(contactField(lead, 'properties.nested.plan.tier.x')).toBeUndefined();
    expect(contactField({ ...lead, account: null }, 'account.industry')).toBeUndefined();
    expect(emailDomain(null)).toBeNull();
  });

  it('knows which fields exist in each scope', () => {
    expect(isKnownField('contact', 'account.annualRevenue')).toBe(true);
    expect(isKnownField('contact', 'properties.a.b')).toBe(true);
    expect(isKnownField('contact', 'properties.')).toBe(false);
    expect(isKnownField('contact', 'properties.a..b')).toBe(false);
    expect(isKnownField('contact', 'account.name')).toBe(false);
    expect(isKnownField('event', 'name')).toBe(true);
    expect(isKnownField('event', 'title')).toBe(false);
  });
});

describe('contact predicates', () => {
  it('equals: text ignores case unless told, numbers read numeric text, booleans read "true"', () => {
    expect(holds({ op: 'equals', field: 'title', value: 'vp marketing' })).toBe(true);
    expect(
      holds({ op: 'equals', field: 'title', value: 'vp marketing', caseSensitive: true }),
    ).toBe(false);
    expect(holds({ op: 'equals', field: 'properties.seats', value: 250 })).toBe(true);
    expect(holds({ op: 'equals', field: 'account.employees', value: 320 })).toBe(true);
    expect(holds({ op: 'equals', field: 'account.employees', value: '320' })).toBe(true);
    expect(holds({ op: 'equals', field: 'properties.consent', value: true })).toBe(true);
    expect(
      contactMatches(
        { op: 'equals', field: 'properties.consent', value: true },
        { ...lead, properties: { consent: 'TRUE' } },
      ),
    ).toBe(true);
    expect(holds({ op: 'equals', field: 'properties.missing', value: 'x' })).toBe(false);
  });

  it('equals and in match a list value when any element does', () => {
    expect(holds({ op: 'equals', field: 'properties.tags', value: 'trial' })).toBe(true);
    expect(holds({ op: 'in', field: 'properties.tags', values: ['ebook', 'webinar'] })).toBe(true);
    expect(holds({ op: 'in', field: 'properties.tags', values: ['ebook'] })).toBe(false);
  });

  it('contains: a substring of text, or an element of a list', () => {
    expect(holds({ op: 'contains', field: 'title', value: 'MARKET' })).toBe(true);
    expect(holds({ op: 'contains', field: 'properties.tags', value: 'trial' })).toBe(true);
    expect(holds({ op: 'contains', field: 'properties.tags', value: 'tri' })).toBe(false);
    expect(holds({ op: 'contains', field: 'account.employees', value: '32' })).toBe(false);
  });

  it('range: inclusive at both ends, either end open, numeric text counts', () => {
    expect(holds({ op: 'range', field: 'account.employees', min: 320, max: 320 })).toBe(true);
    expect(holds({ op: 'range', field: 'account.employees', min: 321 })).toBe(false);
    expect(holds({ op: 'range', field: 'account.employees', max: 319 })).toBe(false);
    expect(holds({ op: 'range', field: 'properties.seats', min: 100 })).toBe(true);
    expect(holds({ op: 'range', field: 'title', min: 0 })).toBe(false);
  });

  it('exists: blank text and empty lists count as missing', () => {
    expect(holds({ op: 'exists', field: 'title' })).toBe(true);
    expect(holds({ op: 'exists', field: 'properties.blank' })).toBe(false);
    expect(holds({ op: 'exists', field: 'properties.empty' })).toBe(false);
    expect(holds({ op: 'exists', field: 'properties.missing' })).toBe(false);
    expect(holds({ op: 'exists', field: 'properties.consent' })).toBe(true);
  });

  it('regex: case-insensitive unless told, on text and numbers', () => {
    expect(holds({ op: 'regex', field: 'title', pattern: '^vp\\b' })).toBe(true);
    expect(holds({ op: 'regex', field: 'title', pattern: '^vp\\b', caseSensitive: true })).toBe(
      false,
    );
    expect(holds({ op: 'regex', field: 'account.employees', pattern: '^3\\d\\d$' })).toBe(true);
    expect(holds({ op: 'regex', field: 'properties.nested', pattern: 'pro' })).toBe(false);
  });

  it('regex: reads at most the first 256 characters', () => {
    const long = { ...lead, title: `${'x'.repeat(256)}vp` };
    expect(contactMatches({ op: 'regex', field: 'title', pattern: 'vp' }, long)).toBe(false);
  });

  it('persona: the contact matched one of the personas', () => {
    expect(holds({ op: 'persona', personas: ['cmo', 'revops-leader'] })).toBe(true);
    expect(holds({ op: 'persona', personas: ['cmo'] })).toBe(false);
    expect(
      contactMatches({ op: 'persona', personas: ['cmo'] }, { ...lead, personaKey: null }),
    ).toBe(false);
  });

  it('all, any and not combine', () => {
    const vp: Predicate = { op: 'contains', field: 'title', value: 'vp' };
    const big: Predicate = { op: 'range', field: 'account.employees', min: 1000 };
    expect(holds({ op: 'all', predicates: [vp, big] })).toBe(false);
    expect(holds({ op: 'any', predicates: [vp, big] })).toBe(true);
    expect(holds({ op: 'not', predicate: big })).toBe(true);
  });
});

describe('event filters', () => {
  const viewed: ScoringEvent = {
    id: 'e1',
    type: 'page_viewed',
    name: 'Pricing',
    properties: { path: '/pricing', utm: { source: 'google' } },
    occurredAt: new Date(0),
  };

  it('all must hold; none means every event', () => {
    expect(eventMatches(undefined, viewed)).toBe(true);
    expect(eventMatches([], viewed)).toBe(true);
    expect(
      eventMatches(
        [
          { op: 'equals', field: 'name', value: 'pricing' },
          { op: 'equals', field: 'properties.utm.source', value: 'google' },
        ],
        viewed,
      ),
    ).toBe(true);
    expect(
      eventMatches(
        [
          { op: 'equals', field: 'name', value: 'pricing' },
          { op: 'regex', field: 'properties.path', pattern: '^/blog/' },
        ],
        viewed,
      ),
    ).toBe(false);
  });
});
