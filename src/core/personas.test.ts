import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPersonas, type Persona } from './definitions.js';
import { matchPersona } from './personas.js';
import type { ScoringContact } from './scoring/model.js';

function contact(fields: Partial<ScoringContact> = {}): ScoringContact {
  return { email: null, title: null, properties: {}, account: null, personaKey: null, ...fields };
}

const persona = (key: string, criteria: Persona['criteria']): Persona => ({
  key,
  name: key,
  description: key,
  goals: [],
  pains: [],
  criteria,
});

describe('matchPersona', () => {
  it('matches the default personas on the title, case-insensitively', () => {
    expect(matchPersona(defaultPersonas, contact({ title: 'Head of RevOps' }))).toBe(
      'revops-leader',
    );
    expect(matchPersona(defaultPersonas, contact({ title: 'VP Marketing' }))).toBe(
      'demand-gen-marketer',
    );
    expect(matchPersona(defaultPersonas, contact({ title: 'Sales Manager, DACH' }))).toBe(
      'sales-leader',
    );
    expect(matchPersona(defaultPersonas, contact({ title: 'Software engineer' }))).toBeNull();
    expect(matchPersona(defaultPersonas, contact())).toBeNull();
  });

  it('takes the first persona in order when several match', () => {
    const both = [
      persona('first', { op: 'contains', field: 'title', value: 'sales' }),
      persona('second', { op: 'contains', field: 'title', value: 'manager' }),
    ];
    expect(matchPersona(both, contact({ title: 'Sales manager' }))).toBe('first');
    expect(matchPersona([...both].reverse(), contact({ title: 'Sales manager' }))).toBe('second');
  });

  it('reads account fields and custom properties', () => {
    const personas = [
      persona('enterprise-it', {
        op: 'all',
        predicates: [
          { op: 'range', field: 'account.employees', min: 1000 },
          { op: 'equals', field: 'properties.department', value: 'IT' },
        ],
      }),
    ];
    const account = {
      domain: 'big.test',
      industry: null,
      employees: 5000,
      annualRevenue: null,
      country: null,
      properties: {},
    };
    expect(matchPersona(personas, contact({ account, properties: { department: 'it' } }))).toBe(
      'enterprise-it',
    );
    expect(
      matchPersona(
        personas,
        contact({ account: { ...account, employees: 20 }, properties: { department: 'IT' } }),
      ),
    ).toBeNull();
  });

  it('does not depend on the persona a contact had before', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: null }),
        fc.option(fc.string(), { nil: null }),
        (title, key) => {
          expect(matchPersona(defaultPersonas, contact({ title, personaKey: key }))).toBe(
            matchPersona(defaultPersonas, contact({ title })),
          );
        },
      ),
    );
  });

  it('matches nobody without personas', () => {
    expect(matchPersona([], contact({ title: 'VP Sales' }))).toBeNull();
  });
});
