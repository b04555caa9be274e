import { AppError } from '../app-error.js';
import { at, Checker, describeProblem, type Json, type ModelProblem } from './checker.js';
import type { ScoringModel } from './model.js';
import { checkFilters, checkPredicate, maxTextLength } from './validate-predicate.js';

export type { ModelProblem } from './checker.js';
export { describeProblem } from './checker.js';

export const maxRulesPerList = 200;
export const maxAbsPoints = 1000;
/**
 * A cap may hold at most this many occurrences' worth of points: the score
 * state keeps the awards of each recent window (caps.ts), and this bounds them.
 */
export const maxCapMultiple = 50;

const ruleIdPattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const ruleIdHint =
  "1–64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit";
const eventTypePattern = /^[a-z0-9_]{1,100}$/;
const eventTypeHint = 'a snake_case event type such as page_viewed';

type Sign = 'positive' | 'negative';

function checkPoints(c: Checker, rule: Json, path: string, sign: Sign): number | undefined {
  const points = c.number(rule, 'points', path, {
    min: -maxAbsPoints,
    max: maxAbsPoints,
    decimals: 4,
  });
  if (points === undefined) return undefined;
  if (sign === 'positive' && points <= 0) {
    c.add(
      at(path, 'points'),
      'must be greater than 0 (rules that take points away go in negative)',
    );
    return undefined;
  }
  if (sign === 'negative' && points >= 0) {
    c.add(at(path, 'points'), 'must be less than 0');
    return undefined;
  }
  return points;
}

function checkRuleBase(c: Checker, rule: Json, path: string, ids: Map<string, string>): void {
  const id = c.string(rule, 'id', path, { pattern: ruleIdPattern, patternHint: ruleIdHint });
  if (id !== undefined) {
    const first = ids.get(id);
    if (first !== undefined) c.add(at(path, 'id'), `must be unique ("${id}" is also ${first})`);
    else ids.set(id, path);
  }
  c.string(rule, 'label', path, { maxLength: maxTextLength });
}

function checkFitRule(c: Checker, rule: Json, path: string, sign: Sign, extra: string[]): void {
  c.keys(
    rule,
    path,
    ['id', 'label', 'points', 'predicate', ...extra],
    ['id', 'label', 'points', 'predicate'],
  );
  checkPoints(c, rule, path, sign);
  if (rule.predicate !== undefined)
    checkPredicate(c, rule.predicate, at(path, 'predicate'), 'contact');
}

function checkEngagementRule(
  c: Checker,
  rule: Json,
  path: string,
  sign: Sign,
  extra: string[],
): void {
  c.keys(
    rule,
    path,
    ['id', 'label', 'points', 'eventType', 'filters', 'cap', ...extra],
    ['id', 'label', 'points', 'eventType'],
  );
  const points = checkPoints(c, rule, path, sign);
  c.string(rule, 'eventType', path, { pattern: eventTypePattern, patternHint: eventTypeHint });
  checkFilters(c, rule, path);
  if (rule.cap === undefined) return;
  const capPath = at(path, 'cap');
  if (!c.object(rule.cap, capPath)) return;
  c.keys(rule.cap, capPath, ['points', 'days'], ['points', 'days']);
  c.number(rule.cap, 'days', capPath, { integer: true, min: 1, max: 365 });
  const cap = c.number(rule.cap, 'points', capPath, { above: 0, decimals: 4 });
  if (cap === undefined || points === undefined) return;
  const per = Math.abs(points);
  if (cap < per)
    c.add(at(capPath, 'points'), `must be at least the rule's ${per} points (it is a magnitude)`);
  else if (cap > per * maxCapMultiple)
    c.add(at(capPath, 'points'), `must be at most ${maxCapMultiple} times the rule's points`);
}

function checkRules(
  c: Checker,
  doc: Json,
  key: 'fit' | 'engagement' | 'negative',
  ids: Map<string, string>,
): void {
  const rules = c.array(doc, key, '', { max: maxRulesPerList });
  rules?.forEach((rule, i) => {
    const path = at(key, i);
    if (!c.object(rule, path)) return;
    checkRuleBase(c, rule, path, ids);
    if (key === 'fit') checkFitRule(c, rule, path, 'positive', []);
    else if (key === 'engagement') checkEngagementRule(c, rule, path, 'positive', []);
    else if (rule.on === 'fit') checkFitRule(c, rule, path, 'negative', ['on']);
    else if (rule.on === 'engagement') checkEngagementRule(c, rule, path, 'negative', ['on']);
    else c.add(at(path, 'on'), 'must be fit or engagement');
  });
}

