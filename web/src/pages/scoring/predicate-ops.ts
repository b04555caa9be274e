import type { Predicate, PredicateOp, PredicateScope, Scalar } from '../../api/scoring-types';

export const opLabels: Record<PredicateOp, string> = {
  equals: 'equals',
  in: 'is one of',
  contains: 'contains',
  range: 'is between',
  exists: 'is present',
  regex: 'matches pattern',
  persona: 'matches persona',
  all: 'all of',
  any: 'any of',
  not: 'not',
};

const leafOps: PredicateOp[] = ['equals', 'in', 'contains', 'range', 'exists', 'regex'];
const groupOps: PredicateOp[] = ['all', 'any', 'not'];

/** Persona matching is about who the contact is; events have no persona. */
export function opsFor(scope: PredicateScope): PredicateOp[] {
  return scope === 'contact' ? [...leafOps, 'persona', ...groupOps] : [...leafOps, ...groupOps];
}

export function isPredicateOp(op: unknown): op is PredicateOp {
  return typeof op === 'string' && op in opLabels;
}

/** Firmographics stored as numbers: the validator refuses text values for them. */
export const numericFields = new Set(['account.employees', 'account.annualRevenue']);

/** Suggestions only: any `properties.<path>` is allowed as well. */
export const fieldSuggestions: Record<PredicateScope, string[]> = {
  contact: [
    'email',
    'emailDomain',
    'title',
    'properties.seniority',
    'properties.department',
    'account.domain',
    'account.industry',
    'account.employees',
    'account.annualRevenue',
    'account.country',
  ],
  event: ['name', 'properties.path', 'properties.form', 'properties.url', 'properties.campaign'],
};

/** Event types of the glossary (DESIGN.md §3); the tracking API stores any snake_case type. */
export const eventTypeSuggestions = [
  'page_viewed',
  'email_opened',
  'email_clicked',
  'email_unsubscribed',
  'form_submitted',
  'asset_downloaded',
  'webinar_registered',
  'social_engaged',
  'signed_up',
  'feature_used',
  'chat_started',
];

function fieldOf(p: Predicate): string {
  return 'field' in p && typeof p.field === 'string' ? p.field : '';
}

function caseOf(p: Predicate): { caseSensitive?: boolean } {
  return 'caseSensitive' in p && p.caseSensitive !== undefined
    ? { caseSensitive: p.caseSensitive }
    : {};
}

function firstValue(p: Predicate): Scalar {
  if (p.op === 'equals' || p.op === 'contains') return p.value;
  if (p.op === 'in') return p.values[0] ?? '';
  return '';
}

/**
 * The predicate with another operator, keeping what still applies (field, value,
 * match case). Choosing a group wraps the current condition so nothing is lost.
 */
export function convertPredicate(p: Predicate, op: PredicateOp): Predicate {
  if (p.op === op) return p;
  const field = fieldOf(p);
  switch (op) {
    case 'equals':
      return { op, field, value: firstValue(p), ...caseOf(p) };
    case 'in': {
      const value = firstValue(p);
      return { op, field, values: value === '' ? [] : [value], ...caseOf(p) };
    }
    case 'contains':
      return { op, field, value: String(firstValue(p)), ...caseOf(p) };
    case 'range':
      return { op, field };
    case 'exists':
      return { op, field };
    case 'regex':
      return { op, field, pattern: '', ...caseOf(p) };
    case 'persona':
      return { op, personas: [] };
    case 'all':
    case 'any':
      return { op, predicates: p.op === 'all' || p.op === 'any' ? p.predicates : [p] };
    case 'not':
      return { op, predicate: p };
  }
}

export function emptyPredicate(scope: PredicateScope): Predicate {
  return { op: 'equals', field: scope === 'contact' ? 'properties.seniority' : 'name', value: '' };
}

/** Tags are text; a numeric field (or a list that held numbers) keeps numbers. */
export function scalarsOf(tags: string[], numeric: boolean): Scalar[] {
  return tags.map((t) =>
    numeric && t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : t,
  );
}
