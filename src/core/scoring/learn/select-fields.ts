import { AppError } from '../../app-error.js';
import type { FilledBy } from '../../import/mapping.js';
import { fieldValue, isMissing, normalizeFieldName, presentFields } from './field-values.js';
import { eventFieldPrefix, type TrainingRow } from './training.js';

/**
 * Which fields a learned model may learn from. A model meant to score new
 * leads must not see what sales writes after talking to them (the X Education
 * "Tags" say "Will revert after reading the email" — the answer, not a
 * signal): that is leakage, and it makes a model look better than it will be.
 */
export type ExclusionReason =
  | 'outcome'
  | 'sales'
  | 'excluded'
  | 'identifier'
  | 'list'
  | 'system'
  | 'no_variation';

export interface FieldExclusion {
  field: string;
  reason: ExclusionReason;
  why: string;
}

export interface FieldSelection {
  fields: string[];
  excluded: FieldExclusion[];
}

export interface FieldPolicy {
  /** The outcome property (never a feature), or null for a stage outcome. */
  outcomeField: string | null;
  /** The contact_fields registry: who fills each field. */
  owners: ReadonlyMap<string, FilledBy>;
  /** Sales-filled fields to use anyway (names as given: `tags` or `properties.tags`). */
  include: readonly string[];
  /** More fields to leave out. */
  exclude: readonly string[];
}

/** Sales fills these by how Tandem works; they are never features, whatever --include says. */
export const builtInSalesFields: readonly { field: string; why: string }[] = [
  { field: 'owner', why: 'sales assigns the owner' },
  { field: 'lifecycleStage', why: 'sales moves the lifecycle stage' },
  {
    field: 'properties.qualification',
    why: 'qualification answers (BANT, GPCT) come from sales conversations',
  },
];

/** Segment calls that say who someone is, not what they did. */
const systemEventTypes = new Set(['identify', 'group', 'alias']);
/** Calls, emails and meetings logged by reps: what sales did, not what the lead did. */
const salesEventPrefix = `${eventFieldPrefix}sales_`;
/** Identifiers, by name, whatever their values look like. */
const identifierFields = new Set(['email', 'account.domain']);
/** A text or whole-number field with a different value for this share of contacts is an identifier. */
export const identifierShare = 0.9;
const identifierMinRows = 20;

function isUnder(field: string, parent: string): boolean {
  return field === parent || field.startsWith(`${parent}.`);
}

function builtInSales(field: string): { field: string; why: string } | undefined {
  return builtInSalesFields.find((b) => isUnder(field, b.field));
}

/** The registry entry for the field or the nearest object holding it. */
function ownerOf(field: string, owners: ReadonlyMap<string, FilledBy>): FilledBy | undefined {
  for (let path = field; ; ) {
    const owner = owners.get(path);
    if (owner !== undefined) return owner;
    const dot = path.lastIndexOf('.');
    if (dot <= 0) return undefined;
    path = path.slice(0, dot);
  }
}

/**
 * Lead numbers, ids, emails: a value per contact says nothing about the next
 * contact. Fractional numbers are measurements (page views per visit) however
 * varied, so only texts and whole numbers are judged by their spread.
 */
function looksLikeIdentifier(rows: readonly TrainingRow[], field: string): boolean {
  if (identifierFields.has(field)) return true;
  if (field.startsWith(eventFieldPrefix)) return false;
  const distinct = new Set<string>();
  let present = 0;
  for (const row of rows) {
    const v = fieldValue(row, field);
    if (isMissing(v)) continue;
    if (typeof v === 'number' && !Number.isInteger(v)) return false;
    present++;
    distinct.add(String(v).trim().toLowerCase());
  }
  return present >= identifierMinRows && distinct.size >= identifierShare * present;
}

function isList(rows: readonly TrainingRow[], field: string): boolean {
  return rows.some((row) => Array.isArray(fieldValue(row, field)));
}

function refuse(option: string, field: string, why: string): never {
  throw new AppError('validation_failed', `${option} ${field}: ${why}`, {
    fields: [{ field: option.replace(/^--/, ''), message: `${field}: ${why}` }],
  });
}

export function selectFields(rows: readonly TrainingRow[], policy: FieldPolicy): FieldSelection {
  const present = presentFields(rows);
  const known = new Set(present);
  const include = new Set(policy.include.map(normalizeFieldName));
  const exclude = new Set(policy.exclude.map(normalizeFieldName));

  for (const field of exclude)
    if (!known.has(field) && !builtInSales(field))
      refuse('--exclude', field, 'no contact has this field');
  for (const field of include) {
    const builtIn = builtInSales(field);
    if (builtIn) refuse('--include', field, `always left out: ${builtIn.why}`);
    if (!known.has(field)) refuse('--include', field, 'no contact has this field');
    if (policy.outcomeField !== null && isUnder(field, policy.outcomeField))
      refuse('--include', field, 'is the outcome itself');
    if (looksLikeIdentifier(rows, field))
      refuse('--include', field, 'is an identifier (a different value for nearly every contact)');
  }

  const excluded: FieldExclusion[] = builtInSalesFields
    .filter((b) => !b.field.startsWith('properties.'))
    .map((b) => ({ field: b.field, reason: 'sales', why: `${b.why} (always left out)` }));
  const fields: string[] = [];
  const leaveOut = (field: string, reason: ExclusionReason, why: string) =>
    excluded.push({ field, reason, why });

  for (const field of present) {
    const builtIn = builtInSales(field);
    const owner = ownerOf(field, policy.owners);
    if (policy.outcomeField !== null && isUnder(field, policy.outcomeField))
      leaveOut(field, 'outcome', 'the outcome itself');
    else if (builtIn) leaveOut(field, 'sales', `${builtIn.why} (always left out)`);
    else if (exclude.has(field)) leaveOut(field, 'excluded', 'left out by --exclude');
    else if (
      field.startsWith(eventFieldPrefix) &&
      systemEventTypes.has(field.slice(eventFieldPrefix.length))
    )
      leaveOut(field, 'system', 'a tracking call, not an activity');
    else if (!include.has(field) && owner === 'sales')
      leaveOut(field, 'sales', 'filled in by sales (contact_fields); --include to use it');
    else if (!include.has(field) && field.startsWith(salesEventPrefix))
      leaveOut(field, 'sales', 'logged by sales reps; --include to use it');
    else if (isList(rows, field)) leaveOut(field, 'list', 'a list of values (not used yet)');
    else if (looksLikeIdentifier(rows, field))
      leaveOut(field, 'identifier', 'an identifier (a different value for nearly every contact)');
    else fields.push(field);
  }
  return { fields, excluded };
}
