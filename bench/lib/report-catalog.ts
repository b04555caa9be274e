import { canonicalEventType } from '../../src/core/tracking/normalize.js';

/**
 * Who the reports benchmark's contacts are and where they came from: the
 * channels a B2B marketing team runs (each with a quality that tilts how far
 * its leads get, and a marketer it is credited to), campaigns renamed every
 * quarter or month as real ones are, the default definitions' personas with
 * titles their criteria match, the sales and marketing teams, and what
 * people do on the site.
 */
export interface Channel {
  source: string;
  medium: string;
  /** Share of first and last touches. */
  weight: number;
  /** 0..1: how likely its leads are handed over, accepted and won. */
  quality: number;
  /** Campaign names before their period suffix; '' for touches without a campaign. */
  campaigns: readonly string[];
  /** How often the campaign is renamed. */
  period: 'quarter' | 'month' | 'none';
  /** Index into the marketers, or -1 when no marketer is credited (organic, direct). */
  marketer: number;
}

export const channels: readonly Channel[] = [
  {
    source: 'google',
    medium: 'cpc',
    weight: 20,
    quality: 0.55,
    campaigns: ['brand-search', 'competitor-search', 'crm-handoff-search'],
    period: 'quarter',
    marketer: 0,
  },
  {
    source: 'linkedin',
    medium: 'paid-social',
    weight: 14,
    quality: 0.6,
    campaigns: ['revops-leaders', 'abm-enterprise', 'sales-leaders'],
    period: 'quarter',
    marketer: 1,
  },
  {
    source: 'newsletter',
    medium: 'email',
    weight: 9,
    quality: 0.45,
    campaigns: ['monthly-digest', 'product-update'],
    period: 'month',
    marketer: 2,
  },
  {
    source: 'webinar',
    medium: 'event',
    weight: 7,
    quality: 0.7,
    campaigns: ['webinar'],
    period: 'month',
    marketer: 3,
  },
  {
    source: 'g2',
    medium: 'referral',
    weight: 5,
    quality: 0.85,
    campaigns: [''],
    period: 'none',
    marketer: 4,
  },
  {
    source: 'partner',
    medium: 'referral',
    weight: 5,
    quality: 0.8,
    campaigns: ['partner-program', 'agency-referrals'],
    period: 'quarter',
    marketer: 4,
  },
  {
    source: 'organic',
    medium: 'organic',
    weight: 18,
    quality: 0.5,
    campaigns: [''],
    period: 'none',
    marketer: -1,
  },
  {
    source: 'direct',
    medium: '(none)',
    weight: 10,
    quality: 0.5,
    campaigns: [''],
    period: 'none',
    marketer: -1,
  },
  {
    source: 'facebook',
    medium: 'paid-social',
    weight: 6,
    quality: 0.2,
    campaigns: ['retargeting', 'lookalike'],
    period: 'quarter',
    marketer: 5,
  },
  {
    source: 'trade-show',
    medium: 'event',
    weight: 3,
    quality: 0.65,
    campaigns: ['saastr', 'dreamforce'],
    period: 'quarter',
    marketer: 3,
  },
  {
    source: 'content-syndication',
    medium: 'cpl',
    weight: 3,
    quality: 0.15,
    campaigns: ['ebook-syndication'],
    period: 'quarter',
    marketer: 5,
  },
];

export const marketerNames = [
  'Maya Search',
  'Leo Social',
  'Ines Lifecycle',
  'Omar Events',
  'Priya Partners',
  'Jonas Paid',
] as const;

/** Three sales teams of reps (with a manager each); one rep has no team. */
export const salesTeams = [
  { name: 'Inbound EMEA', reps: 12 },
  { name: 'Inbound Americas', reps: 14 },
  { name: 'Enterprise', reps: 8 },
] as const;

/** The default definitions' personas, weighted, with titles their regexes match; null: none matched. */
export const personaMix: readonly {
  key: string | null;
  weight: number;
  quality: number;
  titles: readonly string[];
}[] = [
  {
    key: 'revops-leader',
    weight: 18,
    quality: 0.2,
    titles: ['Revenue Operations Manager', 'Head of RevOps', 'Sales Ops Lead', 'CRM Manager'],
  },
  {
    key: 'demand-gen-marketer',
    weight: 15,
    quality: 0.1,
    titles: ['Demand Gen Manager', 'Growth Lead', 'VP Marketing', 'Marketing Operations Manager'],
  },
  {
    key: 'sales-leader',
    weight: 14,
    quality: 0.15,
    titles: ['VP Sales', 'Sales Manager', 'Head of Sales'],
  },
  {
    key: null,
    weight: 53,
    quality: -0.1,
    titles: ['Software Engineer', 'Office Manager', 'Student', 'Founder', 'Analyst', 'CFO'],
  },
];

export const firstNames = [
  'Ana',
  'Ben',
  'Chloe',
  'David',
  'Elena',
  'Farid',
  'Grace',
  'Hugo',
  'Isabel',
  'Jamal',
  'Kira',
  'Luca',
  'Mira',
  'Noah',
  'Olga',
  'Pedro',
] as const;
export const lastNames = [
  'Adams',
  'Becker',
  'Costa',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nowak',
] as const;

export interface SiteActivity {
  type: string;
  name: string;
  /** The properties column, as stored JSON. */
  properties: string;
  weight: number;
}

const site = 'https://tandem.example';
const page = (path: string, title: string, weight: number): SiteActivity => ({
  type: 'page_viewed',
  name: title,
  properties: JSON.stringify({ path, url: `${site}${path}`, title }),
  weight,
});
const track = (event: string, properties: Record<string, string>, weight: number) => ({
  type: canonicalEventType(event),
  name: event,
  properties: JSON.stringify(properties),
  weight,
});

export const siteActivities: readonly SiteActivity[] = [
  page('/', 'Tandem — the lead desk', 14),
  page('/pricing', 'Pricing', 8),
  page('/product/routing', 'Routing', 6),
  page('/product/scoring', 'Lead scoring', 6),
  page('/customers', 'Customers', 3),
  page('/blog/lead-scoring-basics', 'Lead scoring basics', 9),
  page('/blog/marketing-sales-handoff', 'The marketing–sales handoff', 8),
  page('/docs/getting-started', 'Getting started', 4),
  track('Email Opened', { campaign: 'monthly-digest' }, 12),
  track('Email Clicked', { campaign: 'monthly-digest' }, 5),
  track('Form Submitted', { form: 'demo-request' }, 2),
  track('Form Submitted', { form: 'ebook-download' }, 3),
  track('Webinar Attended', { webinar: 'handoff-sla' }, 2),
  track('Trial Started', { plan: 'team' }, 1),
];
