import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { defaultDefinitions, requiredStageKeys } from './definitions.js';
import {
  definitionsDocument,
  definitionsLimits,
  parseDefinitions,
  personasMatchAlike,
  validateDefinitions,
} from './definitions-document.js';
import { describeProblem } from './scoring/checker.js';

type Doc = Record<string, unknown> & {
  stages: Record<string, unknown>[];
  personas: Record<string, unknown>[];
  reasonCodes: Record<string, unknown>[];
  qualification: Record<string, unknown> & { fields: Record<string, unknown>[] };
};

/** A fresh, editable copy of the default document (as JSON would carry it). */
function doc(): Doc {
  return JSON.parse(JSON.stringify(defaultDefinitions)) as Doc;
}

function problemsOf(value: unknown): string[] {
  const result = validateDefinitions(value);
  return result.ok ? [] : result.problems.map(describeProblem);
}

function stageIndex(d: Doc, key: string): number {
  return d.stages.findIndex((s) => s.key === key);
}

describe('validateDefinitions', () => {
  it('accepts the default definitions and hands back a detached copy', () => {
    const result = validateDefinitions(defaultDefinitions);
    expect(result).toEqual({ ok: true, definitions: defaultDefinitions });
    if (result.ok) {
      expect(result.definitions.personas).not.toBe(defaultDefinitions.personas);
      expect(result.definitions.stages[0]).not.toBe(defaultDefinitions.stages[0]);
    }
  });

  it('refuses what is not an object', () => {
    for (const value of [null, 7, 'defs', []])
      expect(problemsOf(value)).toEqual(['the document must be an object']);
  });

  it('names missing and unknown top-level parts', () => {
    expect(problemsOf({ stages: doc().stages, extra: true })).toEqual([
      'extra is not a known field',
      'personas is required',
      'reasonCodes is required',
      'qualification is required',
    ]);
  });

  it('fills in optional entry requirements and help texts', () => {
    const d = doc();
    delete d.stages[0]!.entryRequirements;
    delete d.qualification.fields[0]!.help;
    const result = validateDefinitions(d);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.definitions.stages[0]!.entryRequirements).toEqual([]);
    expect(result.definitions.qualification.fields[0]!.help).toBe('');
  });

  describe('stages', () => {
    it('requires every stage the lead desk acts on', () => {
      const d = doc();
      d.stages = d.stages.filter((s) => s.key !== 'sal' && s.key !== 'disqualified');
      // Transitions and reason codes that named them are reported too.
      const problems = problemsOf(d);
      expect(problems).toContain(
        `stages must include the stage "sal" (the lead desk's actions use it)`,
      );
      expect(problems).toContain(
        `stages must include the stage "disqualified" (the lead desk's actions use it)`,
      );
      expect(problems).toContain(
        'stages/2/allowedTransitions/0 "sal" is not a stage in this version',
      );
    });

    it('refuses duplicate keys and positions, naming the first use', () => {
      const d = doc();
      d.stages.push({ ...d.stages[1]!, position: 10 });
      expect(problemsOf(d)).toEqual([
        'stages/11/key must be unique ("lead" is also stages/1)',
        'stages/11/position must be unique (10 is also stages/0)',
      ]);
    });

    it('checks each field of a stage', () => {
      const d = doc();
      d.stages[0] = {
        key: 'Sub scriber',
        name: '',
        position: 1.5,
        kind: 'middle',
        owningTeam: 'finance',
        definition: 'x'.repeat(definitionsLimits.text + 1),
        entryCriteria: 3,
        allowedTransitions: 'lead',
        entryRequirements: ['amount', 'amount', 'signature'],
        colour: 'red',
      };
      expect(problemsOf(d)).toEqual([
        'stages/0/colour is not a known field',
        'stages/0/exitCriteria is required',
        "stages/0/key must be 1–40 lowercase letters, digits or '_', starting with a letter",
        'stages/0/name must not be empty',
        'stages/0/position must be a whole number',
        'stages/0/kind must be one of funnel, route, exit',
        'stages/0/owningTeam must be one of marketing, sales',
        'stages/0/definition must be at most 5000 characters long',
        'stages/0/entryCriteria must be a string',
        'stages/0/entryRequirements/1 lists "amount" twice',
        'stages/0/entryRequirements/2 must be one of qualification, amount, reason',
        'stages/0/allowedTransitions must be a list',
      ]);
    });

    it('checks transitions against the stages of this version', () => {
      const d = doc();
      const lead = stageIndex(d, 'lead');
      d.stages[lead]!.allowedTransitions = ['mql', 'lead', 'mql', 'nowhere', 4];
      expect(problemsOf(d)).toEqual([
        `stages/${lead}/allowedTransitions/1 must not name the stage itself`,
        `stages/${lead}/allowedTransitions/2 lists "mql" twice`,
        `stages/${lead}/allowedTransitions/3 "nowhere" is not a stage in this version`,
        `stages/${lead}/allowedTransitions/4 must be a stage key`,
      ]);
    });

    it('accepts a transition to a stage listed after it, and added stages', () => {
      const d = doc();
      d.stages.push({
        key: 'nurture_hot',
        name: 'Hot nurture',
        position: 85,
        kind: 'exit',
        owningTeam: 'marketing',
        definition: 'Recycled, but engaged again.',
        entryCriteria: 'Engaged after being recycled.',
        exitCriteria: 'Qualifies again.',
        allowedTransitions: ['mql'],
      });
      d.stages[0]!.allowedTransitions = ['nurture_hot'];
      expect(problemsOf(d)).toEqual([]);
    });

    it('keeps the kinds handoffs and reason codes depend on', () => {
      const d = doc();
      d.stages[stageIndex(d, 'mql')]!.kind = 'funnel';
      d.stages[stageIndex(d, 'recycled')]!.kind = 'funnel';
      expect(problemsOf(d)).toEqual([
        `stages/${stageIndex(d, 'mql')}/kind must be route for the stage "mql"`,
        `stages/${stageIndex(d, 'recycled')}/kind must be exit for the stage "recycled"`,
        // The lost and reject codes that recycle leads now point at a non-exit stage.
        ...d.reasonCodes
          .map((r, i) => [r, i] as const)
          .filter(([r]) => r.outcome === 'recycled')
          .map(([, i]) => `reasonCodes/${i}/outcome must be an exit stage (disqualified)`),
      ]);
    });

    it('bounds the number of stages', () => {
      const d = doc();
      d.stages = Array.from({ length: definitionsLimits.stages + 1 }, (_, i) => ({
        ...d.stages[0]!,
        key: `s${i}`,
        position: i,
      }));
      expect(problemsOf(d)[0]).toBe('stages must have at most 50 entries');
    });

    it('requires at least one stage', () => {
      expect(problemsOf({ ...doc(), stages: [] })).toContain('stages must have at least 1 entry');
    });
  });

  describe('personas', () => {
    it('checks criteria with the scoring model predicate language, on contact fields', () => {
      const d = doc();
      d.personas[0]!.criteria = { op: 'equals', field: 'name', value: 'x' };
      d.personas[1]!.criteria = { op: 'regex', field: 'title', pattern: '(a+)+$' };
      expect(problemsOf(d)).toEqual([
        expect.stringMatching(
          /^personas\/0\/criteria\/field is not a known field; use one of email/,
        ),
        expect.stringMatching(/^personas\/1\/criteria\/pattern /),
      ]);
    });

    it('refuses the persona op inside persona criteria, at any depth', () => {
      const d = doc();
      d.personas[0]!.criteria = { op: 'persona', personas: ['sales-leader'] };
      d.personas[1]!.criteria = {
        op: 'all',
        predicates: [
          { op: 'exists', field: 'title' },
          { op: 'not', predicate: { op: 'persona', personas: ['revops-leader'] } },
        ],
      };
      expect(problemsOf(d)).toEqual([
        'personas/0/criteria/op persona criteria cannot name personas',
        'personas/1/criteria/predicates/1/predicate/op persona criteria cannot name personas',
      ]);
    });

    it('refuses duplicate keys, missing fields and oversized lists', () => {
      const d = doc();
      d.personas[2]!.key = 'revops-leader';
      delete d.personas[1]!.description;
      d.personas[0]!.goals = Array.from({ length: 21 }, () => 'more');
      d.personas[0]!.pains = ['', 'x'.repeat(201)];
      expect(problemsOf(d)).toEqual([
        'personas/0/goals must have at most 20 entries',
        'personas/0/pains/0 must be some text',
        'personas/0/pains/1 must be at most 200 characters long',
        'personas/1/description is required',
        'personas/2/key must be unique ("revops-leader" is also personas/0)',
      ]);
    });

    it('allows no personas at all', () => {
      expect(problemsOf({ ...doc(), personas: [] })).toEqual([]);
    });

    it('bounds the number of personas', () => {
      const d = doc();
      d.personas = Array.from({ length: 51 }, (_, i) => ({ ...d.personas[0]!, key: `p${i}` }));
      expect(problemsOf(d)).toEqual(['personas must have at most 50 entries']);
    });
  });

  describe('reason codes', () => {
    it('sends reasons to exit stages of this version only', () => {
      const d = doc();
      d.reasonCodes[0]!.outcome = 'sal';
      d.reasonCodes[1]!.outcome = 'limbo';
      expect(problemsOf(d)).toEqual([
        'reasonCodes/0/outcome must be an exit stage (recycled, disqualified)',
        'reasonCodes/1/outcome "limbo" is not a stage in this version',
      ]);
    });

    it('needs a reject and a lost reason, with unique keys and known kinds', () => {
      const d = doc();
      d.reasonCodes = d.reasonCodes.filter((r) => r.kind === 'reject');
      d.reasonCodes[1]!.key = d.reasonCodes[0]!.key;
      d.reasonCodes[2]!.kind = 'won';
      expect(problemsOf(d)).toEqual([
        'reasonCodes/1/key must be unique ("not_ready" is also reasonCodes/0)',
        'reasonCodes/2/kind must be one of reject, lost',
        'reasonCodes must include at least one lost reason',
      ]);
    });
  });

  describe('qualification framework', () => {
    it('is BANT or GPCT with 1 to 10 fields', () => {
      const d = doc();
      d.qualification.key = 'meddic';
      d.qualification.fields = [];
      expect(problemsOf(d)).toEqual([
        'qualification/key must be one of bant, gpct',
        'qualification/fields must have at least 1 entry',
      ]);
      d.qualification.key = 'gpct';
      d.qualification.fields = Array.from({ length: 11 }, (_, i) => ({ key: `f${i}`, label: 'F' }));
      expect(problemsOf(d)).toEqual(['qualification/fields must have at most 10 entries']);
    });

    it('checks each field', () => {
      const d = doc();
      d.qualification.fields[1] = { key: 'budget', label: '', hint: 'x' };
      expect(problemsOf(d)).toEqual([
        'qualification/fields/1/hint is not a known field',
        'qualification/fields/1/key must be unique ("budget" is also qualification/fields/0)',
        'qualification/fields/1/label must not be empty',
      ]);
    });
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        validateDefinitions(value);
        validateDefinitions({ ...doc(), stages: [value] });
        validateDefinitions({ ...doc(), personas: [{ ...doc().personas[0], criteria: value }] });
      }),
    );
  });
});

