import type { Weighted } from './random.js';

/**
 * The vocabulary of the demo workspace. Kept apart from the generator so the
 * story can be reworded without touching the logic that keeps it consistent.
 */

/** Where the demo company's own website lives; a reserved name, so nothing real is ever linked. */
export const siteUrl = 'https://www.demo.tandem.test';

/**
 * Company domains end in the reserved `.example` TLD (RFC 2606): the demo
 * fills a product that can send mail, and no real company should ever get any.
 */
export const companyTld = 'example';

/** Splits a comma-separated vocabulary: long word lists stay a few lines long. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word.length > 0);
}

export type Region = 'emea' | 'americas';

/** Code, sales region, weight among the region's accounts, language, calling code. */
const countryTable: readonly (readonly [string, Region, number, string, string])[] = [
  ['GB', 'emea', 30, 'en', '44'],
  ['DE', 'emea', 24, 'de', '49'],
  ['FR', 'emea', 10, 'fr', '33'],
  ['NL', 'emea', 10, 'nl', '31'],
  ['SE', 'emea', 6, 'sv', '46'],
  ['IE', 'emea', 5, 'en', '353'],
  ['ES', 'emea', 5, 'es', '34'],
  ['CH', 'emea', 4, 'de', '41'],
  ['DK', 'emea', 3, 'da', '45'],
  ['PL', 'emea', 3, 'pl', '48'],
  ['US', 'americas', 76, 'en', '1'],
  ['CA', 'americas', 14, 'en', '1'],
  ['BR', 'americas', 5, 'pt', '55'],
  ['MX', 'americas', 5, 'es', '52'],
];

const countriesOf = (region: Region): Weighted<string> =>
  countryTable.filter((c) => c[1] === region).map(([code, , weight]) => [code, weight] as const);

export const countries: Record<Region, Weighted<string>> = {
  emea: countriesOf('emea'),
  americas: countriesOf('americas'),
};
export const languageOfCountry: Record<string, string> = Object.fromEntries(
  countryTable.map(([code, , , language]) => [code, language]),
);
export const callingCode: Record<string, string> = Object.fromEntries(
  countryTable.map(([code, , , , prefix]) => [code, prefix]),
);

export interface Industry {
  name: string;
  /** Revenue per employee, in thousands, as a range: makes revenue follow size. */
  revenuePerHead: readonly [number, number];
  suffixes: readonly string[];
}

/** Name, weight, revenue per employee in thousands (min, max), company name suffixes. */
const industryTable: readonly (readonly [string, number, number, number, string])[] = [
  ['SaaS', 24, 140, 260, 'Software, Cloud, Labs, HQ, Stack, Works'],
  ['Fintech', 12, 200, 420, 'Pay, Capital, Ledger, Finance, Money'],
  ['Healthcare', 11, 90, 200, 'Health, Care, Medical, Clinics, Bio'],
  ['Manufacturing', 12, 150, 320, 'Industries, Manufacturing, Components, Fabrication, Tools'],
  ['Retail', 10, 100, 260, 'Goods, Outfitters, Market, Supply, Stores'],
  ['Education', 8, 50, 120, 'Learning, Academy, Education, Tutors, Campus'],
  ['Logistics', 9, 140, 260, 'Logistics, Freight, Shipping, Transport, Cargo'],
  ['Media', 7, 110, 250, 'Media, Studios, Publishing, Broadcast, Press'],
  ['Professional Services', 7, 120, 230, 'Consulting, Partners, Advisory, Group'],
];

export const industries: Weighted<Industry> = industryTable.map(
  ([name, weight, lo, hi, suffixes]) =>
    [{ name, revenuePerHead: [lo, hi], suffixes: list(suffixes) }, weight] as const,
);

