/**
 * What a CSV column can fill, per kind of import. Field names are the API's
 * (camelCase, DESIGN.md §3); `properties.<key>` fills one custom property and
 * `properties` a whole JSON object of them (as `tandem export` writes it).
 */
export const importKinds = ['contacts', 'accounts', 'events'] as const;
export type ImportKind = (typeof importKinds)[number];

export const valueTypes = ['string', 'number', 'integer', 'boolean', 'date', 'email'] as const;
export type ValueType = (typeof valueTypes)[number];

/** `object` is the whole-properties column: JSON text holding an object. */
export type CellType = ValueType | 'object';

export interface FieldSpec {
  type: CellType;
  /** Longest text accepted (characters). */
  max?: number;
  description: string;
}

const properties: FieldSpec = {
  type: 'object',
  description: 'a JSON object of custom properties, merged into the stored ones',
};

export const importFields: Record<ImportKind, Record<string, FieldSpec>> = {
  contacts: {
    email: { type: 'email', max: 320, description: 'matches an existing contact (any case)' },
    externalId: {
      type: 'string',
      max: 255,
      description: 'your user id; stored as the user_id identity tracking calls use',
    },
    id: { type: 'string', description: 'a Tandem contact id, as tandem export writes it' },
    firstName: { type: 'string', max: 200, description: 'first name' },
    lastName: { type: 'string', max: 200, description: 'last name' },
    fullName: {
      type: 'string',
      max: 400,
      description: 'split at the first space when first and last name are not given',
    },
    title: { type: 'string', max: 200, description: 'job title' },
    phone: { type: 'string', max: 50, description: 'phone number' },
    accountDomain: {
      type: 'string',
      max: 2000,
      description: 'web domain or URL of the company; finds or creates the account',
    },
    accountName: {
      type: 'string',
      max: 300,
      description: 'company name; finds or creates the account when no domain is given',
    },
    ownerEmail: {
      type: 'string',
      max: 320,
      description: 'email (or exact name) of the member who owns the contact',
    },
    properties,
  },
  accounts: {
    domain: { type: 'string', max: 2000, description: 'web domain or URL; the account key' },
    groupId: { type: 'string', max: 255, description: 'the group id tracking group calls use' },
    name: { type: 'string', max: 300, description: 'company name' },
    industry: { type: 'string', max: 200, description: 'industry' },
    employees: { type: 'integer', description: 'number of employees' },
    annualRevenue: { type: 'number', description: 'annual revenue' },
    country: { type: 'string', max: 100, description: 'country' },
    ownerEmail: {
      type: 'string',
      max: 320,
      description: 'email (or exact name) of the member who owns the account',
    },
    properties,
  },
  events: {
    messageId: {
      type: 'string',
      max: 255,
      description: 'the event id; without it one is derived from the row',
    },
    userId: { type: 'string', max: 255, description: 'your user id (externalId of a contact)' },
    anonymousId: { type: 'string', max: 255, description: 'anonymous visitor id' },
    email: { type: 'email', max: 320, description: "the contact's email" },
    type: {
      type: 'string',
      max: 20,
      description: 'track (default), page, screen, identify or group',
    },
    event: { type: 'string', max: 200, description: 'event name (track) or page/screen name' },
    groupId: { type: 'string', max: 255, description: 'the account of a group row' },
    timestamp: { type: 'date', description: 'when it happened; default: the time of the import' },
    source: { type: 'string', max: 500, description: 'campaign source (utm_source)' },
    medium: { type: 'string', max: 500, description: 'campaign medium (utm_medium)' },
    campaign: { type: 'string', max: 500, description: 'campaign name (utm_campaign)' },
    properties,
  },
};

/** The fields a row must have one of, so it can be matched or created. */
export const keyFields: Record<ImportKind, string[]> = {
  contacts: ['email', 'externalId', 'id'],
  accounts: ['domain', 'groupId'],
  events: ['userId', 'email', 'anonymousId'],
};

export const propertyPrefix = 'properties.';
export const maxPropertyKey = 100;

/** The spec of a field name, or null when the kind has no such field. */
export function fieldSpec(kind: ImportKind, field: string): FieldSpec | null {
  if (field.startsWith(propertyPrefix)) {
    const key = field.slice(propertyPrefix.length);
    return key.trim() !== '' && key.length <= maxPropertyKey
      ? { type: 'string', max: 10_000, description: 'one custom property' }
      : null;
  }
  return Object.hasOwn(importFields[kind], field) ? importFields[kind][field]! : null;
}

/** "Total Time Spent on Website" → "total_time_spent_on_website", "TotalVisits" → "total_visits". */
export function propertyKeyOf(header: string): string {
  return header
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxPropertyKey);
}

/** Header comparison ignores case, spaces, underscores and hyphens: "First Name" = "first_name" = "firstName". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[\s_-]+/g, '');
}
