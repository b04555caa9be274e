import { headerKey, type ImportKind, type ValueType } from './fields.js';

/**
 * Header mappings of the contact exports teams bring: HubSpot's and
 * Salesforce's (column labels as their exports write them, plus Salesforce's
 * API names that Data Loader writes), and Tandem's own `tandem export
 * contacts`, so an export imports back unchanged.
 *
 * CRM record ids are kept as properties, not as externalId: they live in
 * another id space than the user ids a product sends with tracking calls, and
 * a HubSpot contact 51 must not become the app's user 51.
 */
export const presetNames = ['hubspot', 'salesforce', 'tandem'] as const;
export type PresetName = (typeof presetNames)[number];

export type PresetTarget = string | null | { field: string; type: ValueType };

export interface Preset {
  name: PresetName;
  label: string;
  kind: ImportKind;
  columns: Record<string, PresetTarget>;
  /** Headers only this preset's exports have (after case and spacing are ignored): detection needs one. */
  signature: string[];
}

const hubspot: Preset = {
  name: 'hubspot',
  label: 'HubSpot contacts export',
  kind: 'contacts',
  columns: {
    'Record ID': 'properties.hubspot_record_id',
    'Contact ID': 'properties.hubspot_record_id',
    Email: 'email',
    'First Name': 'firstName',
    'Last Name': 'lastName',
    'Job Title': 'title',
    'Phone Number': 'phone',
    'Mobile Phone Number': 'properties.mobile_phone',
    'Company Name': 'accountName',
    'Associated Company': 'accountName',
    'Website URL': 'accountDomain',
    'Company Domain Name': 'accountDomain',
    'Contact owner': 'ownerEmail',
    'HubSpot Owner': 'ownerEmail',
    'Lifecycle Stage': 'properties.hubspot_lifecycle_stage',
    'Lead Status': 'properties.hubspot_lead_status',
    'Original Source': 'properties.original_source',
    'Original Source Drill-Down 1': 'properties.original_source_drill_down_1',
    'Original Source Drill-Down 2': 'properties.original_source_drill_down_2',
    'HubSpot Score': { field: 'properties.hubspot_score', type: 'number' },
    'Create Date': 'properties.hubspot_create_date',
    'Last Activity Date': 'properties.hubspot_last_activity_date',
  },
  signature: [
    'Record ID',
    'Job Title',
    'Phone Number',
    'Company Name',
    'Website URL',
    'Company Domain Name',
    'Lifecycle Stage',
    'Original Source',
    'Associated Company',
    'HubSpot Owner',
    'HubSpot Score',
  ],
};

const salesforce: Preset = {
  name: 'salesforce',
  label: 'Salesforce lead or contact export',
  kind: 'contacts',
  columns: {
    'Lead ID': 'properties.salesforce_lead_id',
    'Contact ID': 'properties.salesforce_contact_id',
    Id: 'properties.salesforce_id',
    'First Name': 'firstName',
    FirstName: 'firstName',
    'Last Name': 'lastName',
    LastName: 'lastName',
    'Full Name': 'fullName',
    Name: 'fullName',
    Email: 'email',
    Title: 'title',
    Phone: 'phone',
    Mobile: 'properties.mobile_phone',
    'Mobile Phone': 'properties.mobile_phone',
    MobilePhone: 'properties.mobile_phone',
    'Company / Account': 'accountName',
    Company: 'accountName',
    'Account Name': 'accountName',
    Website: 'accountDomain',
    'Lead Owner': 'ownerEmail',
    'Contact Owner': 'ownerEmail',
    'Lead Source': 'properties.lead_source',
    LeadSource: 'properties.lead_source',
    'Lead Status': 'properties.salesforce_lead_status',
    Status: 'properties.salesforce_lead_status',
    Rating: 'properties.salesforce_rating',
    'Create Date': 'properties.salesforce_create_date',
    'Created Date': 'properties.salesforce_create_date',
  },
  signature: [
    'Lead ID',
    'Lead Owner',
    'Company / Account',
    'Company',
    'Account Name',
    'Lead Source',
    'Full Name',
    'Mobile',
    'Rating',
    'Salutation',
  ],
};

/** The columns of `tandem export contacts` (store/exports.ts); computed ones are not imported. */
const tandem: Preset = {
  name: 'tandem',
  label: 'Tandem contacts export',
  kind: 'contacts',
  columns: {
    id: 'id',
    email: 'email',
    first_name: 'firstName',
    last_name: 'lastName',
    title: 'title',
    phone: 'phone',
    account_name: 'accountName',
    account_domain: 'accountDomain',
    owner_email: 'ownerEmail',
    properties: 'properties',
    // Stages move by the written definitions, scores and touches are computed: not imported.
    lifecycle_stage: null,
    fit_score: null,
    engagement_score: null,
    total_score: null,
    band: null,
    first_touch_source: null,
    first_touch_medium: null,
    first_touch_campaign: null,
    last_touch_source: null,
    last_touch_medium: null,
    last_touch_campaign: null,
    created_at: null,
    updated_at: null,
  },
  signature: ['id', 'owner_email', 'account_domain', 'lifecycle_stage', 'properties', 'created_at'],
};

export const presets: Record<PresetName, Preset> = { hubspot, salesforce, tandem };

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (presetNames as readonly string[]).includes(value);
}

/**
 * The preset whose columns the header matches best, among those matching at
 * least two columns including one of their signature headers; null when none
 * does (the columns are then matched to field names directly).
 */
export function detectPreset(header: readonly string[], kind: ImportKind): PresetName | null {
  const keys = new Set(header.map(headerKey));
  let best: PresetName | null = null;
  let bestScore = 0;
  for (const preset of Object.values(presets)) {
    if (preset.kind !== kind) continue;
    const known = new Set(Object.keys(preset.columns).map(headerKey));
    const score = [...keys].filter((k) => known.has(k)).length;
    const signed = preset.signature.some((c) => keys.has(headerKey(c)));
    if (signed && score >= 2 && score > bestScore) {
      best = preset.name;
      bestScore = score;
    }
  }
  return best;
}
