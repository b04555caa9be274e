import { AppError } from '../app-error.js';
import { at, Checker, describeProblem, type Json, type ModelProblem } from '../scoring/checker.js';

/**
 * The SLA contract (DESIGN.md §3): what marketing and sales promise each other,
 * as one document that both sides sign. Versioning and signatures belong to the
 * store; this is the content of one version.
 *
 * Clauses are keyed by stable identifiers, so clocks, scorecards and
 * notifications can name a clause across versions even when its numbers
 * change. A clause left out of a version is simply not agreed; each side must
 * keep at least one, or the agreement is no longer two-sided.
 */

export const marketingClauseKeys = ['mqls_per_rep', 'accepted_share'] as const;
export type MarketingClauseKey = (typeof marketingClauseKeys)[number];

/** The order is the order a lead meets them in, which is how clocks and scorecards list them. */
export const salesClauseKeys = [
  'accept_within',
  'first_attempt_within',
  'attempt_cadence',
  'outcome_recorded',
] as const;
export type SalesClauseKey = (typeof salesClauseKeys)[number];

export interface MarketingClauses {
  /** MQLs handed to sales per active rep per month; the team's quota is this times its reps. */
  mqls_per_rep?: { perMonth: number };
  /** The share (0–1) of decided MQLs that sales accepts: the quality side of the promise. */
  accepted_share?: { atLeast: number };
}

export interface SalesClauses {
  /** Accept or reject a handed lead within this many business hours. */
  accept_within?: { businessHours: number };
  /** Make the first attempt (call, email, meeting) within this many business hours. */
  first_attempt_within?: { businessHours: number };
  /** Make this many attempts within this many business days (addBusinessDays' meaning). */
  attempt_cadence?: { attempts: number; businessDays: number };
  /** Record what came of the lead (qualified, recycled, disqualified) within this many business days. */
  outcome_recorded?: { businessDays: number };
}

export interface EscalationPolicy {
  /** Warn the owner when this share (strictly between 0 and 1) of a clause's business window has passed. */
  warnOwnerAt: number;
  notifyManagerOnBreach: boolean;
  /** Hand the lead to someone else on breach; routing picks whom. */
  reassignOnBreach: boolean;
}

export interface SlaContract {
  marketing: MarketingClauses;
  sales: SalesClauses;
  escalation: EscalationPolicy;
}

export type ContractProblem = ModelProblem;

export const contractLimits = {
  /** A working month: a longer window is no longer a service level. */
  businessHours: 160,
  businessDays: 60,
  attempts: 20,
  mqlsPerRep: 1000,
} as const;

/**
 * The articles' example ("marketing delivers 5 leads per rep per month; sales
 * makes 1 attempt within 6 business hours and 4 attempts within 12 days"),
 * completed where the example is silent:
 *
 * - accepted_share 0.7: the MQL criteria are co-signed, so a lead that meets
 *   them should normally be workable; rejections (bad data, a customer, a
 *   competitor) ought to be the exception, under a third. Lower hides scoring
 *   drift; higher punishes honest rejections.
 * - accept_within 4 business hours: the decision comes before the work, so it
 *   must fall due before the first attempt does (the validator insists), and
 *   4 of the 6 hours leaves two for the call.
 * - outcome_recorded 15 business days: the 12-day cadence plus three days to
 *   write down what came of it, so no lead lingers unanswered for a month.
 * - warn at 75%: late enough not to nag, early enough to act (4.5 of 6 hours).
 * - manager notified on breach; no automatic reassignment, which moves work
 *   between people and is a team's decision to switch on.
 */
export function defaultContract(): SlaContract {
  return {
    marketing: {
      mqls_per_rep: { perMonth: 5 },
      accepted_share: { atLeast: 0.7 },
    },
    sales: {
      accept_within: { businessHours: 4 },
      first_attempt_within: { businessHours: 6 },
      attempt_cadence: { attempts: 4, businessDays: 12 },
      outcome_recorded: { businessDays: 15 },
    },
    escalation: { warnOwnerAt: 0.75, notifyManagerOnBreach: true, reassignOnBreach: false },
  };
}

/** A clause's window expressed the way startClocks needs it. */
export type ClauseWindow = { businessMs: number } | { businessDays: number };

const HOUR = 3_600_000;

export function clauseWindow(sales: SalesClauses, key: SalesClauseKey): ClauseWindow | undefined {
  switch (key) {
    case 'accept_within':
    case 'first_attempt_within': {
      const clause = sales[key];
      return clause && { businessMs: Math.round(clause.businessHours * HOUR) };
    }
    case 'attempt_cadence':
    case 'outcome_recorded': {
      const clause = sales[key];
      return clause && { businessDays: clause.businessDays };
    }
  }
}

