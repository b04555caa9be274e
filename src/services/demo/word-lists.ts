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

export type Region = 'emea' | 'americas';

export const countries: Record<Region, Weighted<string>> = {
  emea: [
    ['GB', 30],
    ['DE', 24],
    ['FR', 10],
    ['NL', 10],
    ['SE', 6],
    ['IE', 5],
    ['ES', 5],
    ['DK', 3],
    ['CH', 4],
    ['PL', 3],
  ],
  americas: [
    ['US', 76],
    ['CA', 14],
    ['BR', 5],
    ['MX', 5],
  ],
};

export const languageOfCountry: Record<string, string> = {
  GB: 'en',
  IE: 'en',
  US: 'en',
  CA: 'en',
  DE: 'de',
  CH: 'de',
  FR: 'fr',
  NL: 'nl',
  SE: 'sv',
  DK: 'da',
  ES: 'es',
  MX: 'es',
  PL: 'pl',
  BR: 'pt',
};

export const callingCode: Record<string, string> = {
  GB: '44',
  IE: '353',
  US: '1',
  CA: '1',
  DE: '49',
  CH: '41',
  FR: '33',
  NL: '31',
  SE: '46',
  DK: '45',
  ES: '34',
  MX: '52',
  PL: '48',
  BR: '55',
};

export interface Industry {
  name: string;
  /** Revenue per employee, in thousands, as a range: makes revenue follow size. */
  revenuePerHead: readonly [number, number];
  suffixes: readonly string[];
}

export const industries: Weighted<Industry> = [
  [
    {
      name: 'SaaS',
      revenuePerHead: [140, 260],
      suffixes: ['Software', 'Cloud', 'Labs', 'HQ', 'Stack', 'Works'],
    },
    24,
  ],
  [
    {
      name: 'Fintech',
      revenuePerHead: [200, 420],
      suffixes: ['Pay', 'Capital', 'Ledger', 'Finance', 'Money'],
    },
    12,
  ],
  [
    {
      name: 'Healthcare',
      revenuePerHead: [90, 200],
      suffixes: ['Health', 'Care', 'Medical', 'Clinics', 'Bio'],
    },
    11,
  ],
  [
    {
      name: 'Manufacturing',
      revenuePerHead: [150, 320],
      suffixes: ['Industries', 'Manufacturing', 'Components', 'Fabrication', 'Tools'],
    },
    12,
  ],
  [
    {
      name: 'Retail',
      revenuePerHead: [100, 260],
      suffixes: ['Goods', 'Outfitters', 'Market', 'Supply', 'Stores'],
    },
    10,
  ],
  [
    {
      name: 'Education',
      revenuePerHead: [50, 120],
      suffixes: ['Learning', 'Academy', 'Education', 'Tutors', 'Campus'],
    },
    8,
  ],
  [
    {
      name: 'Logistics',
      revenuePerHead: [140, 260],
      suffixes: ['Logistics', 'Freight', 'Shipping', 'Transport', 'Cargo'],
    },
    9,
  ],
  [
    {
      name: 'Media',
      revenuePerHead: [110, 250],
      suffixes: ['Media', 'Studios', 'Publishing', 'Broadcast', 'Press'],
    },
    7,
  ],
  [
    {
      name: 'Professional Services',
      revenuePerHead: [120, 230],
      suffixes: ['Consulting', 'Partners', 'Advisory', 'Group'],
    },
    7,
  ],
];