export const companyStems = list(`
  Acorn, Alder, Altitude, Amber, Anchor, Apex, Arbor, Arrow, Aster, Atlas, Aurora, Beacon, Birch,
  Blue Harbor, Bluebird, Brightline, Brook, Canyon, Cardinal, Cascade, Cedar, Cobalt, Compass,
  Copper, Coral, Crest, Delta, Drift, Ember, Evergreen, Fathom, Fern, Fieldstone, Foxglove,
  Glacier, Granite, Harbor, Hawthorn, Helix, Highland, Horizon, Indigo, Ironwood, Juniper,
  Keystone, Kestrel, Lakeside, Lantern, Larch, Lumen, Maple, Meridian, Mosaic, Northwind, Nimbus,
  Oakridge, Onyx, Orchard, Pinnacle, Polaris, Prairie, Quarry, Quill, Redwood, Ridgeway, River,
  Saffron, Sage, Sequoia, Silverline, Slate, Solstice, Sparrow, Spruce, Stonebridge, Summit,
  Tidal, Timber, Trellis, True North, Tundra, Umber, Vantage, Verdant, Vertex, Westbrook, Willow,
  Wren, Zenith, Zephyr`);

/** Mixed on purpose: a workspace spanning two continents meets names from everywhere. */
export const firstNames = list(`
  Aaliyah, Adebayo, Aiko, Alejandro, Amelia, Anders, Ananya, Astrid, Beatriz, Ben, Camille,
  Carlos, Chen, Chloé, Chidi, Daniel, Dmitri, Elif, Emma, Esther, Fatima, Felix, Fiona, Gabriel,
  Grace, Hamza, Hannah, Hiroshi, Ines, Isabela, Ivan, Jakub, James, Javier, Jonas, José, Julia,
  Kai, Kavya, Kofi, Lars, Laura, Leila, Lena, Liam, Lucía, Luca, Mai, Malik, Marta, Mateo, Maya,
  Mei, Mohammed, Nadia, Noah, Nora, Olga, Olivia, Omar, Pablo, Priya, Rahul, Rania, Rebecca, Ren,
  Rosa, Ryan, Saanvi, Samuel, Sara, Siobhán, Sofia, Søren, Tariq, Thomas, Tomás, Valentina, Wei,
  William, Yara, Yusuf, Zainab, Zoë`);

export const lastNames = list(`
  Abara, Ahmed, Andersen, Bauer, Becker, Bianchi, Brown, Carter, Castillo, Chen, Costa, Da Silva,
  Dubois, Dvořák, Eriksson, Fernández, Fischer, García, Gonzalez, Hansen, Hernández, Hoffmann,
  Ibrahim, Ito, Jansen, Johnson, Kaur, Kim, Kowalski, Kumar, Larsen, Laurent, Lee, Lindqvist,
  Lopez, MacDonald, Martin, Meyer, Moreau, Müller, Murphy, Nakamura, Nguyen, Novak, Nowak,
  O'Brien, Okafor, Okonkwo, Olsen, Patel, Pereira, Petrov, Popescu, Reddy, Richter, Rossi, Santos,
  Schmidt, Schneider, Shah, Silva, Singh, Smith, Sørensen, Suzuki, Tanaka, Taylor, Thompson,
  Van der Berg, Walker, Wang, Weber, Williams, Wilson, Yamamoto, Yilmaz, Zhang, Zimmermann`);

export interface JobTitle {
  title: string;
  seniority: 'executive' | 'director' | 'manager' | 'individual_contributor' | 'student';
  department: string;
}

/** Title, seniority, department, weight: practitioners outnumber executives. */
const titleTable: readonly (readonly [string, JobTitle['seniority'], string, number])[] = [
  ['CEO', 'executive', 'executive', 2],
  ['CTO', 'executive', 'engineering', 2],
  ['Chief Marketing Officer', 'executive', 'marketing', 2],
  ['Chief Revenue Officer', 'executive', 'sales', 2],
  ['VP Marketing', 'executive', 'marketing', 5],
  ['VP Sales', 'executive', 'sales', 4],
  ['Head of Demand Generation', 'director', 'marketing', 5],
  ['Head of Sales Ops', 'director', 'sales', 5],
  ['Director of Revenue Operations', 'director', 'operations', 5],
  ['Director of Growth', 'director', 'marketing', 3],
  ['Marketing Manager', 'manager', 'marketing', 10],
  ['Marketing Operations Manager', 'manager', 'marketing', 8],
  ['Sales Manager', 'manager', 'sales', 7],
  ['CRM Manager', 'manager', 'operations', 5],
  ['Product Manager', 'manager', 'product', 4],
  ['Engineering Manager', 'manager', 'engineering', 3],
  ['Content Marketing Specialist', 'individual_contributor', 'marketing', 5],
  ['Sales Development Representative', 'individual_contributor', 'sales', 6],
  ['Account Executive', 'individual_contributor', 'sales', 5],
  ['Marketing Analyst', 'individual_contributor', 'marketing', 5],
  ['Data Analyst', 'individual_contributor', 'operations', 4],
  ['Software Engineer', 'individual_contributor', 'engineering', 4],
  ['Office Manager', 'individual_contributor', 'operations', 2],
  ['Consultant', 'individual_contributor', 'operations', 2],
  ['Student', 'student', 'none', 1],
];

