import { AppError } from '../app-error.js';
import { at, Checker, describeProblem, type Json, type ModelProblem } from '../scoring/checker.js';
import type { Predicate, ScoringContact } from '../scoring/model.js';
import { contactMatches } from '../scoring/predicates.js';
import { checkPredicate, maxTextLength } from '../scoring/validate-predicate.js';

/**
 * Where a qualified contact goes: ordered rules, each a condition on the
 * contact (the scoring model's predicate language, so personas, contact and
 * account fields all work) sending it to a team with an assignment strategy.
 * The first rule that holds wins, which lets a specific rule ("enterprise in
 * EMEA") sit above a broad one ("enterprise") without the two fighting.
 */

export const routingStrategies = [
  'round_robin',
  'weighted',
  'least_loaded',
  'account_owner_first',
] as const;

export type RoutingStrategy = (typeof routingStrategies)[number];

export interface RoutingTarget {
  teamId: string;
  strategy: RoutingStrategy;
}

export interface RoutingRule extends RoutingTarget {
  key: string;
  name: string;
  criteria: Predicate;
}

export interface RoutingDocument {
  rules: RoutingRule[];
  /**
   * Where contacts no rule catches go; null leaves them unrouted. A catch-all
   * lives here rather than as a last rule because the predicate language has
   * no "always" (an empty `all` is refused), and one place for it is clearer.
   */
  fallback: RoutingTarget | null;
}

export type RoutingProblem = ModelProblem;

export const routingLimits = {
  rules: 200,
  name: 100,
  teamId: 100,
} as const;

/** The same shape as scoring rule ids: they appear in audit entries and URLs. */
const ruleKeyPattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const ruleKeyHint =
  "1–64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit";

export interface RoutingValidationOptions {
  /**
   * The teams that exist. When given, a rule naming any other team is a
   * problem at its path; the caller knows the teams, this module does not.
   */
  teamIds?: ReadonlySet<string>;
}

export type RoutingValidation =
  | { ok: true; routing: RoutingDocument }
  | { ok: false; problems: RoutingProblem[] };

function checkTarget(c: Checker, obj: Json, path: string, options: RoutingValidationOptions): void {
  const teamId = c.string(obj, 'teamId', path, { maxLength: routingLimits.teamId });
  if (teamId !== undefined && options.teamIds && !options.teamIds.has(teamId))
    c.add(at(path, 'teamId'), `"${teamId}" is not a team`);
  const strategy = obj.strategy;
  if (
    strategy !== undefined &&
    !(typeof strategy === 'string' && (routingStrategies as readonly string[]).includes(strategy))
  )
    c.add(at(path, 'strategy'), `must be one of ${routingStrategies.join(', ')}`);
}

function checkRule(
  c: Checker,
  rule: unknown,
  path: string,
  keys: Map<string, string>,
  options: RoutingValidationOptions,
): void {
  if (!c.object(rule, path)) return;
  const fields = ['key', 'name', 'criteria', 'teamId', 'strategy'];
  c.keys(rule, path, fields, fields);
  const key = c.string(rule, 'key', path, { pattern: ruleKeyPattern, patternHint: ruleKeyHint });
  if (key !== undefined) {
    const first = keys.get(key);
    if (first !== undefined) c.add(at(path, 'key'), `must be unique ("${key}" is also ${first})`);
    else keys.set(key, path);
  }
  c.string(rule, 'name', path, { maxLength: Math.min(routingLimits.name, maxTextLength) });
  if (rule.criteria !== undefined)
    checkPredicate(c, rule.criteria, at(path, 'criteria'), 'contact');
  checkTarget(c, rule, path, options);
}

/** Every problem of a routing document, each by path, or the document (a detached copy). */
export function validateRouting(
  input: unknown,
  options: RoutingValidationOptions = {},
): RoutingValidation {
  const c = new Checker();
  if (!c.object(input, '')) return { ok: false, problems: c.problems };
  c.keys(input, '', ['rules', 'fallback'], ['rules']);
  // A missing fallback would read as "none" anyway, but saying `null` makes the
  // choice explicit in a document people sign off on.
  if (input.fallback === undefined) c.add('fallback', 'is required (null for none)');
  const rules = c.array(input, 'rules', '', { max: routingLimits.rules });
  const keys = new Map<string, string>();
  rules?.forEach((rule, i) => {
    checkRule(c, rule, at('rules', i), keys, options);
  });
  const fallback = input.fallback;
  if (fallback !== undefined && fallback !== null && c.object(fallback, 'fallback')) {
    c.keys(fallback, 'fallback', ['teamId', 'strategy'], ['teamId', 'strategy']);
    checkTarget(c, fallback, 'fallback', options);
  }
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, routing: structuredClone(input) as unknown as RoutingDocument };
}

/** As validateRouting, throwing validation_failed with one field error per problem. */
export function parseRouting(
  input: unknown,
  options: RoutingValidationOptions = {},
): RoutingDocument {
  const result = validateRouting(input, options);
  if (result.ok) return result.routing;
  const n = result.problems.length;
  throw new AppError(
    'validation_failed',
    `The routing rules have ${n} problem${n === 1 ? '' : 's'}: ${result.problems.slice(0, 5).map(describeProblem).join('; ')}${n > 5 ? '; …' : ''}`,
    { fields: result.problems.map((p) => ({ field: p.path || 'routing', message: p.message })) },
  );
}

export interface PickedRoute extends RoutingTarget {
  /** The rule that matched; null when the fallback caught the contact. */
  rule: RoutingRule | null;
  /** For the audit entry and the handoff brief. */
  reason: string;
}

/** The first rule whose criteria hold for the contact, else the fallback, else null. */
export function pickRule(routing: RoutingDocument, contact: ScoringContact): PickedRoute | null {
  for (const rule of routing.rules) {
    if (contactMatches(rule.criteria, contact))
      return {
        rule,
        teamId: rule.teamId,
        strategy: rule.strategy,
        reason: `routing rule "${rule.name}" (${rule.key}) matched`,
      };
  }
  if (!routing.fallback) return null;
  return {
    rule: null,
    teamId: routing.fallback.teamId,
    strategy: routing.fallback.strategy,
    reason:
      routing.rules.length === 0
        ? 'no routing rules; the fallback applies'
        : 'no routing rule matched; the fallback applies',
  };
}
