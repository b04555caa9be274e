import type {
  FieldPath,
  Predicate,
  RegexPredicate,
  Scalar,
  ScoringContact,
  ScoringEvent,
} from './model.js';
import { regexInputLimit } from './safe-regex.js';

export type PredicateScope = 'contact' | 'event';

const contactFields = ['email', 'emailDomain', 'title'] as const;
const accountFields = ['domain', 'industry', 'employees', 'annualRevenue', 'country'] as const;
const eventFields = ['name'] as const;

/** The field names a model may use in each scope, for messages and the editor. */
export function knownFields(scope: PredicateScope): string[] {
  return scope === 'contact'
    ? [
        ...contactFields,
        'properties.<path>',
        ...accountFields.map((f) => `account.${f}`),
        'account.properties.<path>',
      ]
    : [...eventFields, 'properties.<path>'];
}

function isPropertyPath(field: string, prefix: string): boolean {
  return (
    field.startsWith(prefix) &&
    field
      .slice(prefix.length)
      .split('.')
      .every((s) => s !== '')
  );
}

export function isKnownField(scope: PredicateScope, field: string): boolean {
  if (scope === 'event') return field === 'name' || isPropertyPath(field, 'properties.');
  return (
    (contactFields as readonly string[]).includes(field) ||
    isPropertyPath(field, 'properties.') ||
    (field.startsWith('account.') &&
      (accountFields as readonly string[]).includes(field.slice('account.'.length))) ||
    isPropertyPath(field, 'account.properties.')
  );
}

// Field paths come from model documents: few, and read for every event and contact.
const splitPaths = new Map<string, string[]>();

function keysOf(path: string): string[] {
  let keys = splitPaths.get(path);
  if (!keys) {
    keys = path.split('.');
    if (splitPaths.size < 10_000) splitPaths.set(path, keys);
  }
  return keys;
}

function descend(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const key of keysOf(path)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function emailDomain(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at >= 0 ? email.slice(at + 1).toLowerCase() : null;
}

export function contactField(contact: ScoringContact, field: FieldPath): unknown {
  if (field === 'email') return contact.email;
  if (field === 'emailDomain') return emailDomain(contact.email);
  if (field === 'title') return contact.title;
  if (field.startsWith('properties.'))
    return descend(contact.properties, field.slice('properties.'.length));
  const account = contact.account;
  if (!account) return undefined;
  if (field.startsWith('account.properties.'))
    return descend(account.properties, field.slice('account.properties.'.length));
  const key = field.slice('account.'.length) as (typeof accountFields)[number];
  return accountFields.includes(key) ? account[key] : undefined;
}

export function eventField(event: ScoringEvent, field: FieldPath): unknown {
  if (field === 'name') return event.name;
  if (field.startsWith('properties.'))
    return descend(event.properties, field.slice('properties.'.length));
  return undefined;
}

function fold(text: string, caseSensitive: boolean | undefined): string {
  return caseSensitive ? text : text.toLowerCase();
}

/** Numbers, and text that is a number: traits often arrive as "250". */
function numeric(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function scalarEquals(actual: unknown, expected: Scalar, caseSensitive?: boolean): boolean {
  if (typeof expected === 'number') return numeric(actual) === expected;
  if (typeof expected === 'boolean') {
    if (typeof actual === 'boolean') return actual === expected;
    return typeof actual === 'string' && actual.trim().toLowerCase() === String(expected);
  }
  if (typeof actual === 'string')
    return fold(actual, caseSensitive) === fold(expected, caseSensitive);
  if (typeof actual === 'number' || typeof actual === 'boolean') return String(actual) === expected;
  return false;
}

function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

// Compiled once per predicate object: models are parsed once and evaluated many times.
const compiled = new WeakMap<RegexPredicate, RegExp>();

function regexOf(p: RegexPredicate): RegExp {
  let re = compiled.get(p);
  if (!re) {
    re = new RegExp(p.pattern, p.caseSensitive ? '' : 'i');
    compiled.set(p, re);
  }
  return re;
}

/** A list value (tags) matches when any element does. */
function anyValue(value: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(value) ? value.some(test) : test(value);
}

type Resolve = (field: FieldPath) => unknown;

function holds(p: Predicate, resolve: Resolve, personaKey: string | null): boolean {
  switch (p.op) {
    case 'all':
      return p.predicates.every((q) => holds(q, resolve, personaKey));
    case 'any':
      return p.predicates.some((q) => holds(q, resolve, personaKey));
    case 'not':
      return !holds(p.predicate, resolve, personaKey);
    case 'persona':
      return personaKey !== null && p.personas.includes(personaKey);
    case 'exists':
      return !isBlank(resolve(p.field));
    case 'equals':
      return anyValue(resolve(p.field), (v) => scalarEquals(v, p.value, p.caseSensitive));
    case 'in':
      return anyValue(resolve(p.field), (v) =>
        p.values.some((x) => scalarEquals(v, x, p.caseSensitive)),
      );
    case 'contains': {
      const value = resolve(p.field);
      if (Array.isArray(value)) return value.some((v) => scalarEquals(v, p.value, p.caseSensitive));
      return (
        typeof value === 'string' &&
        fold(value, p.caseSensitive).includes(fold(p.value, p.caseSensitive))
      );
    }
    case 'range':
      return anyValue(resolve(p.field), (v) => {
        const n = numeric(v);
        return (
          n !== null && (p.min === undefined || n >= p.min) && (p.max === undefined || n <= p.max)
        );
      });
    case 'regex':
      return anyValue(resolve(p.field), (v) => {
        if (typeof v !== 'string' && typeof v !== 'number') return false;
        return regexOf(p).test(String(v).slice(0, regexInputLimit));
      });
  }
}

export function contactMatches(p: Predicate, contact: ScoringContact): boolean {
  return holds(p, (f) => contactField(contact, f), contact.personaKey);
}

/** Event filters: all must hold (no filters: every event of the type). */
export function eventMatches(
  filters: readonly Predicate[] | undefined,
  event: ScoringEvent,
): boolean {
  return (filters ?? []).every((p) => holds(p, (f) => eventField(event, f), null));
}
