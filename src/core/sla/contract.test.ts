import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import {
  clauseWindow,
  defaultContract,
  parseContract,
  salesClauseKeys,
  validateContract,
} from './contract.js';

const problemsOf = (doc: unknown) => {
  const result = validateContract(doc);
  return result.ok ? [] : result.problems;
};
const pathsOf = (doc: unknown) => problemsOf(doc).map((p) => p.path);

describe('the default contract', () => {
  it("is the articles' example, valid as it stands", () => {
    const contract = defaultContract();
    expect(validateContract(contract)).toEqual({ ok: true, contract });
    expect(contract.marketing.mqls_per_rep).toEqual({ perMonth: 5 });
    expect(contract.sales.first_attempt_within).toEqual({ businessHours: 6 });
    expect(contract.sales.attempt_cadence).toEqual({ attempts: 4, businessDays: 12 });
    expect(contract.escalation).toEqual({
      warnOwnerAt: 0.75,
      notifyManagerOnBreach: true,
      reassignOnBreach: false,
    });
  });

  it('is a fresh object each time, and validation returns a detached copy', () => {
    const a = defaultContract();
    a.sales.accept_within!.businessHours = 1;
    expect(defaultContract().sales.accept_within!.businessHours).toBe(4);
    const result = validateContract(a);
    if (!result.ok) throw new Error('expected valid');
    a.sales.accept_within!.businessHours = 2;
    expect(result.contract.sales.accept_within!.businessHours).toBe(1);
  });

  it('gives each sales clause its window', () => {
    const { sales } = defaultContract();
    expect(salesClauseKeys.map((k) => clauseWindow(sales, k))).toEqual([
      { businessMs: 4 * 3_600_000 },
      { businessMs: 6 * 3_600_000 },
      { businessDays: 12 },
      { businessDays: 15 },
    ]);
    expect(clauseWindow({}, 'accept_within')).toBeUndefined();
  });
});

describe('validateContract names every problem by path', () => {
  it('refuses what is not an object, and a document missing its parts', () => {
    expect(problemsOf(null)).toEqual([{ path: '', message: 'must be an object' }]);
    expect(problemsOf({ sales: {}, extra: 1 })).toEqual([
      { path: 'extra', message: 'is not a known field' },
      { path: 'marketing', message: 'is required' },
      { path: 'escalation', message: 'is required' },
      {
        path: 'sales',
        message: 'must keep at least one clause: the agreement binds both sides',
      },
    ]);
  });

  it('checks every clause and the escalation at once', () => {
    const doc = {
      marketing: {
        mqls_per_rep: { perMonth: 0.5 },
        accepted_share: { atLeast: 1.5 },
        leads_per_week: { n: 1 },
      },
      sales: {
        accept_within: { businessHours: 0 },
        first_attempt_within: { businessHours: '6' },
        attempt_cadence: { attempts: 4 },
        outcome_recorded: 'soon',
      },
      escalation: { warnOwnerAt: 1, notifyManagerOnBreach: 'yes', reassignOnBreach: false },
    };
    expect(problemsOf(doc)).toEqual([
      { path: 'marketing/leads_per_week', message: 'is not a known field' },
      { path: 'marketing/mqls_per_rep/perMonth', message: 'must be a whole number' },
      { path: 'marketing/mqls_per_rep/perMonth', message: 'must be at least 1' },
      { path: 'marketing/accepted_share/atLeast', message: 'must be at most 1' },
      { path: 'sales/accept_within/businessHours', message: 'must be greater than 0' },
      { path: 'sales/first_attempt_within/businessHours', message: 'must be a number' },
      { path: 'sales/attempt_cadence/businessDays', message: 'is required' },
      { path: 'sales/outcome_recorded', message: 'must be an object' },
      { path: 'escalation/warnOwnerAt', message: 'must be less than 1' },
      { path: 'escalation/notifyManagerOnBreach', message: 'must be true or false' },
    ]);
  });

  it('insists the decision falls due before the first attempt', () => {
    const doc = defaultContract();
    doc.sales.accept_within = { businessHours: 8 };
    expect(problemsOf(doc)).toEqual([
      {
        path: 'sales/accept_within/businessHours',
        message:
          "must be at most first_attempt_within's 6 hours: a lead is accepted before it is worked",
      },
    ]);
  });

  it('keeps windows within a working month and cadences sensible', () => {
    const doc = defaultContract();
    doc.sales.first_attempt_within = { businessHours: 6.125 };
    doc.sales.attempt_cadence = { attempts: 21, businessDays: 61 };
    doc.sales.outcome_recorded = { businessDays: 0 };
    expect(pathsOf(doc)).toEqual([
      'sales/first_attempt_within/businessHours',
      'sales/attempt_cadence/attempts',
      'sales/attempt_cadence/businessDays',
      'sales/outcome_recorded/businessDays',
    ]);
  });

  it('lets a version leave clauses out, but not a whole side', () => {
    const doc = defaultContract();
    delete doc.marketing.accepted_share;
    doc.sales = { first_attempt_within: { businessHours: 1 } };
    expect(validateContract(doc).ok).toBe(true);
    doc.marketing = {};
    expect(pathsOf(doc)).toEqual(['marketing']);
  });
});

describe('parseContract', () => {
  it('throws validation_failed with one field per problem, under the prefix', () => {
    const doc = defaultContract() as unknown as Record<string, unknown>;
    doc.escalation = { warnOwnerAt: 0 };
    try {
      parseContract(doc, 'document');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const error = e as AppError;
      expect(error.code).toBe('validation_failed');
      expect(error.message).toMatch(
        /^The SLA contract has 3 problems: escalation\/notifyManagerOnBreach is required; /,
      );
      expect(error.fields).toEqual([
        { field: 'document/escalation/notifyManagerOnBreach', message: 'is required' },
        { field: 'document/escalation/reassignOnBreach', message: 'is required' },
        { field: 'document/escalation/warnOwnerAt', message: 'must be greater than 0' },
      ]);
    }
  });

  it('returns the contract when it is valid', () => {
    expect(parseContract(defaultContract())).toEqual(defaultContract());
  });
});