export const jobTitles: Weighted<JobTitle> = titleTable.map(
  ([title, seniority, department, weight]) => [{ title, seniority, department }, weight] as const,
);

/** First/last touch as UTM source, medium and campaign; null is what trackers store for "none". */
export interface Channel {
  source: string;
  medium: string;
  campaign: string | null;
}

export const channels: Weighted<Channel> = [
  [{ source: 'google', medium: 'organic', campaign: null }, 26],
  [{ source: 'google', medium: 'cpc', campaign: 'q3-demand-gen' }, 14],
  [{ source: 'newsletter', medium: 'email', campaign: 'monthly-newsletter' }, 12],
  [{ source: 'linkedin', medium: 'social', campaign: 'webinar-series' }, 12],
  [{ source: 'linkedin', medium: 'cpc', campaign: 'abm-enterprise' }, 5],
  [{ source: 'partner', medium: 'referral', campaign: 'partner-program' }, 8],
  [{ source: 'g2', medium: 'referral', campaign: null }, 5],
  [{ source: 'direct', medium: 'none', campaign: null }, 18],
];

export const productPages = [
  ['/product/lead-scoring', 'Lead scoring'],
  ['/product/routing', 'Lead routing'],
  ['/product/sla', 'Sales and marketing SLA'],
  ['/product/reports', 'Funnel reports'],
  ['/integrations', 'Integrations'],
  ['/customers', 'Customer stories'],
  ['/security', 'Security'],
] as const;

export const blogPosts = [
  ['/blog/mql-vs-sql', 'MQL vs SQL: where marketing stops and sales starts'],
  ['/blog/speed-to-lead', 'Why the first hour decides the deal'],
  ['/blog/lead-scoring-101', 'Lead scoring 101'],
  ['/blog/sla-template', 'A sales and marketing SLA template that gets signed'],
  ['/blog/recycling-leads', 'Recycling leads without annoying them'],
  ['/blog/reverse-funnel', 'Plan backwards: the reverse funnel'],
  ['/blog/smarketing-rituals', 'Five rituals of aligned revenue teams'],
  ['/blog/pql-playbook', 'The product-qualified lead playbook'],
] as const;

export const assets = [
  ['The 2026 Lead Scoring Playbook', 'ebook'],
  ['Sales and Marketing SLA Template', 'template'],
  ['State of Revenue Operations 2026', 'report'],
  ['From MQL to Revenue: a Field Guide', 'ebook'],
  ['Routing Leads in Under a Minute', 'whitepaper'],
  ['The Closed-Loop Feedback Whitepaper', 'whitepaper'],
] as const;

export const webinars = [
  'Building a lead definition both teams sign',
  'Speed to lead: live teardown',
  'Scoring models that sales trusts',
  'From PQL to pipeline',
] as const;

export const emailCampaigns: Weighted<readonly [string, string]> = [
  [['monthly-newsletter', 'The Revenue Desk — this month in sales and marketing'], 4],
  [['nurture-track', 'Are your MQLs getting followed up?'], 2],
  [['nurture-track', 'The one metric sales and marketing should share'], 2],
  [['product-update', 'New: SLA clocks in every rep inbox'], 1],
  [['webinar-invite', 'Live next week: scoring models that sales trusts'], 2],
];

export const socialNetworks: Weighted<string> = [
  ['linkedin', 7],
  ['x', 2],
  ['youtube', 1],
];

export const features = [
  'lead_scoring',
  'routing_rules',
  'sla_clocks',
  'funnel_report',
  'csv_import',
  'handoff_brief',
  'slack_alerts',
] as const;