describe('parseDefinitions', () => {
  it('throws validation_failed naming each problem under the request field', () => {
    const d = doc();
    d.reasonCodes[0]!.outcome = 'sal';
    let error: unknown;
    try {
      parseDefinitions(d);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    expect((error as AppError).fields).toEqual([
      {
        field: 'document/reasonCodes/0/outcome',
        message: 'must be an exit stage (recycled, disqualified)',
      },
    ]);
    expect((error as AppError).message).toMatch(/^The definitions have 1 problem: reasonCodes\/0/);
  });

  it('names a document that is not an object by the request field', () => {
    expect(() => parseDefinitions('x')).toThrow(
      expect.objectContaining({ fields: [{ field: 'document', message: 'must be an object' }] }),
    );
  });
});

describe('definitionsDocument', () => {
  it('orders stages by position', () => {
    const shuffled = { ...defaultDefinitions, stages: [...defaultDefinitions.stages].reverse() };
    expect(definitionsDocument(shuffled).stages.map((s) => s.key)).toEqual(
      defaultDefinitions.stages.map((s) => s.key),
    );
    expect(requiredStageKeys.every((k) => shuffled.stages.some((s) => s.key === k))).toBe(true);
  });
});

describe('personasMatchAlike', () => {
  const personas = defaultDefinitions.personas;

  it('ignores names, texts and key order inside criteria', () => {
    const reworded = personas.map((p) => ({
      ...p,
      name: `${p.name}!`,
      goals: [],
      criteria: JSON.parse(JSON.stringify(p.criteria, Object.keys(p.criteria).reverse())),
    }));
    expect(personasMatchAlike(personas, reworded)).toBe(true);
  });

  it('sees changed criteria, keys and order', () => {
    const [a, b, c] = personas;
    expect(personasMatchAlike(personas, [b!, a!, c!])).toBe(false);
    expect(personasMatchAlike(personas, [a!, b!])).toBe(false);
    expect(personasMatchAlike(personas, [{ ...a!, key: 'other' }, b!, c!])).toBe(false);
    expect(
      personasMatchAlike(personas, [{ ...a!, criteria: { op: 'exists', field: 'title' } }, b!, c!]),
    ).toBe(false);
  });
});
