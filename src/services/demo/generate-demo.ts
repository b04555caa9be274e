import type { BusinessCalendar } from '../../core/business-time/calendar.js';
import { defaultPersonas } from '../../core/definitions.js';
import type { Role, TeamSide } from '../../core/roles.js';
import { contactMatches } from '../../core/scoring/predicates.js';
import { defaultContract, type SlaContract } from '../../core/sla/contract.js';
import type { NewEvent } from '../../store/events.js';
import { contactActivity, emailSchedule } from './activity.js';
import { day, hour, planJourney, routeStages, type Stage } from './journeys.js';
import { Random } from './random.js';
import { type DemoClock, handoffClocks } from './sla-replay.js';
import {
  awayRep,
  awayWeek,
  type DemoAssignment,
  type DemoSla,
  decisionAt,
  demoRouting,
  deskAttempts,
  effectiveCalendar,
  leavePeriod,
  marketerOfChannel,
  type PacedRep,
  paceOf,
  routedAssignment,
  slaEraStart,
  storedCalendarOf,
  waitingAge,
  withoutLeave,
} from './sla-story.js';
import {
  type Channel,
  callingCode,
  channels,
  companyStems,
  companyTld,
  countries,
  firstNames,
  type Industry,
  industries,
  jobTitles,
  languageOfCountry,
  lastNames,
  legalForm,
  type Region,
  sizeBands,
} from './word-lists.js';

export type { DemoAssignment, DemoAwayPeriod, DemoSla } from './sla-story.js';

/**
 * The demo workspace as plain rows, computed from a seed and a reference time
 * only: no clock, no Math.random, no I/O. The same inputs give the same rows,
 * ids included, so a demo can be reproduced and tests can pin it down.
 */

/** Every demo member signs in with this; the demo is public, so the password is too. */
export const demoPassword = 'tandem-demo';
export const demoEmailDomain = 'demo.tandem.test';
export const demoWindowDays = 90;

export interface DemoTeam {
  id: string;
  name: string;
  side: TeamSide;
  createdAt: Date;
}

export interface DemoMember {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  timeZone: string;
  capacity: number;
  /** Working hours as stored; null = Mon–Fri 09:00–17:00 in the time zone. */
  businessCalendar: BusinessCalendar | null;
  /** 16 bytes, hex: fixed per seed so two runs store the same password hashes. */
  passwordSalt: string;
  createdAt: Date;
}

