import { createHash } from 'node:crypto';
import { maxCustomProperties, type Touch } from '../entities.js';
import { domainOf } from '../tracking/group-traits.js';
import type { MessageType } from '../tracking/segment-message.js';
import { fieldError, type MappedRow, type RowError } from './rows.js';

/** Typed rows per kind, checked for what the kind needs; each keeps its row number. */
export interface ContactRecord {
  row: number;
  id: string | null;
  email: string | null;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  accountDomain: string | null;
  accountName: string | null;
  /** The owner's email or exact name, as the file gives it. */
  owner: string | null;
  properties: Record<string, unknown>;
  mapped: MappedRow;
}

export interface AccountRecord {
  row: number;
  domain: string | null;
  groupId: string | null;
  name: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  owner: string | null;
  properties: Record<string, unknown>;
  mapped: MappedRow;
}

export const eventTypes = ['track', 'page', 'screen', 'identify', 'group'] as const;

export interface EventRecord {
  row: number;
  messageId: string;
  type: Exclude<MessageType, 'alias'>;
  userId: string | null;
  anonymousId: string | null;
  email: string | null;
  event: string | null;
  groupId: string | null;
  timestamp: Date | null;
  touch: Touch | null;
  properties: Record<string, unknown>;
  mapped: MappedRow;
}

export type Built<R> = { ok: true; record: R } | { ok: false; errors: RowError[] };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(m: MappedRow, field: string): string | null {
  const v = m.values.get(field);
  return typeof v === 'string' && v !== '' ? v : null;
}

function num(m: MappedRow, field: string): number | null {
  const v = m.values.get(field);
  return typeof v === 'number' ? v : null;
}

/** Per-key properties win over the same key inside a whole `properties` JSON column. */
function propertiesOf(m: MappedRow): Record<string, unknown> {
  const whole = m.values.get('properties');
  return { ...(whole as Record<string, unknown> | undefined), ...m.properties };
}

/**
 * A file with thousands of unmapped columns would otherwise give each contact
 * or account thousands of properties, far past what the API lets anyone set.
 */
function cappedPropertiesOf(m: MappedRow, errors: RowError[]): Record<string, unknown> {
  const properties = propertiesOf(m);
  const count = Object.keys(properties).length;
  if (count > maxCustomProperties)
    errors.push({
      row: m.row,
      column: null,
      value: null,
      reason: `has ${count.toLocaleString('en-US')} custom properties; at most ${maxCustomProperties} (map the columns you need and set "unmapped": "ignore" in a mapping file)`,
    });
  return properties;
}

/** A key cell that failed to convert, or a row that could not be read, already explains why the row has no key. */
function keyCellFailed(errors: readonly RowError[], keyColumns: readonly string[]): boolean {
  return errors.some((e) => e.column === null || keyColumns.includes(e.column));
}

function missingKey(m: MappedRow, keyColumns: readonly string[], what: string): RowError {
  return {
    row: m.row,
    column: keyColumns.length === 1 ? keyColumns[0]! : null,
    value: keyColumns.length === 1 ? '' : null,
    reason:
      keyColumns.length === 0
        ? `needs ${what} to be matched or created`
        : `needs a value in ${keyColumns.join(' or ')} (${what}) to be matched or created`,
  };
}

function domainField(m: MappedRow, field: string, errors: RowError[]): string | null {
  const raw = text(m, field);
  if (raw === null) return null;
  const domain = domainOf(raw);
  if (!domain) errors.push(fieldError(m, field, 'is not a web domain or URL'));
  return domain;
}

function range(m: MappedRow, field: string, max: number, errors: RowError[]): number | null {
  const value = num(m, field);
  if (value !== null && (value < 0 || value > max)) {
    errors.push(fieldError(m, field, `must be between 0 and ${max.toLocaleString('en-US')}`));
    return null;
  }
  return value;
}

