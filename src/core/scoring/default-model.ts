import type { EngagementRule, ScoringModel } from './model.js';

/**
 * The model a new workspace starts from: a B2B SaaS company selling to
 * marketing, sales and revenue-operations teams at companies of 50–5,000 people.
 * Fit tops out around 60 and rewards who decides (seniority, the teams that buy
 * this kind of tool) and where they work; engagement rewards buying signals
 * (pricing, demo requests, product use) far above reading, and caps the cheap,
 * repeatable signals per week so a blog binge cannot make an MQL.
 * A 30-day half-life: last month's visit counts half as much as today's.
 *
 * Thresholds were set against the demo workspace: a total of 90 (MQL, hot) is
 * reached by about 3% of plain leads and by about 85% of contacts at the moment
 * they became MQL; PQL and CQL criteria hold at nearly every PQL and CQL moment.
 */

const pageRule = (
  id: string,
  label: string,
  points: number,
  pattern: string,
  cap?: EngagementRule['cap'],
): EngagementRule => ({
  id,
  label,
  points,
  eventType: 'page_viewed',
  filters: [{ op: 'regex', field: 'properties.path', pattern }],
  ...(cap ? { cap } : {}),
});

export const defaultScoringModel: ScoringModel = {
  halfLifeDays: 30,
  fit: [
    {
      id: 'seniority-decision-maker',
      label: 'Executive or director',
      points: 15,
      predicate: {
        op: 'any',
        predicates: [
          { op: 'in', field: 'properties.seniority', values: ['executive', 'director'] },
          {
            op: 'regex',
            field: 'title',
            pattern: '\\b(chief|vp|vice president|head of|director)\\b',
          },
        ],
      },
    },
    {
      id: 'seniority-manager',
      label: 'Manager',
      points: 8,
      predicate: { op: 'equals', field: 'properties.seniority', value: 'manager' },
    },
    {
      id: 'buying-department',
      label: 'Works in marketing, sales or revenue operations',
      points: 10,
      predicate: {
        op: 'in',
        field: 'properties.department',
        values: ['marketing', 'sales', 'operations'],
      },
    },
    {
      id: 'company-size-core',
      label: 'Company of 50–5,000 employees',
      points: 15,
      predicate: { op: 'range', field: 'account.employees', min: 50, max: 5000 },
    },
    {
      id: 'company-size-enterprise',
      label: 'Company above 5,000 employees',
      points: 8,
      predicate: { op: 'range', field: 'account.employees', min: 5001 },
    },
    {
      id: 'industry-core',
      label: 'SaaS, fintech or professional services',
      points: 10,
      predicate: {
        op: 'in',
        field: 'account.industry',
        values: ['SaaS', 'Fintech', 'Professional Services'],
      },
    },
    {
      id: 'country-served',
      label: 'In a country we sell and support in',
      points: 5,
      predicate: {
        op: 'in',
        field: 'account.country',
        values: ['US', 'CA', 'GB', 'IE', 'DE', 'NL', 'FR', 'SE', 'DK', 'CH'],
      },
    },
    {
      id: 'persona-match',
      label: 'Matches a target persona',
      points: 5,
      predicate: { op: 'persona', personas: ['revops-leader', 'demand-gen-marketer'] },
    },
  ],
  engagement: [
    pageRule('pricing-page', 'Viewed the pricing page', 10, '^/pricing\\b', {
      points: 30,
      days: 7,
    }),
    pageRule(
      'product-page',
      'Viewed a product or integrations page',
      4,
      '^/(product|integrations|security|customers)\\b',
      { points: 16, days: 7 },
    ),
    pageRule('blog-post', 'Read a blog post', 1, '^/blog/', { points: 5, days: 7 }),
    {
      id: 'demo-request',
      label: 'Requested a demo',
      points: 30,
      eventType: 'form_submitted',
      filters: [{ op: 'equals', field: 'properties.form', value: 'demo-request' }],
    },
    {
      id: 'contact-form',
      label: 'Submitted the contact form',
      points: 15,
      eventType: 'form_submitted',
      filters: [{ op: 'equals', field: 'properties.form', value: 'contact-us' }],
    },
    {
      id: 'newsletter-signup',
      label: 'Signed up for the newsletter',
      points: 3,
      eventType: 'form_submitted',
      filters: [{ op: 'equals', field: 'properties.form', value: 'newsletter' }],
    },
    {
      id: 'asset-download',
      label: 'Downloaded an ebook, report or template',
      points: 8,
      eventType: 'asset_downloaded',
      cap: { points: 24, days: 7 },
    },
    {
      id: 'webinar-registration',
      label: 'Registered for a webinar',
      points: 10,
      eventType: 'webinar_registered',
      cap: { points: 20, days: 7 },
    },
    {
      id: 'email-open',
      label: 'Opened a marketing email',
      points: 1,
      eventType: 'email_opened',
      cap: { points: 3, days: 7 },
    },
    {
      id: 'email-click',
      label: 'Clicked a marketing email',
      points: 3,
      eventType: 'email_clicked',
      cap: { points: 9, days: 7 },
    },
    {
      id: 'social-engagement',
      label: 'Engaged with a social post',
      points: 2,
      eventType: 'social_engaged',
      cap: { points: 6, days: 7 },
    },
    {
      id: 'trial-signup',
      label: 'Signed up for a free trial',
      points: 25,
      eventType: 'signed_up',
    },
    {
      id: 'feature-use',
      label: 'Used a product feature',
      points: 3,
      eventType: 'feature_used',
      cap: { points: 21, days: 7 },
    },
    {
      id: 'chat',
      label: 'Started a chat',
      points: 15,
      eventType: 'chat_started',
    },
  ],
  negative: [
    {
      on: 'fit',
      id: 'competitor',
      label: 'Works at a competitor',
      points: -100,
      predicate: {
        op: 'in',
        field: 'emailDomain',
        values: ['hubspot.com', 'salesforce.com', 'marketo.com', 'pardot.com', 'leandata.com'],
      },
    },
    {
      on: 'fit',
      id: 'personal-email',
      label: 'Personal email address',
      points: -10,
      predicate: {
        op: 'in',
        field: 'emailDomain',
        values: ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'gmx.de'],
      },
    },
    {
      on: 'fit',
      id: 'student',
      label: 'Student',
      points: -30,
      predicate: {
        op: 'any',
        predicates: [
          { op: 'equals', field: 'properties.seniority', value: 'student' },
          { op: 'regex', field: 'title', pattern: '\\bstudent\\b' },
        ],
      },
    },
    {
      ...pageRule('careers-page', 'Viewed the careers page (job seeker)', -10, '^/careers\\b', {
        points: 20,
        days: 30,
      }),
      on: 'engagement',
    },
    {
      on: 'engagement',
      id: 'unsubscribed',
      label: 'Unsubscribed from marketing email',
      points: -25,
      eventType: 'email_unsubscribed',
    },
  ],
  bands: { warm: 55, hot: 90 },
  qualification: {
    mql: { minTotal: 90, minFit: 25 },
    pql: {
      minFit: 15,
      conditions: [
        { eventTypes: ['signed_up'], minOccurrences: 1, withinDays: 30 },
        { eventTypes: ['feature_used'], minOccurrences: 3, withinDays: 14 },
      ],
    },
    cql: {
      conditions: [{ eventTypes: ['chat_started'], minOccurrences: 1, withinDays: 7 }],
    },
  },
};
