import { at, type Checker, type Json } from './checker.js';
import type { PredicateOp } from './model.js';
import { isKnownField, knownFields, type PredicateScope } from './predicates.js';
import { regexProblem } from './safe-regex.js';

export const maxPredicateDepth = 4;
export const maxTextLength = 200;
const maxListLength = 500;

const ops: readonly PredicateOp[] = [
  'equals',
  'in',
  'contains',
  'range',
  'exists',
  'regex',
  'persona',
  'all',
  'any',
  'not',
];

const keysOf: Record<PredicateOp, { allowed: string[]; required: string[] }> = {
  equals: { allowed: ['op', 'field', 'value', 'caseSensitive'], required: ['field', 'value'] },
  in: { allowed: ['op', 'field', 'values', 'caseSensitive'], required: ['field', 'values'] },
  contains: { allowed: ['op', 'field', 'value', 'caseSensitive'], required: ['field', 'value'] },
  range: { allowed: ['op', 'field', 'min', 'max'], required: ['field'] },
  exists: { allowed: ['op', 'field'], required: ['field'] },
  regex: { allowed: ['op', 'field', 'pattern', 'caseSensitive'], required: ['field', 'pattern'] },
  persona: { allowed: ['op', 'personas'], required: ['personas'] },
  all: { allowed: ['op', 'predicates'], required: ['predicates'] },
  any: { allowed: ['op', 'predicates'], required: ['predicates'] },
  not: { allowed: ['op', 'predicate'], required: ['predicate'] },
};

/** Firmographics stored as numbers: comparing them with text can never match. */
const numericFields = ['account.employees', 'account.annualRevenue'];

function checkScalar(c: Checker, value: unknown, path: string, numeric: boolean): void {
  if (numeric && typeof value !== 'number') {
    c.add(path, 'must be a number');
  } else if (typeof value === 'string') {
    if (value.length > maxTextLength)
      c.add(path, `must be at most ${maxTextLength} characters long`);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) c.add(path, 'must be a number');
  } else if (typeof value !== 'boolean') {
    c.add(path, 'must be a string, number or boolean');
  }
}

/** Checks one predicate and its children; `scope` decides which fields exist. */
export function checkPredicate(
  c: Checker,
  value: unknown,
  path: string,
  scope: PredicateScope,
  depth = 1,
): void {
  if (!c.object(value, path)) return;
  const op = value.op;
  if (typeof op !== 'string' || !(ops as readonly string[]).includes(op)) {
    c.add(at(path, 'op'), `must be one of ${ops.join(', ')}`);
    return;
  }
  const kind = op as PredicateOp;
  c.keys(value, path, keysOf[kind].allowed, keysOf[kind].required);
  if ('field' in value) checkField(c, value, path, scope);
  if (keysOf[kind].allowed.includes('caseSensitive')) c.boolean(value, 'caseSensitive', path);
  const field = typeof value.field === 'string' ? value.field : '';
  switch (kind) {
    case 'equals':
      if (value.value !== undefined)
        checkScalar(c, value.value, at(path, 'value'), numericFields.includes(field));
      break;
    case 'in': {
      const values = c.array(value, 'values', path, { min: 1, max: maxListLength });
      values?.forEach((v, i) => {
        checkScalar(c, v, at(at(path, 'values'), i), numericFields.includes(field));
      });
      break;
    }
    case 'contains':
      c.string(value, 'value', path, { maxLength: maxTextLength });
      break;
    case 'range': {
      const min = c.number(value, 'min', path);
      const max = c.number(value, 'max', path);
      if (value.min === undefined && value.max === undefined)
        c.add(at(path, 'min'), 'or max is required');
      if (min !== undefined && max !== undefined && min > max)
        c.add(at(path, 'max'), `must be at least min (${min})`);
      break;
    }
    case 'exists':
      break;
    case 'regex': {
      const pattern = c.string(value, 'pattern', path);
      const problem = pattern === undefined ? null : regexProblem(pattern);
      if (problem) c.add(at(path, 'pattern'), problem);
      break;
    }
    case 'persona': {
      if (scope !== 'contact') c.add(at(path, 'op'), 'persona applies to contacts, not events');
      const personas = c.array(value, 'personas', path, { min: 1, max: 50 });
      personas?.forEach((p, i) => {
        if (typeof p !== 'string' || p.trim() === '')
          c.add(at(at(path, 'personas'), i), 'must be a persona key');
      });
      break;
    }
    case 'all':
    case 'any':
    case 'not':
      checkChildren(c, value, path, scope, depth, kind);
      break;
  }
}

function checkField(c: Checker, value: Json, path: string, scope: PredicateScope): void {
  const field = c.string(value, 'field', path, { maxLength: maxTextLength });
  if (field !== undefined && !isKnownField(scope, field))
    c.add(at(path, 'field'), `is not a known field; use one of ${knownFields(scope).join(', ')}`);
}

function checkChildren(
  c: Checker,
  value: Json,
  path: string,
  scope: PredicateScope,
  depth: number,
  kind: 'all' | 'any' | 'not',
): void {
  if (depth >= maxPredicateDepth) {
    c.add(at(path, 'op'), `nests too deep (at most ${maxPredicateDepth} levels)`);
    return;
  }
  if (kind === 'not') {
    if (value.predicate !== undefined)
      checkPredicate(c, value.predicate, at(path, 'predicate'), scope, depth + 1);
    return;
  }
  const children = c.array(value, 'predicates', path, { min: 1, max: 20 });
  children?.forEach((child, i) => {
    checkPredicate(c, child, at(at(path, 'predicates'), i), scope, depth + 1);
  });
}

/** A list of event filters (all must hold). */
export function checkFilters(c: Checker, obj: Json, path: string): void {
  const filters = c.array(obj, 'filters', path, { max: 20 });
  filters?.forEach((f, i) => {
    checkPredicate(c, f, at(at(path, 'filters'), i), 'event');
  });
}