export const chatTopics = [
  ['pricing', 'Hi, can someone walk me through pricing for a team of 20?'],
  ['integration', 'Do you integrate with our CRM? We would need a two-way sync.'],
  ['demo', 'We are evaluating tools this quarter, could we book a demo?'],
  ['security', 'Is there a SOC 2 report we could review before a trial?'],
] as const;

export type SalesTouch = 'sales_call' | 'sales_email' | 'sales_meeting';

/** Outcome → note texts; the first outcome listed is the usual one. */
export const salesNotes: Record<SalesTouch, Record<string, readonly string[]>> = {
  sales_call: {
    connected: [
      'Discovery call, pain is slow follow-up on inbound',
      'Walked through current funnel, agreed next steps',
      'Confirmed timeline for Q1 rollout',
    ],
    no_answer: ['No answer, will retry tomorrow'],
    left_voicemail: ['Left voicemail referencing the pricing page visit'],
  },
  sales_email: {
    sent: [
      'Sent intro and two relevant customer stories',
      'Followed up with the SLA template',
      'Shared a short recap and proposed times',
    ],
    replied: ['Replied asking for a proposal', 'Replied: loop in their RevOps lead'],
  },
  sales_meeting: {
    held: [
      'Demo held with marketing and sales leads',
      'Technical deep dive on routing rules',
      'Commercial review with the budget holder',
    ],
    no_show: ['No-show, rebooked for next week'],
    rescheduled: ['Moved at their request'],
  },
};

/**
 * Exits carry a reason code of the default definitions (core/definitions.ts):
 * the journeys pick sales' codes by kind and outcome there. Marketing cleaning
 * its own lists (before any handoff) uses only these few.
 */
export const marketingExitCodes = {
  recycled: ['not_ready'],
  disqualified: ['spam', 'student', 'competitor'],
} as const;

/** What a rep types beside a reason code, now and then: the code says why, the note adds colour. */
export const reasonNotes: Record<string, readonly string[]> = {
  not_ready: [
    'Revisit after their Q1 planning',
    'Still mapping their process',
    'Call back in spring',
  ],
  no_budget: ['Budget frozen until the new fiscal year', 'Spend is on hold company-wide'],
  renewed_elsewhere: ['Signed a two-year deal last month', 'Renewal is 14 months out'],
  no_response: ['Four calls and three emails, nothing back', 'Voicemails only'],
  competitor: ['Works for a vendor in our space'],
  wrong_size: ['Two-person agency', 'Too small for a sales team'],
  spam: ['Fake name and a throwaway mailbox', 'Form filled by a bot'],
  job_seeker: ['Asked about open roles'],
  lost_budget: ['Budget went to headcount instead'],
  lost_competitor: ['Went with the incumbent CRM add-on', 'Chose a cheaper point tool'],
  lost_postponed: ['Re-org first, tools later', 'Pushed to next year'],
  lost_price: ['Asked for half the list price', 'Procurement capped the spend'],
  lost_cancelled: ['Acquired; the parent runs its own stack'],
  lost_on_premises: ['IT requires self-hosting on their own hardware'],
};

/** Why the scoring model handed a contact over, worded as live qualification words it. */
export const qualificationNotes: Record<'mql' | 'pql' | 'cql', string> = {
  mql: 'Scoring model v1: MQL criteria met',
  pql: 'Scoring model v1: PQL criteria met',
  cql: 'Scoring model v1: CQL criteria met',
};

export const legalForm: Record<string, string> = {
  US: 'Inc.',
  CA: 'Inc.',
  GB: 'Ltd',
  IE: 'Ltd',
  DE: 'GmbH',
  CH: 'AG',
  FR: 'SAS',
  NL: 'B.V.',
  SE: 'AB',
  DK: 'ApS',
  ES: 'S.L.',
  PL: 'sp. z o.o.',
  BR: 'Ltda.',
  MX: 'S.A. de C.V.',
};

/** Many small companies, a few large ones: [min, max, weight]. */
export const sizeBands: readonly (readonly [number, number, number])[] = [
  [2, 10, 10],
  [11, 50, 30],
  [51, 200, 30],
  [201, 1000, 18],
  [1001, 5000, 9],
  [5001, 40000, 3],
];