function checkCondition(c: Checker, value: unknown, path: string): void {
  if (!c.object(value, path)) return;
  c.keys(
    value,
    path,
    ['eventTypes', 'filters', 'minOccurrences', 'withinDays'],
    ['eventTypes', 'minOccurrences', 'withinDays'],
  );
  const types = c.array(value, 'eventTypes', path, { min: 1, max: 20 });
  types?.forEach((t, i) => {
    if (typeof t !== 'string' || !eventTypePattern.test(t))
      c.add(at(at(path, 'eventTypes'), i), `must be ${eventTypeHint}`);
  });
  checkFilters(c, value, path);
  // The score state keeps the latest minOccurrences times per condition, so it is bounded.
  c.number(value, 'minOccurrences', path, { integer: true, min: 1, max: 100 });
  c.number(value, 'withinDays', path, { above: 0, max: 365 });
}

function checkRoute(c: Checker, value: unknown, path: string): void {
  if (!c.object(value, path)) return;
  c.keys(value, path, ['conditions', 'minFit'], ['conditions']);
  c.number(value, 'minFit', path);
  const conditions = c.array(value, 'conditions', path, { min: 1, max: 10 });
  conditions?.forEach((cond, i) => {
    checkCondition(c, cond, at(at(path, 'conditions'), i));
  });
}

function checkQualification(c: Checker, value: unknown): void {
  const path = 'qualification';
  if (!c.object(value, path)) return;
  c.keys(value, path, ['mql', 'pql', 'cql'], ['mql']);
  const mqlPath = at(path, 'mql');
  if (value.mql !== undefined && c.object(value.mql, mqlPath)) {
    c.keys(value.mql, mqlPath, ['minTotal', 'minFit', 'minEngagement'], ['minTotal']);
    for (const key of ['minTotal', 'minFit', 'minEngagement']) c.number(value.mql, key, mqlPath);
  }
  if (value.pql !== undefined) checkRoute(c, value.pql, at(path, 'pql'));
  if (value.cql !== undefined) checkRoute(c, value.cql, at(path, 'cql'));
}

function checkBands(c: Checker, value: unknown): void {
  if (!c.object(value, 'bands')) return;
  c.keys(value, 'bands', ['warm', 'hot'], ['warm', 'hot']);
  const warm = c.number(value, 'warm', 'bands');
  const hot = c.number(value, 'hot', 'bands');
  if (warm !== undefined && hot !== undefined && hot <= warm)
    c.add('bands/hot', `must be greater than warm (${warm})`);
}

export type ModelValidation =
  | { ok: true; model: ScoringModel }
  | { ok: false; problems: ModelProblem[] };

/** Every problem of a scoring model document, or the model (a copy, detached from the input). */
export function validateScoringModel(doc: unknown): ModelValidation {
  const c = new Checker();
  if (!c.object(doc, '')) return { ok: false, problems: c.problems };
  c.keys(
    doc,
    '',
    ['halfLifeDays', 'fit', 'engagement', 'negative', 'bands', 'qualification'],
    ['halfLifeDays', 'fit', 'engagement', 'negative', 'bands', 'qualification'],
  );
  // At least a day: steeper decay moves a score faster than millisecond timestamps can pin a
  // crossing down, and nobody's interest halves within hours.
  c.number(doc, 'halfLifeDays', '', { min: 1, max: 3650 });
  const ids = new Map<string, string>();
  checkRules(c, doc, 'fit', ids);
  checkRules(c, doc, 'engagement', ids);
  checkRules(c, doc, 'negative', ids);
  if (doc.bands !== undefined) checkBands(c, doc.bands);
  if (doc.qualification !== undefined) checkQualification(c, doc.qualification);
  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  return { ok: true, model: structuredClone(doc) as unknown as ScoringModel };
}

/** As validateScoringModel, throwing validation_failed with one field error per problem. */
export function parseScoringModel(doc: unknown): ScoringModel {
  const result = validateScoringModel(doc);
  if (result.ok) return result.model;
  const n = result.problems.length;
  throw new AppError(
    'validation_failed',
    `The scoring model has ${n} problem${n === 1 ? '' : 's'}: ${result.problems.slice(0, 5).map(describeProblem).join('; ')}${n > 5 ? '; …' : ''}`,
    { fields: result.problems.map((p) => ({ field: p.path || 'model', message: p.message })) },
  );
}