export const companyStems = [
  'Acorn',
  'Alder',
  'Altitude',
  'Amber',
  'Anchor',
  'Apex',
  'Arbor',
  'Arrow',
  'Aster',
  'Atlas',
  'Aurora',
  'Beacon',
  'Birch',
  'Blue Harbor',
  'Bluebird',
  'Brightline',
  'Brook',
  'Canyon',
  'Cardinal',
  'Cascade',
  'Cedar',
  'Cobalt',
  'Compass',
  'Copper',
  'Coral',
  'Crest',
  'Delta',
  'Drift',
  'Ember',
  'Evergreen',
  'Fathom',
  'Fern',
  'Fieldstone',
  'Foxglove',
  'Glacier',
  'Granite',
  'Harbor',
  'Hawthorn',
  'Helix',
  'Highland',
  'Horizon',
  'Indigo',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Kestrel',
  'Lakeside',
  'Lantern',
  'Larch',
  'Lumen',
  'Maple',
  'Meridian',
  'Mosaic',
  'Northwind',
  'Nimbus',
  'Oakridge',
  'Onyx',
  'Orchard',
  'Pinnacle',
  'Polaris',
  'Prairie',
  'Quarry',
  'Quill',
  'Redwood',
  'Ridgeway',
  'River',
  'Saffron',
  'Sage',
  'Sequoia',
  'Silverline',
  'Slate',
  'Solstice',
  'Sparrow',
  'Spruce',
  'Stonebridge',
  'Summit',
  'Tidal',
  'Timber',
  'Trellis',
  'True North',
  'Tundra',
  'Umber',
  'Vantage',
  'Verdant',
  'Vertex',
  'Westbrook',
  'Willow',
  'Wren',
  'Zenith',
  'Zephyr',
] as const;

/** Mixed on purpose: a workspace spanning two continents meets names from everywhere. */
export const firstNames = [
  'Aaliyah',
  'Adebayo',
  'Aiko',
  'Alejandro',
  'Amelia',
  'Anders',
  'Ananya',
  'Astrid',
  'Beatriz',
  'Ben',
  'Camille',
  'Carlos',
  'Chen',
  'Chloé',
  'Chidi',
  'Daniel',
  'Dmitri',
  'Elif',
  'Emma',
  'Esther',
  'Fatima',
  'Felix',
  'Fiona',
  'Gabriel',
  'Grace',
  'Hamza',
  'Hannah',
  'Hiroshi',
  'Ines',
  'Isabela',
  'Ivan',
  'Jakub',
  'James',
  'Javier',
  'Jonas',
  'José',
  'Julia',
  'Kai',
  'Kavya',
  'Kofi',
  'Lars',
  'Laura',
  'Leila',
  'Lena',
  'Liam',
  'Lucía',
  'Luca',
  'Mai',
  'Malik',
  'Marta',
  'Mateo',
  'Maya',
  'Mei',
  'Mohammed',
  'Nadia',
  'Noah',
  'Nora',
  'Olga',
  'Olivia',
  'Omar',
  'Pablo',
  'Priya',
  'Rahul',
  'Rania',
  'Rebecca',
  'Ren',
  'Rosa',
  'Ryan',
  'Saanvi',
  'Samuel',
  'Sara',
  'Siobhán',
  'Sofia',
  'Søren',
  'Tariq',
  'Thomas',
  'Tomás',
  'Valentina',
  'Wei',
  'William',
  'Yara',
  'Yusuf',
  'Zainab',
  'Zoë',
] as const;

export const lastNames = [
  'Abara',
  'Ahmed',
  'Andersen',
  'Bauer',
  'Becker',
  'Bianchi',
  'Brown',
  'Carter',
  'Castillo',
  'Chen',
  'Costa',
  'Da Silva',
  'Dubois',
  'Dvořák',
  'Eriksson',
  'Fernández',
  'Fischer',
  'García',
  'Gonzalez',
  'Hansen',
  'Hernández',
  'Hoffmann',
  'Ibrahim',
  'Ito',
  'Jansen',
  'Johnson',
  'Kaur',
  'Kim',
  'Kowalski',
  'Kumar',
  'Larsen',
  'Laurent',
  'Lee',
  'Lindqvist',
  'Lopez',
  'MacDonald',
  'Martin',
  'Meyer',
  'Moreau',
  'Müller',
  'Murphy',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Nowak',
  "O'Brien",
  'Okafor',
  'Okonkwo',
  'Olsen',
  'Patel',
  'Pereira',
  'Petrov',
  'Popescu',
  'Reddy',
  'Richter',
  'Rossi',
  'Santos',
  'Schmidt',
  'Schneider',
  'Shah',
  'Silva',
  'Singh',
  'Smith',
  'Sørensen',
  'Suzuki',
  'Tanaka',
  'Taylor',
  'Thompson',
  'Van der Berg',
  'Walker',
  'Wang',
  'Weber',
  'Williams',
  'Wilson',
  'Yamamoto',
  'Yilmaz',
  'Zhang',
  'Zimmermann',
] as const;