function checkMarketing(c: Checker, value: unknown): void {
  const path = 'marketing';
  if (!c.object(value, path)) return;
  c.keys(value, path, marketingClauseKeys, []);
  if (!marketingClauseKeys.some((k) => value[k] !== undefined))
    c.add(path, 'must keep at least one clause: the agreement binds both sides');
  const perRep = clause(c, value, path, 'mqls_per_rep', ['perMonth']);
  if (perRep)
    c.number(perRep, 'perMonth', at(path, 'mqls_per_rep'), {
      integer: true,
      min: 1,
      max: contractLimits.mqlsPerRep,
    });
  const share = clause(c, value, path, 'accepted_share', ['atLeast']);
  if (share)
    c.number(share, 'atLeast', at(path, 'accepted_share'), { min: 0, max: 1, decimals: 4 });
}

function checkSales(c: Checker, value: unknown): void {
  const path = 'sales';
  if (!c.object(value, path)) return;
  c.keys(value, path, salesClauseKeys, []);
  if (!salesClauseKeys.some((k) => value[k] !== undefined))
    c.add(path, 'must keep at least one clause: the agreement binds both sides');
  const hours = (key: 'accept_within' | 'first_attempt_within'): number | undefined => {
    const found = clause(c, value, path, key, ['businessHours']);
    // Two decimals are 36-second steps, finer than anyone promises.
    return found
      ? c.number(found, 'businessHours', at(path, key), {
          above: 0,
          max: contractLimits.businessHours,
          decimals: 2,
        })
      : undefined;
  };
  const accept = hours('accept_within');
  const first = hours('first_attempt_within');
  if (accept !== undefined && first !== undefined && accept > first)
    c.add(
      'sales/accept_within/businessHours',
      `must be at most first_attempt_within's ${first} hours: a lead is accepted before it is worked`,
    );
  const days = { integer: true, min: 1, max: contractLimits.businessDays } as const;
  const cadence = clause(c, value, path, 'attempt_cadence', ['attempts', 'businessDays']);
  if (cadence) {
    const where = at(path, 'attempt_cadence');
    c.number(cadence, 'attempts', where, { integer: true, min: 1, max: contractLimits.attempts });
    c.number(cadence, 'businessDays', where, days);
  }
  const outcome = clause(c, value, path, 'outcome_recorded', ['businessDays']);
  if (outcome) c.number(outcome, 'businessDays', at(path, 'outcome_recorded'), days);
}

/** The clause object if present and well-formed as an object; its fields are all required. */
function clause(
  c: Checker,
  side: Json,
  sidePath: string,
  key: string,
  fields: readonly string[],
): Json | undefined {
  const value = side[key];
  if (value === undefined) return undefined;
  const path = at(sidePath, key);
  if (!c.object(value, path)) return undefined;
  c.keys(value, path, fields, fields);
  return value;
}

function checkEscalation(c: Checker, value: unknown): void {
  const path = 'escalation';
  if (!c.object(value, path)) return;
  const fields = ['warnOwnerAt', 'notifyManagerOnBreach', 'reassignOnBreach'];
  c.keys(value, path, fields, fields);
  // Neither 0 (a warning the moment the lead arrives) nor 1 (a warning with the breach).
  c.number(value, 'warnOwnerAt', path, { above: 0, below: 1, decimals: 4 });
  c.boolean(value, 'notifyManagerOnBreach', path);
  c.boolean(value, 'reassignOnBreach', path);
}

export type ContractValidation =
  | { ok: true; contract: SlaContract }
  | { ok: false; problems: ContractProblem[] };

/** Every problem of an SLA contract document, each by path, or the contract (detached from the input). */
export function validateContract(doc: unknown): ContractValidation {
  const c = new Checker();
  if (!c.object(doc, '')) return { ok: false, problems: c.problems };
  const parts = ['marketing', 'sales', 'escalation'];
  c.keys(doc, '', parts, parts);
  if (doc.marketing !== undefined) checkMarketing(c, doc.marketing);
  if (doc.sales !== undefined) checkSales(c, doc.sales);
  if (doc.escalation !== undefined) checkEscalation(c, doc.escalation);
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, contract: structuredClone(doc) as unknown as SlaContract };
}

/**
 * As validateContract, throwing validation_failed with one field error per
 * problem; `prefix` names where the document sits in the request.
 */
export function parseContract(doc: unknown, prefix = 'contract'): SlaContract {
  const result = validateContract(doc);
  if (result.ok) return result.contract;
  const n = result.problems.length;
  throw new AppError(
    'validation_failed',
    `The SLA contract has ${n} problem${n === 1 ? '' : 's'}: ${result.problems.slice(0, 5).map(describeProblem).join('; ')}${n > 5 ? '; …' : ''}`,
    {
      fields: result.problems.map((p) => ({
        field: p.path === '' ? prefix : `${prefix}/${p.path}`,
        message: p.message,
      })),
    },
  );
}
