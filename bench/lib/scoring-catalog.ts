import { canonicalEventType } from '../../src/core/tracking/normalize.js';

/**
 * What the scoring benchmark's people do and who they are: the activities the
 * default scoring model (src/core/scoring/default-model.ts) reacts to — pricing
 * and product pages, blog posts, the careers page, demo requests and other
 * forms, email, downloads, webinars, trials, product use, chat, unsubscribes —
 * and some it ignores (the home page, docs, delivered emails, videos). Each
 * person has an intent between 0 and 1 that moves their mix from reading
 * towards buying signals, and also decides how far they get through the
 * funnel, so a backtest has something to find.
 */
export interface Activity {
  /** The stored event type, as the tracking API names it. */
  type: string;
  /** Segment's `event` for a track call; null for a page call. */
  track: string | null;
  /** The stored event name: the track event, or the page title. */
  name: string;
  properties: Record<string, string>;
  /** Relative frequency for a person with intent 0 and with intent 1. */
  cold: number;
  hot: number;
}

const site = 'https://tandem.example';

function page(path: string, title: string, cold: number, hot: number): Activity {
  return {
    type: 'page_viewed',
    track: null,
    name: title,
    properties: { path, url: `${site}${path}`, title, referrer: 'https://www.google.com/' },
    cold,
    hot,
  };
}

function track(
  event: string,
  properties: Record<string, string>,
  cold: number,
  hot: number,
): Activity {
  return { type: canonicalEventType(event), track: event, name: event, properties, cold, hot };
}

export const activities: readonly Activity[] = [
  page('/', 'Tandem — the lead desk', 10, 4),
  page('/pricing', 'Pricing', 2, 8),
  page('/product/routing', 'Routing', 3, 5),
  page('/product/scoring', 'Lead scoring', 3, 5),
  page('/integrations/salesforce', 'Salesforce integration', 1, 3),
  page('/customers', 'Customers', 1, 2),
  page('/security', 'Security', 0.5, 2),
  page('/blog/lead-scoring-basics', 'Lead scoring basics', 6, 3),
  page('/blog/marketing-sales-handoff', 'The marketing–sales handoff', 6, 3),
  page('/blog/sla-templates', 'SLA templates', 4, 2),
  page('/careers', 'Careers', 1.5, 0.2),
  page('/docs/getting-started', 'Getting started', 2, 3),
  page('/about', 'About us', 2, 1),
  track('Form Submitted', { form: 'demo-request' }, 0.2, 3),
  track('Form Submitted', { form: 'contact-us' }, 0.3, 1.5),
  track('Form Submitted', { form: 'newsletter' }, 2, 1),
  track('Form Submitted', { form: 'event-signup' }, 0.5, 0.5),
  track('Email Opened', { campaign: 'november-digest' }, 8, 6),
  track('Email Clicked', { campaign: 'november-digest' }, 3, 4),
  track('Email Delivered', { campaign: 'november-digest' }, 6, 4),
  track('Asset Downloaded', { asset: 'state-of-revops-2026.pdf' }, 1.5, 2.5),
  track('Webinar Registered', { webinar: 'scoring-101' }, 0.5, 1.5),
  track('Social Engaged', { network: 'linkedin' }, 1.5, 1),
  track('Signed Up', { plan: 'trial' }, 0.2, 1.5),
  track('Feature Used', { feature: 'routing' }, 0.5, 4),
  track('Chat Started', { channel: 'website' }, 0.2, 1),
  track('Email Unsubscribed', { list: 'marketing' }, 0.6, 0.1),
  track('Video Played', { video: 'product-tour' }, 1, 1),
  track('Search Performed', { query: 'pricing' }, 1, 1),
];

/** Intent is bucketed so picking an activity is one table lookup, not a weighted sum per event. */
export const intentLevels = 16;

/** Per intent level, cumulative probabilities over `activities`. */
const cumulative: Float64Array[] = Array.from({ length: intentLevels }, (_, level) => {
  const x = level / (intentLevels - 1);
  const weights = activities.map((a) => a.cold * (1 - x) + a.hot * x);
  const total = weights.reduce((s, w) => s + w, 0);
  const table = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w / total;
    table[i] = sum;
  });
  return table;
});

/** The activity index for a uniform draw `u` at an intent level. */
export function pickActivity(level: number, u: number): number {
  const table = cumulative[level]!;
  for (let i = 0; i < table.length; i++) if (u < table[i]!) return i;
  return table.length - 1;
}

export const firstNames = [
  'Ada',
  'Ben',
  'Chloé',
  'Dmitri',
  'Eva',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Luis',
  'Maya',
  'Nils',
  'Olu',
  'Priya',
];

export const lastNames = [
  'Okafor',
  'Lindqvist',
  'Garcia',
  'Nakamura',
  'Schmidt',
  'Dubois',
  'Kowalski',
  'Rossi',
  'Haddad',
  'Smith',
  'Novak',
  'Silva',
];

/** Titles with the seniority and department the profile records beside them (null: not recorded). */
export const roles: readonly { title: string; seniority: string; department: string }[] = [
  { title: 'Chief Marketing Officer', seniority: 'executive', department: 'marketing' },
  { title: 'VP Sales', seniority: 'executive', department: 'sales' },
  { title: 'Head of Revenue Operations', seniority: 'director', department: 'operations' },
  { title: 'Director of Demand Generation', seniority: 'director', department: 'marketing' },
  { title: 'Marketing Manager', seniority: 'manager', department: 'marketing' },
  { title: 'Sales Manager', seniority: 'manager', department: 'sales' },
  { title: 'Account Executive', seniority: 'individual', department: 'sales' },
  { title: 'Marketing Specialist', seniority: 'individual', department: 'marketing' },
  { title: 'Operations Analyst', seniority: 'individual', department: 'operations' },
  { title: 'Software Engineer', seniority: 'individual', department: 'engineering' },
  { title: 'Finance Manager', seniority: 'manager', department: 'finance' },
  { title: 'Founder', seniority: 'executive', department: 'management' },
  { title: 'Student', seniority: 'student', department: 'education' },
];

export const industries = [
  'SaaS',
  'Fintech',
  'Professional Services',
  'Manufacturing',
  'Retail',
  'Healthcare',
  'Education',
  'Media',
];

export const countries = ['US', 'GB', 'DE', 'FR', 'CA', 'NL', 'IN', 'BR', 'AU', 'SE', 'ES', 'JP'];

/** Email domains of people who sign up without a work address, and of competitors. */
export const personalDomains = ['gmail.com', 'yahoo.com', 'outlook.com', 'gmx.de'];
export const competitorDomains = ['hubspot.com', 'salesforce.com'];
