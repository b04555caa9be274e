import { contactField } from '../predicates.js';
import { eventFieldPrefix, type TrainingRow } from './training.js';

/*
 * The fields a learned model can read are the ones fit rules can name
 * (predicates.ts), so that every fitted weight can become a rule: `title`,
 * `emailDomain`, `properties.<path>`, `account.<firmographic>`,
 * `account.properties.<path>`; plus `events.<type>`, a count that becomes an
 * engagement rule.
 */

const contactFields = ['email', 'emailDomain', 'title'];
const accountFields = ['domain', 'industry', 'employees', 'annualRevenue', 'country'];
/** Nested property objects are read this deep (a.b.c); deeper values are left alone. */
const maxDepth = 3;

/** Null, undefined, blank text and [] are missing, as the `exists` predicate sees it. */
export function isMissing(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

export function fieldValue(row: TrainingRow, field: string): unknown {
  if (field.startsWith(eventFieldPrefix))
    return row.eventCounts[field.slice(eventFieldPrefix.length)] ?? 0;
  return contactField(row.contact, field);
}

/** Keys with a dot cannot be told apart from nesting in a field path, so they are skipped. */
function collectPaths(
  value: Record<string, unknown>,
  prefix: string,
  depth: number,
  into: Set<string>,
): void {
  for (const [key, v] of Object.entries(value)) {
    if (key === '' || key.includes('.')) continue;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      if (depth < maxDepth)
        collectPaths(v as Record<string, unknown>, `${prefix}${key}.`, depth + 1, into);
    } else if (!isMissing(v)) into.add(`${prefix}${key}`);
  }
}

/** Every field some row has a value for, sorted. */
export function presentFields(rows: readonly TrainingRow[]): string[] {
  const found = new Set<string>();
  for (const row of rows) {
    const { contact } = row;
    for (const f of contactFields) if (!isMissing(contactField(contact, f))) found.add(f);
    collectPaths(contact.properties, 'properties.', 1, found);
    if (contact.account) {
      for (const f of accountFields)
        if (!isMissing(contact.account[f as keyof typeof contact.account]))
          found.add(`account.${f}`);
      collectPaths(contact.account.properties, 'account.properties.', 1, found);
    }
    for (const [type, n] of Object.entries(row.eventCounts))
      if (n > 0) found.add(`${eventFieldPrefix}${type}`);
  }
  return [...found].sort();
}

/** A name given on the command line: `tags` is short for `properties.tags`. */
export function normalizeFieldName(name: string): string {
  const value = name.trim();
  const qualified =
    contactFields.includes(value) ||
    value === 'owner' ||
    value === 'lifecycleStage' ||
    value.startsWith('properties.') ||
    value.startsWith('account.') ||
    value.startsWith(eventFieldPrefix);
  return qualified ? value : `properties.${value}`;
}

/** "properties.total_time_spent" → "Total time spent"; events read "page_viewed events". */
export function fieldLabel(field: string): string {
  if (field.startsWith(eventFieldPrefix))
    return `${field.slice(eventFieldPrefix.length).replaceAll('_', ' ')} events`;
  const last = field.replace(/^account\.properties\./, 'account.').replace(/^properties\./, '');
  const words = last
    .replaceAll('.', ' ')
    .replaceAll('_', ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