function roundCents(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

/** `keyColumns`: the headers mapped to the kind's key fields, to name them when all are empty. */
export function toContactRecord(m: MappedRow, keyColumns: readonly string[]): Built<ContactRecord> {
  const errors = [...m.errors];
  const id = text(m, 'id');
  if (id !== null && !uuidPattern.test(id))
    errors.push(fieldError(m, 'id', 'is not a Tandem contact id (a UUID)'));
  const accountDomain = domainField(m, 'accountDomain', errors);
  let firstName = text(m, 'firstName');
  let lastName = text(m, 'lastName');
  const fullName = text(m, 'fullName');
  if (fullName && firstName === null && lastName === null) {
    const [first, ...rest] = fullName.split(/\s+/);
    firstName = first!.slice(0, 200);
    lastName = rest.length > 0 ? rest.join(' ').slice(0, 200) : null;
  }
  const record: ContactRecord = {
    row: m.row,
    id: id?.toLowerCase() ?? null,
    email: text(m, 'email'),
    externalId: text(m, 'externalId'),
    firstName,
    lastName,
    title: text(m, 'title'),
    phone: text(m, 'phone'),
    accountDomain,
    accountName: text(m, 'accountName'),
    owner: text(m, 'ownerEmail'),
    properties: cappedPropertiesOf(m, errors),
    mapped: m,
  };
  if (
    record.email === null &&
    record.externalId === null &&
    record.id === null &&
    !keyCellFailed(errors, keyColumns)
  )
    errors.push(missingKey(m, keyColumns, 'an email or an externalId'));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, record };
}

export function toAccountRecord(m: MappedRow, keyColumns: readonly string[]): Built<AccountRecord> {
  const errors = [...m.errors];
  const record: AccountRecord = {
    row: m.row,
    domain: domainField(m, 'domain', errors),
    groupId: text(m, 'groupId'),
    name: text(m, 'name'),
    industry: text(m, 'industry'),
    employees: range(m, 'employees', 10_000_000, errors),
    // Stored with two decimals: rounding here keeps a re-import from counting as a change.
    annualRevenue: roundCents(range(m, 'annualRevenue', 1e15, errors)),
    country: text(m, 'country'),
    owner: text(m, 'ownerEmail'),
    properties: cappedPropertiesOf(m, errors),
    mapped: m,
  };
  if (record.domain === null && record.groupId === null && !keyCellFailed(errors, keyColumns))
    errors.push(missingKey(m, keyColumns, 'a domain or a groupId'));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, record };
}

function stable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(stable);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * A row without a messageId gets one derived from its mapped values, so the
 * same row imported again is recognised as the same event (exactly once).
 */
export function derivedMessageId(m: MappedRow): string {
  const canonical = JSON.stringify(
    stable({ values: Object.fromEntries(m.values), properties: m.properties }),
  );
  return `csv-${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}

export function toEventRecord(m: MappedRow, keyColumns: readonly string[]): Built<EventRecord> {
  const errors = [...m.errors];
  const rawType = (text(m, 'type') ?? 'track').toLowerCase();
  const type = (eventTypes as readonly string[]).includes(rawType)
    ? (rawType as EventRecord['type'])
    : null;
  if (type === null) errors.push(fieldError(m, 'type', `must be one of ${eventTypes.join(', ')}`));
  const event = text(m, 'event');
  const groupId = text(m, 'groupId');
  if (type === 'track' && event === null)
    errors.push({
      row: m.row,
      column: m.plan.columns.find((c) => c.field === 'event')?.header ?? null,
      value: null,
      reason: 'a track row needs an event name',
    });
  if (type === 'group' && groupId === null)
    errors.push({ row: m.row, column: null, value: null, reason: 'a group row needs a groupId' });
  const source = text(m, 'source');
  const medium = text(m, 'medium');
  const campaign = text(m, 'campaign');
  const record: EventRecord = {
    row: m.row,
    messageId: text(m, 'messageId') ?? derivedMessageId(m),
    type: type ?? 'track',
    userId: text(m, 'userId'),
    anonymousId: text(m, 'anonymousId'),
    email: text(m, 'email'),
    event,
    groupId,
    timestamp: (m.values.get('timestamp') as Date | undefined) ?? null,
    touch: source || medium || campaign ? { source, medium, campaign } : null,
    properties: propertiesOf(m),
    mapped: m,
  };
  if (
    record.userId === null &&
    record.email === null &&
    record.anonymousId === null &&
    !keyCellFailed(errors, keyColumns)
  )
    errors.push(missingKey(m, keyColumns, 'a userId, an email or an anonymousId'));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, record };
}