export interface JobTitle {
  title: string;
  seniority: 'executive' | 'director' | 'manager' | 'individual_contributor' | 'student';
  department: string;
}

export const jobTitles: Weighted<JobTitle> = [
  [{ title: 'CEO', seniority: 'executive', department: 'executive' }, 2],
  [{ title: 'CTO', seniority: 'executive', department: 'engineering' }, 2],
  [{ title: 'Chief Marketing Officer', seniority: 'executive', department: 'marketing' }, 2],
  [{ title: 'Chief Revenue Officer', seniority: 'executive', department: 'sales' }, 2],
  [{ title: 'VP Marketing', seniority: 'executive', department: 'marketing' }, 5],
  [{ title: 'VP Sales', seniority: 'executive', department: 'sales' }, 4],
  [{ title: 'Head of Demand Generation', seniority: 'director', department: 'marketing' }, 5],
  [{ title: 'Head of Sales Ops', seniority: 'director', department: 'sales' }, 5],
  [{ title: 'Director of Revenue Operations', seniority: 'director', department: 'operations' }, 5],
  [{ title: 'Director of Growth', seniority: 'director', department: 'marketing' }, 3],
  [{ title: 'Marketing Manager', seniority: 'manager', department: 'marketing' }, 10],
  [{ title: 'Marketing Operations Manager', seniority: 'manager', department: 'marketing' }, 8],
  [{ title: 'Sales Manager', seniority: 'manager', department: 'sales' }, 7],
  [{ title: 'CRM Manager', seniority: 'manager', department: 'operations' }, 5],
  [{ title: 'Product Manager', seniority: 'manager', department: 'product' }, 4],
  [{ title: 'Engineering Manager', seniority: 'manager', department: 'engineering' }, 3],
  [
    {
      title: 'Content Marketing Specialist',
      seniority: 'individual_contributor',
      department: 'marketing',
    },
    5,
  ],
  [
    {
      title: 'Sales Development Representative',
      seniority: 'individual_contributor',
      department: 'sales',
    },
    6,
  ],
  [{ title: 'Account Executive', seniority: 'individual_contributor', department: 'sales' }, 5],
  [{ title: 'Marketing Analyst', seniority: 'individual_contributor', department: 'marketing' }, 5],
  [{ title: 'Data Analyst', seniority: 'individual_contributor', department: 'operations' }, 4],
  [
    { title: 'Software Engineer', seniority: 'individual_contributor', department: 'engineering' },
    4,
  ],
  [{ title: 'Office Manager', seniority: 'individual_contributor', department: 'operations' }, 2],
  [{ title: 'Consultant', seniority: 'individual_contributor', department: 'operations' }, 2],
  [{ title: 'Student', seniority: 'student', department: 'none' }, 1],
];

export const studentTitle: JobTitle = {
  title: 'Student',
  seniority: 'student',
  department: 'none',
};

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

export const salesNotes = {
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
} as const;

export type SalesTouch = keyof typeof salesNotes;

export const rejectReasons = {
  recycled: [
    'Not ready: revisit next quarter',
    'No budget this year',
    'Just renewed with another vendor',
    'No response after 4 attempts',
  ],
  disqualified: [
    'Student',
    'Competitor',
    'Wrong company size',
    'Spam / fake details',
    'Job seeker',
  ],
} as const;

export const lostReasons = {
  recycled: [
    'Lost: no budget this year',
    'Lost: chose a competitor',
    'Lost: project postponed',
    'Lost: price',
  ],
  disqualified: ['Lost: company acquired, project cancelled', 'Lost: on-premises only requirement'],
} as const;

export const marketingDisqualifyReasons = ['Spam / fake details', 'Student', 'Competitor'] as const;