export interface DemoAccount {
  id: string;
  domain: string;
  name: string;
  industry: string;
  employees: number;
  annualRevenue: number;
  country: string;
  ownerId: string | null;
  properties: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface DemoContact {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  phone: string | null;
  accountId: string;
  ownerId: string | null;
  /** The marketing member credited with the lead: the owner of its first-touch channel. */
  marketerId: string;
  lifecycleStage: Stage;
  /** The first default persona whose criteria the contact meets, as matching would set it. */
  personaKey: string | null;
  firstTouchSource: string;
  firstTouchMedium: string;
  firstTouchCampaign: string | null;
  lastTouchSource: string;
  lastTouchMedium: string;
  lastTouchCampaign: string | null;
  properties: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface DemoTransition {
  id: string;
  contactId: string;
  fromStage: Stage | null;
  toStage: Stage;
  actorKind: 'member' | 'system';
  actorId: string | null;
  reasonCode: string | null;
  reason: string | null;
  /** The won deal's value, on every move to customer. */
  amount: number | null;
  occurredAt: Date;
}

export interface DemoWorkspace {
  asOf: Date;
  teams: DemoTeam[];
  members: DemoMember[];
  accounts: DemoAccount[];
  contacts: DemoContact[];
  events: NewEvent[];
  transitions: DemoTransition[];
  sla: DemoSla;
}

export const demoCounts = { accounts: 300, contacts: 2000 } as const;

const teamSpecs = [
  { key: 'marketing', name: 'Marketing', side: 'marketing' },
  { key: 'emea', name: 'Inbound EMEA', side: 'sales' },
  { key: 'americas', name: 'Inbound Americas', side: 'sales' },
] as const;

type TeamKey = (typeof teamSpecs)[number]['key'];

/** People are fixed so the login and the story stay stable; only ids, salts and capacities follow the seed. */
const memberSpecs: readonly (readonly [string, string, Role, TeamKey | null, string])[] = [
  ['admin', 'Alex Morgan', 'admin', null, 'Europe/London'],
  ['priya.raman', 'Priya Raman', 'sales_manager', null, 'America/New_York'],
  ['jordan.lee', 'Jordan Lee', 'marketing', 'marketing', 'Europe/London'],
  ['sofia.marquez', 'Sofia Marquez', 'marketing', 'marketing', 'America/New_York'],
  ['tobias.becker', 'Tobias Becker', 'marketing', 'marketing', 'Europe/Berlin'],
  ['oliver.bennett', 'Oliver Bennett', 'sales_rep', 'emea', 'Europe/London'],
  ['amara.okafor', 'Amara Okafor', 'sales_rep', 'emea', 'Europe/London'],
  ['lukas.schneider', 'Lukas Schneider', 'sales_rep', 'emea', 'Europe/Berlin'],
  ['mia.hoffmann', 'Mia Hoffmann', 'sales_rep', 'emea', 'Europe/Berlin'],
  ['daniel.kim', 'Daniel Kim', 'sales_rep', 'americas', 'America/New_York'],
  ['grace.sullivan', 'Grace Sullivan', 'sales_rep', 'americas', 'America/New_York'],
  ['marcus.johnson', 'Marcus Johnson', 'sales_rep', 'americas', 'America/Chicago'],
  ['elena.rodriguez', 'Elena Rodriguez', 'sales_rep', 'americas', 'America/Los_Angeles'],
];

function sizeBand(employees: number): string {
  if (employees <= 10) return '1-10';
  if (employees <= 50) return '11-50';
  if (employees <= 200) return '51-200';
  if (employees <= 1000) return '201-1000';
  if (employees <= 5000) return '1001-5000';
  return '5000+';
}

/** Lowercase ASCII for email local parts: "Søren Ó'Brien" → "soren", "obrien". */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function phoneFor(rng: Random, country: string): string {
  // Numbers from the ranges regulators keep for fiction (NANP 555-01xx, Ofcom drama numbers).
  if (country === 'US' || country === 'CA') {
    return `+1 ${rng.int(201, 989)} 555 01${String(rng.int(0, 99)).padStart(2, '0')}`;
  }
  if (country === 'GB') return `+44 20 7946 0${String(rng.int(0, 999)).padStart(3, '0')}`;
  return `+${callingCode[country] ?? '1'} ${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
}

/**
 * A won deal's value: lognormal around a median that grows with the company
 * (about 12k for a 10-person firm, 40k at 1,000 people), kept within 5k–120k
 * and rounded to 100 the way quotes are.
 */
function dealAmount(rng: Random, employees: number): number {
  const median = 6_000 * (1 + Math.log10(Math.max(1, employees)));
  const amount = Math.min(120_000, Math.max(5_000, rng.logNormal(median, 0.55)));
  return Math.round(amount / 100) * 100;
}

/** Persona matching reads the title (and, for other criteria, the email and account). */
function personaOf(title: string, email: string, account: DemoAccount): string | null {
  const contact = { email, title, properties: {}, personaKey: null, account };
  return defaultPersonas.find((p) => contactMatches(p.criteria, contact))?.key ?? null;
}

interface Rep {
  id: string;
  capacity: number;
  timeZone: string;
  paced: PacedRep;
}

function pickRep(rng: Random, reps: readonly Rep[]): Rep {
  return rng.weighted(reps.map((r) => [r, r.capacity] as const));
}

export function generateDemo(options: {
  seed: number;
  asOf: Date;
  /** The SLA contract in force; default the workspace's version 1 (the defaults), null for none. */
  contract?: SlaContract | null;
}): DemoWorkspace {
  const rng = new Random(options.seed);
  // The SLA story draws from its own stream, so the rest of the demo keeps its shape.
  const slaRng = new Random(options.seed + 0x51a);
  const asOf = options.asOf.getTime();
  if (!Number.isFinite(asOf)) throw new RangeError('asOf must be a valid date');
  const windowStart = asOf - demoWindowDays * day;
  const origin = asOf - 400 * day;
  const eraStart = slaEraStart(asOf);

  const teamIds = new Map<TeamKey, string>();
  const teams: DemoTeam[] = teamSpecs.map((t, i) => {
    const id = rng.uuid();
    teamIds.set(t.key, id);
    return { id, name: t.name, side: t.side, createdAt: new Date(origin + i * hour) };
  });

  const repsByRegion: Record<Region, Rep[]> = { emea: [], americas: [] };
  const marketers: string[] = [];
  const memberIdOf = new Map<string, string>();
  const repOf = new Map<string, Rep>();
  const members: DemoMember[] = memberSpecs.map(([local, name, role, team, timeZone], i) => {
    const id = rng.uuid();
    memberIdOf.set(local, id);
    // Headroom above the ~50 open leads a demo rep carries, so routing still has somewhere to go.
    const capacity = role === 'sales_rep' ? rng.pick([60, 70, 80, 90, 100]) : 50;
    const businessCalendar = role === 'sales_rep' ? storedCalendarOf(local, timeZone, asOf) : null;
    if (role === 'sales_rep' && (team === 'emea' || team === 'americas')) {
      const calendar = effectiveCalendar(businessCalendar, timeZone);
      const paced = { id, name, pace: paceOf(local), calendar, workCalendar: calendar };
      const r = { id, capacity, timeZone, paced };
      repsByRegion[team].push(r);
      repOf.set(local, r);
    }
    if (role === 'marketing') marketers.push(id);
    return {
      id,
      email: `${local}@${demoEmailDomain}`,
      name,
      role,
      teamId: team ? teamIds.get(team)! : null,
      timeZone,
      capacity,
      businessCalendar,
      passwordSalt: rng.hex(16),
      createdAt: new Date(origin + day + i * hour),
    };
  });

  const away = repOf.get(awayRep.local)!;
  const cover = repOf.get(awayRep.cover)!;
  const leave = awayWeek(eraStart, away.timeZone);
  away.paced.workCalendar = withoutLeave(away.paced.calendar, leave);
  // Routing skips a rep on leave: their leads that week went to the teammate covering.
  const ownerAt = (rep: Rep, handedAt: number): Rep =>
    rep === away && handedAt >= leave.from && handedAt < leave.to ? cover : rep;
  // Work that would fall in the leave waits for the Monday back, at the same point of a working day.
  const afterLeave = (at: number): number =>
    at >= leave.from && at < leave.to ? leave.to + 9 * hour + ((at - leave.from) % (8 * hour)) : at;

  const accounts: (DemoAccount & { region: Region })[] = [];
  const domains = new Set<string>();
  while (accounts.length < demoCounts.accounts) {
    const industry: Industry = rng.weighted(industries);
    const base = `${rng.pick(companyStems)} ${rng.pick(industry.suffixes)}`;
    const domain = `${slug(base)}.${companyTld}`;
    if (domains.has(domain)) continue;
    domains.add(domain);
    const region: Region = rng.chance(0.55) ? 'americas' : 'emea';
    const country = rng.weighted(countries[region]);
    const [lo, hi] = rng.weighted(sizeBands.map(([a, b, w]) => [[a, b] as const, w] as const));
    const employees = Math.round(Math.exp(rng.float(Math.log(lo), Math.log(hi + 1))));
    const perHead = rng.float(industry.revenuePerHead[0], industry.revenuePerHead[1]);
    const annualRevenue = Math.round((employees * perHead) / 10) * 10_000;
    const segment = employees > 1000 ? 'enterprise' : employees > 200 ? 'mid-market' : 'smb';
    const ownerChance = segment === 'enterprise' ? 0.7 : segment === 'mid-market' ? 0.35 : 0.08;
    const owner = rng.chance(ownerChance) ? pickRep(rng, repsByRegion[region]).id : null;
    const name = rng.chance(0.35) ? `${base} ${legalForm[country]}` : base;
    accounts.push({
      id: rng.uuid(),
      domain,
      name,
      industry: industry.name,
      employees,
      annualRevenue,
      country,
      ownerId: owner,
      properties: {
        region: region === 'emea' ? 'EMEA' : 'Americas',
        segment,
        website: `https://www.${domain}`,
      },
      createdAt: new Date(asOf),
      updatedAt: new Date(asOf),
      region,
    });
  }

  // Every account gets one contact, the rest go mostly to the larger companies.
  const order = rng.shuffle(accounts.map((_, i) => i));
  const weights = accounts.map((a, i) => [i, 1 + Math.log2(a.employees)] as const);
  const accountOf = (n: number): number => order[n] ?? rng.weighted(weights);

  const sends = emailSchedule(rng, windowStart, asOf);
  const emails = new Set<string>();
  const contacts: DemoContact[] = [];
  const transitions: DemoTransition[] = [];
  const events: NewEvent[] = [];
  const contract = options.contract === undefined ? defaultContract() : options.contract;
  const assignments: DemoAssignment[] = [];
  const clocks: DemoClock[] = [];
  let messageSeq = 0;
  const nextMessageId = () => `demo-${++messageSeq}`;

  for (let n = 0; n < demoCounts.contacts; n++) {
    const account = accounts[accountOf(n)]!;
    const id = rng.uuid();
    const firstName = rng.pick(firstNames);
    const lastName = rng.pick(lastNames);
    const job = rng.weighted(jobTitles);
    const isStudent = job.seniority === 'student';
    const teamReps = repsByRegion[account.region];
    const accountRep = teamReps.find((r) => r.id === account.ownerId);
    let rep = accountRep && rng.chance(0.8) ? accountRep : pickRep(rng, teamReps);
    const picked = rep;
    const journey = planJourney({
      rng,
      asOf,
      windowStart,
      isStudent,
      ownerTimeZone: rep.timeZone,
      decide: (first, handedAt) =>
        handedAt >= eraStart ? decisionAt(slaRng, ownerAt(picked, first).paced, handedAt) : null,
      waitingSince: () => waitingAge(slaRng, picked.paced, asOf),
      ...(picked === away ? { available: afterLeave } : {}),
    });
    const last = journey.steps[journey.steps.length - 1]!;
    const handoffs = journey.steps.filter((s) => routeStages.includes(s.to));
    if (handoffs.length > 0) rep = ownerAt(rep, handoffs[0]!.at);
    const firstTransition = transitions.length;

    // Some leads at an owned account already sit with its owner (account-owner-first routing).
    const owner = journey.routed ? rep.id : accountRep && rng.chance(0.25) ? accountRep.id : null;
    const marketer = rng.pick(marketers);
    for (const s of journey.steps) {
      const byMember = s.mover === 'owner' ? rep.id : s.mover === 'marketer' ? marketer : null;
      transitions.push({
        id: rng.uuid(),
        contactId: id,
        fromStage: s.from,
        toStage: s.to,
        actorKind: byMember ? 'member' : 'system',
        actorId: byMember,
        reasonCode: s.reasonCode,
        reason: s.reason,
        amount: s.to === 'customer' ? dealAmount(rng, account.employees) : null,
        occurredAt: new Date(s.at),
      });
    }

    const handoffIds = transitions
      .slice(firstTransition)
      .filter((t) => routeStages.includes(t.toStage) && t.occurredAt.getTime() >= eraStart);

    const first: Channel = rng.weighted(channels);
    const lastTouch: Channel = rng.chance(0.6) ? first : rng.weighted(channels);
    // Subscribers mostly skim, leads browse, qualified contacts are the engaged ones.
    const median = journey.routed ? 1.3 : last.to === 'subscriber' ? 0.7 : 1;
    const engagement = Math.min(4, Math.max(0.2, rng.logNormal(median, 0.5)));
    const activity = contactActivity({
      rng,
      asOf,
      windowStart,
      contactId: id,
      journey,
      ownerId: owner,
      ownerZone: rep.timeZone,
      firstTouch: first,
      engagement,
      sends,
      nextMessageId,
      ...(rep === away ? { available: afterLeave } : {}),
      deskAttempts: (acceptedAt, end) => {
        const i = journey.steps.findIndex((s) => s.to === 'sal' && s.at === acceptedAt);
        const handedAt = journey.steps[i - 1]?.at ?? 0;
        return handedAt >= eraStart ? deskAttempts(slaRng, rep.paced, acceptedAt, end) : null;
      },
    });
    events.push(...activity);
    if (owner !== null && handoffIds.length > 0) {
      const teamId = teamIds.get(account.region)!;
      for (const h of handoffIds)
        assignments.push(routedAssignment(id, owner, h, account.region, teamId));
      if (contract)
        clocks.push(
          ...handoffClocks({
            rng: slaRng,
            contract,
            calendar: rep.paced.calendar,
            away: rep === away ? [{ from: new Date(leave.from), to: new Date(leave.to) }] : [],
            contactId: id,
            ownerId: owner,
            handoffs: handoffIds,
            moves: transitions.slice(firstTransition),
            events: activity,
            asOf: new Date(asOf),
          }),
        );
    }

    const local = slug(firstName);
    const family = slug(lastName);
    const candidates = [`${local}.${family}`, `${local[0]}${family}`, `${local}${family}`];
    let email = candidates.map((c) => `${c}@${account.domain}`).find((e) => !emails.has(e));
    for (let k = 2; !email; k++) {
      const e = `${local}.${family}${k}@${account.domain}`;
      if (!emails.has(e)) email = e;
    }
    emails.add(email);

    if (journey.createdAt < account.createdAt.getTime()) {
      // An account appears with its first contact, a little before it.
      account.createdAt = new Date(journey.createdAt - rng.int(1, 72) * 60_000);
      account.updatedAt = account.createdAt;
    }

    contacts.push({
      id,
      email,
      firstName,
      lastName,
      title: job.title,
      phone: rng.chance(0.45) ? phoneFor(rng, account.country) : null,
      accountId: account.id,
      ownerId: owner,
      marketerId: memberIdOf.get(marketerOfChannel(first))!,
      lifecycleStage: last.to,
      personaKey: personaOf(job.title, email, account),
      firstTouchSource: first.source,
      firstTouchMedium: first.medium,
      firstTouchCampaign: first.campaign,
      lastTouchSource: lastTouch.source,
      lastTouchMedium: lastTouch.medium,
      lastTouchCampaign: lastTouch.campaign,
      properties: {
        company_size_band: sizeBand(account.employees),
        preferred_language: languageOfCountry[account.country] ?? 'en',
        seniority: job.seniority,
        department: job.department,
        newsletter_opt_in: journey.steps[0]!.to === 'subscriber' || rng.chance(0.5),
      },
      createdAt: new Date(journey.createdAt),
      updatedAt: new Date(last.at),
    });
  }

  return {
    asOf: new Date(asOf),
    teams,
    members,
    accounts: accounts.map(({ region: _region, ...a }) => a),
    contacts,
    events,
    transitions,
    sla: {
      eraStart: new Date(eraStart),
      contract,
      routing: {
        id: slaRng.uuid(),
        document: demoRouting({ americas: teamIds.get('americas')!, emea: teamIds.get('emea')! }),
        createdAt: new Date(eraStart - day),
        createdBy: memberIdOf.get('priya.raman')!,
      },
      awayPeriods: [leavePeriod(slaRng.uuid(), away.id, leave, eraStart)],
      assignments,
      clocks,
    },
  };
}
