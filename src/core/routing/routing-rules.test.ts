import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { describeProblem } from '../scoring/checker.js';
import type { ScoringContact } from '../scoring/model.js';
import { contact } from '../scoring/test-support.js';
import {
  parseRouting,
  pickRule,
  type RoutingDocument,
  routingLimits,
  validateRouting,
} from './routing-rules.js';

const routing: RoutingDocument = {
  rules: [
    {
      key: 'enterprise-emea',
      name: 'Enterprise in EMEA',
      criteria: {
        op: 'all',
        predicates: [
          { op: 'range', field: 'account.employees', min: 1000 },
          { op: 'in', field: 'account.country', values: ['GB', 'DE', 'FR'] },
        ],
      },
      teamId: 'team-emea-ent',
      strategy: 'account_owner_first',
    },
    {
      key: 'enterprise',
      name: 'Enterprise elsewhere',
      criteria: { op: 'range', field: 'account.employees', min: 1000 },
      teamId: 'team-ent',
      strategy: 'weighted',
    },
    {
      key: 'developers',
      name: 'Developers',
      criteria: { op: 'persona', personas: ['developer'] },
      teamId: 'team-plg',
      strategy: 'least_loaded',
    },
  ],
  fallback: { teamId: 'team-smb', strategy: 'round_robin' },
};

function problemsOf(doc: unknown, teamIds?: string[]): string[] {
  const result = validateRouting(doc, teamIds ? { teamIds: new Set(teamIds) } : {});
  return result.ok ? [] : result.problems.map(describeProblem);
}

function withRule(patch: Record<string, unknown>): unknown {
  const doc = structuredClone(routing) as unknown as { rules: Record<string, unknown>[] };
  doc.rules[1] = { ...doc.rules[1], ...patch };
  return doc;
}

