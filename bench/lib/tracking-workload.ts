import { Prng } from './prng.js';

/**
 * A deterministic Segment workload shaped like a B2B site's traffic: known
 * people (identified first) browsing and doing things, a few anonymous
 * visitors who never sign up, campaign links on some page views. Messages are
 * the JSON Segment's libraries send, so the server does its full work:
 * validation, normalisation, identity resolution, touches, events.
 */
export interface Person {
  userId: string;
  anonymousId: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  company: string;
}

export type Message = Record<string, unknown> & { messageId: string };

/** Client clock for `timestamp` / `sentAt`; the server shifts times by the gap, so any fixed date works. */
const clientNow = Date.parse('2026-06-01T12:00:00.000Z');
const day = 86_400_000;

const firstNames = [
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
const lastNames = [
  'Okafor',
  'Lindqvist',
  'García',
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
const titles = [
  'Head of Marketing',
  'VP Sales',
  'Growth Lead',
  'CTO',
  'Operations Manager',
  'Founder',
  'RevOps Analyst',
];
const companies = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Wonka',
];
const pages = [
  '/',
  '/pricing',
  '/features',
  '/features/routing',
  '/customers',
  '/about',
  '/signup',
  '/demo',
  '/blog/lead-scoring-basics',
  '/blog/marketing-sales-handoff',
  '/docs/getting-started',
  '/docs/tracking-api',
];
const referrers = [
  'https://www.google.com/',
  'https://www.linkedin.com/',
  'https://news.ycombinator.com/',
  '',
  '',
];
const campaigns = [
  { source: 'google', medium: 'cpc', name: 'brand-q2' },
  { source: 'linkedin', medium: 'paid_social', name: 'abm-enterprise' },
  { source: 'newsletter', medium: 'email', name: 'june-digest' },
];
const trackEvents = [
  'Signup Started',
  'Demo Requested',
  'Pricing Plan Selected',
  'Feature Used',
  'Email Link Clicked',
  'Form Submitted',
  'Trial Started',
  'Document Downloaded',
];
const userAgents = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
];
const library = { name: 'analytics.js', version: '5.2.0' };

export function makePeople(seed: number, count: number): Person[] {
  const prng = new Prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const firstName = prng.pick(firstNames);
    const lastName = prng.pick(lastNames);
    const company = prng.pick(companies);
    return {
      userId: `user-${i}`,
      anonymousId: prng.uuid(),
      email: `${firstName}.${lastName}.${i}@${company}.example`.toLowerCase(),
      firstName,
      lastName,
      title: prng.pick(titles),
      company,
    };
  });
}

function iso(msAgo: number): string {
  return new Date(clientNow - msAgo).toISOString();
}

export function identifyMessages(people: readonly Person[], runId: string): Message[] {
  return people.map((p, i) => ({
    type: 'identify',
    messageId: `${runId}-identify-${i}`,
    userId: p.userId,
    anonymousId: p.anonymousId,
    traits: {
      email: p.email,
      firstName: p.firstName,
      lastName: p.lastName,
      title: p.title,
      company: p.company,
      plan: i % 5 === 0 ? 'trial' : 'free',
    },
    context: { library, ip: `10.0.${(i >> 8) & 255}.${i & 255}`, locale: 'en-US' },
    timestamp: iso(31 * day),
  }));
}

function pageMessage(
  prng: Prng,
  messageId: string,
  ids: Record<string, string>,
  ago: number,
): Message {
  const path = prng.pick(pages);
  const campaign = prng.chance(0.08) ? prng.pick(campaigns) : null;
  const search = campaign
    ? `?utm_source=${campaign.source}&utm_medium=${campaign.medium}&utm_campaign=${campaign.name}`
    : '';
  const url = `https://tandem.example${path}${search}`;
  const title = path === '/' ? 'Tandem — the lead desk' : `${path.split('/').pop()} · Tandem`;
  const referrer = prng.pick(referrers);
  return {
    type: 'page',
    messageId,
    ...ids,
    name: title,
    properties: { path, url, title, referrer, search },
    context: {
      library,
      page: { path, url, title, referrer, search },
      userAgent: prng.pick(userAgents),
      ip: `203.0.113.${prng.int(255)}`,
      locale: 'en-US',
    },
    timestamp: iso(ago),
  };
}

function trackMessage(
  prng: Prng,
  messageId: string,
  ids: Record<string, string>,
  ago: number,
): Message {
  const event = prng.pick(trackEvents);
  return {
    type: 'track',
    messageId,
    ...ids,
    event,
    properties: {
      category: event.split(' ')[0]!.toLowerCase(),
      plan: prng.pick(['free', 'team', 'business']),
      seats: 1 + prng.int(50),
      value: Math.round(prng.next() * 10_000) / 100,
      feature: prng.pick(['routing', 'scoring', 'sla', 'reports']),
    },
    context: {
      library,
      page: { path: prng.pick(pages), url: 'https://tandem.example/app' },
      userAgent: prng.pick(userAgents),
      ip: `203.0.113.${prng.int(255)}`,
    },
    timestamp: iso(ago),
  };
}

/**
 * `count` track and page events for one round; `round` varies the seed and the
 * message ids, so every round stores new events. Activity is skewed: a few
 * people are busy, most are not (u² picks low indexes more often). Each event
 * happened up to `spreadMs` before it is sent (30 days: history arriving late,
 * as from a backfill or offline clients; a few seconds: live traffic).
 */
export function eventMessages(
  seed: number,
  people: readonly Person[],
  count: number,
  runId: string,
  round: number,
  spreadMs = 30 * day,
): Message[] {
  const prng = new Prng(seed * 1_000 + round);
  const visitors = Array.from({ length: Math.max(1, people.length) }, () => prng.uuid());
  return Array.from({ length: count }, (_, i) => {
    const messageId = `${runId}-r${round}-${i}`;
    const ago = prng.int(spreadMs);
    if (people.length === 0 || prng.chance(0.05)) {
      // A visitor who never identifies: stored without a contact.
      return pageMessage(prng, messageId, { anonymousId: prng.pick(visitors) }, ago);
    }
    const person = people[Math.floor(prng.next() ** 2 * people.length)]!;
    const ids = { userId: person.userId, anonymousId: person.anonymousId };
    return prng.chance(0.6)
      ? pageMessage(prng, messageId, ids, ago)
      : trackMessage(prng, messageId, ids, ago);
  });
}

/** Request bodies as analytics-node sends them: `{ batch, sentAt }`, serialised before timing starts. */
export function batchBodies(messages: readonly Message[], size: number): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < messages.length; i += size) {
    bodies.push(JSON.stringify({ batch: messages.slice(i, i + size), sentAt: iso(0) }));
  }
  return bodies;
}