describe('validateRouting', () => {
  it('accepts a good document and hands back a detached copy', () => {
    const result = validateRouting(routing);
    expect(result).toEqual({ ok: true, routing });
    if (result.ok) {
      expect(result.routing).not.toBe(routing);
      expect(result.routing.rules[0]).not.toBe(routing.rules[0]);
    }
    expect(problemsOf(JSON.parse(JSON.stringify(routing)))).toEqual([]);
  });

  it('accepts no rules, and no fallback when it is said to be null', () => {
    expect(problemsOf({ rules: [], fallback: null })).toEqual([]);
  });

  it('refuses what is not an object', () => {
    for (const doc of [null, 7, 'rules', []])
      expect(problemsOf(doc)).toEqual(['the document must be an object']);
  });

  it('names missing and unknown top-level fields', () => {
    expect(problemsOf({ rule: [] })).toEqual([
      'rule is not a known field',
      'rules is required',
      'fallback is required (null for none)',
    ]);
    expect(problemsOf({ rules: {}, fallback: 'team-smb' })).toEqual([
      'rules must be a list',
      'fallback must be an object',
    ]);
  });

  it('names every problem of a rule by its path', () => {
    expect(
      problemsOf(
        withRule({ key: 'Enterprise!', name: '', teamId: 7, strategy: 'random', extra: true }),
      ),
    ).toEqual([
      'rules/1/extra is not a known field',
      "rules/1/key must be 1–64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit",
      'rules/1/name must not be empty',
      'rules/1/teamId must be a string',
      'rules/1/strategy must be one of round_robin, weighted, least_loaded, account_owner_first',
    ]);
  });

  it('names missing rule fields', () => {
    const doc = { rules: [{ key: 'a' }], fallback: null };
    expect(problemsOf(doc)).toEqual([
      'rules/0/name is required',
      'rules/0/criteria is required',
      'rules/0/teamId is required',
      'rules/0/strategy is required',
    ]);
  });

  it('checks criteria with the scoring predicate validator, on contact fields', () => {
    expect(
      problemsOf(withRule({ criteria: { op: 'range', field: 'account.employees', min: 'big' } })),
    ).toEqual(['rules/1/criteria/min must be a number']);
    expect(
      problemsOf(withRule({ criteria: { op: 'equals', field: 'name', value: 'x' } })),
    ).toMatchInlineSnapshot(`
        [
          "rules/1/criteria/field is not a known field; use one of email, emailDomain, title, properties.<path>, account.domain, account.industry, account.employees, account.annualRevenue, account.country, account.properties.<path>",
        ]
      `);
    expect(problemsOf(withRule({ criteria: { op: 'all', predicates: [] } }))).toEqual([
      'rules/1/criteria/predicates must have at least 1 entry',
    ]);
    expect(
      problemsOf(withRule({ criteria: { op: 'regex', field: 'title', pattern: '(a+)+$' } })),
    ).toHaveLength(1);
  });

  it('wants rule keys unique, naming where the first one is', () => {
    expect(problemsOf(withRule({ key: 'enterprise-emea' }))).toEqual([
      'rules/1/key must be unique ("enterprise-emea" is also rules/0)',
    ]);
  });

  it('checks the fallback', () => {
    expect(problemsOf({ rules: [], fallback: { teamId: 'x' } })).toEqual([
      'fallback/strategy is required',
    ]);
    expect(
      problemsOf({ rules: [], fallback: { teamId: ' ', strategy: 'weighted', x: 1 } }),
    ).toEqual(['fallback/x is not a known field', 'fallback/teamId must not be empty']);
  });

  it('names teams that do not exist, when told which do', () => {
    expect(problemsOf(routing, ['team-emea-ent', 'team-ent', 'team-plg', 'team-smb'])).toEqual([]);
    expect(problemsOf(routing, ['team-ent', 'team-plg'])).toEqual([
      'rules/0/teamId "team-emea-ent" is not a team',
      'fallback/teamId "team-smb" is not a team',
    ]);
  });

  it('limits the number of rules', () => {
    const rules = Array.from({ length: routingLimits.rules + 1 }, (_, i) => ({
      ...routing.rules[2]!,
      key: `r${i}`,
    }));
    expect(problemsOf({ rules, fallback: null })).toEqual([
      `rules must have at most ${routingLimits.rules} entries`,
    ]);
  });

  it('parseRouting throws validation_failed with one field per problem', () => {
    expect(parseRouting(routing)).toEqual(routing);
    try {
      parseRouting({ rules: [{ key: 'a' }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.code).toBe('validation_failed');
      expect(err.fields.map((f) => f.field)).toEqual([
        'fallback',
        'rules/0/name',
        'rules/0/criteria',
        'rules/0/teamId',
        'rules/0/strategy',
      ]);
      expect(err.message).toMatch(/^The routing rules have 5 problems: fallback is required/);
    }
  });
});

function lead(employees: number, country: string, personaKey: string | null = null) {
  const c = contact({ employees, personaKey });
  return { ...c, account: { ...c.account!, country } } satisfies ScoringContact;
}

describe('pickRule', () => {
  it('takes the first rule whose criteria hold', () => {
    const picked = pickRule(routing, lead(5000, 'DE', 'developer'));
    expect(picked).toMatchObject({
      teamId: 'team-emea-ent',
      strategy: 'account_owner_first',
      reason: 'routing rule "Enterprise in EMEA" (enterprise-emea) matched',
    });
    expect(picked?.rule).toBe(routing.rules[0]);
    expect(pickRule(routing, lead(5000, 'US', 'developer'))?.rule?.key).toBe('enterprise');
    expect(pickRule(routing, lead(50, 'US', 'developer'))?.rule?.key).toBe('developers');
  });

  it('falls back when no rule holds, and gives null without a fallback', () => {
    expect(pickRule(routing, lead(50, 'US'))).toEqual({
      rule: null,
      teamId: 'team-smb',
      strategy: 'round_robin',
      reason: 'no routing rule matched; the fallback applies',
    });
    expect(pickRule({ ...routing, fallback: null }, lead(50, 'US'))).toBeNull();
    expect(pickRule({ rules: [], fallback: null }, lead(50, 'US'))).toBeNull();
    expect(pickRule({ rules: [], fallback: routing.fallback }, lead(50, 'US'))?.reason).toBe(
      'no routing rules; the fallback applies',
    );
  });

  it('treats a contact without an account as failing account criteria', () => {
    expect(pickRule(routing, { ...lead(5000, 'DE'), account: null })?.teamId).toBe('team-smb');
  });
});
