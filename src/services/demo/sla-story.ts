import { DateTime } from 'luxon';
import { addBusinessTime, businessTimeBetween } from '../../core/business-time/business-time.js';
import {
  type BusinessCalendar,
  type BusinessShift,
  defaultCalendar,
  type IsoWeekday,
} from '../../core/business-time/calendar.js';
import type { RoutingDocument } from '../../core/routing/routing-rules.js';
import { attemptOutcomes } from '../../core/sales-activity.js';
import type { SlaContract } from '../../core/sla/contract.js';
import type { Draft } from './activity.js';
import { day, hour } from './journeys.js';
import type { Random } from './random.js';
import type { DemoClock } from './sla-replay.js';
import { type Channel, countries } from './word-lists.js';

/**
 * The demo's SLA story: how each rep works (their hours, their pace), who was
 * away, how leads are routed and which marketer each channel belongs to. Pure
 * and seeded like the rest of the demo; the clocks themselves are not invented
 * here but replayed by the core over the history this pace produces
 * (sla-replay.ts).
 */

/**
 * The contract the demo's two sides signed: the one in force (the defaults in
 * a new workspace) with a quota that fits the demo's volume. The articles'
 * five MQLs per rep suit a small team; the demo hands sales forty-odd per rep
 * a month, so five would be met ten times over and say nothing.
 */
export function demoContract(inForce: SlaContract): SlaContract {
  return {
    ...inForce,
    marketing: { ...inForce.marketing, mqls_per_rep: { perMonth: 30 } },
  };
}

/** The SLA applies to leads handed over from the start of the last whole month (UTC). */
export function slaEraStart(asOf: number): number {
  const d = new Date(asOf);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
}

export function monthStart(asOf: number): number {
  const d = new Date(asOf);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

type Region = 'uk' | 'de' | 'us';

function fourthThursdayOfNovember(year: number): string {
  const first = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const date = 1 + ((4 - first + 7) % 7) + 21;
  return `${year}-11-${date}`;
}

/** Public holidays of the reps' countries, for the years the demo spans. */
function holidays(region: Region, asOf: number): string[] {
  const year = new Date(asOf).getUTCFullYear();
  const out: string[] = [];
  for (const y of [year - 1, year]) {
    if (region === 'us')
      out.push(`${y}-01-01`, `${y}-07-04`, fourthThursdayOfNovember(y), `${y}-12-25`);
    if (region === 'uk') out.push(`${y}-01-01`, `${y}-12-25`, `${y}-12-26`);
    if (region === 'de') out.push(`${y}-01-01`, `${y}-10-03`, `${y}-12-25`, `${y}-12-26`);
  }
  return out.sort();
}

const weekdays: readonly IsoWeekday[] = [1, 2, 3, 4, 5];
const shifts = (start: string, end: string, days = weekdays): BusinessShift[] =>
  days.map((d) => ({ day: d, start, end }));

/**
 * How a rep works. `pace` (0–1) is how promptly they decide and follow up:
 * Amara is the team's benchmark, Marcus is struggling, the rest sit between.
 * Every shift lies within 09:00–17:30 local, where the demo's other rep moves
 * fall too. A null calendar is the default (Mon–Fri 09:00–17:00 in the zone).
 */
interface RepProfile {
  pace: number;
  calendar: ((zone: string, asOf: number) => BusinessCalendar) | null;
}

const repProfiles: Record<string, RepProfile> = {
  'oliver.bennett': { pace: 0.75, calendar: null },
  'amara.okafor': {
    pace: 0.95,
    calendar: (zone, asOf) => ({
      timeZone: zone,
      weeklyHours: [
        ...shifts('09:00', '17:30', [1, 2, 3, 4]),
        { day: 5, start: '09:00', end: '15:00' },
      ],
      holidays: holidays('uk', asOf),
    }),
  },
  'lukas.schneider': {
    pace: 0.7,
    // A split shift: mornings and afternoons with a long lunch between.
    calendar: (zone, asOf) => ({
      timeZone: zone,
      weeklyHours: [...shifts('09:00', '12:30'), ...shifts('14:00', '17:30')].sort(
        (a, b) => a.day - b.day,
      ),
      holidays: holidays('de', asOf),
    }),
  },
  'mia.hoffmann': {
    pace: 0.6,
    calendar: (zone, asOf) => ({
      timeZone: zone,
      weeklyHours: shifts('09:00', '17:00'),
      holidays: holidays('de', asOf),
    }),
  },
  'daniel.kim': {
    pace: 0.85,
    calendar: (zone, asOf) => ({
      timeZone: zone,
      weeklyHours: shifts('09:00', '17:30'),
      holidays: holidays('us', asOf),
    }),
  },
  'grace.sullivan': { pace: 0.65, calendar: null },
  'marcus.johnson': {
    pace: 0.2,
    calendar: (zone, asOf) => ({
      timeZone: zone,
      weeklyHours: shifts('09:00', '17:00'),
      holidays: holidays('us', asOf),
    }),
  },
  'elena.rodriguez': {
    pace: 0.55,
    calendar: (zone, asOf) => ({
      timeZone: zone,
      weeklyHours: shifts('09:00', '17:00'),
      holidays: holidays('us', asOf),
    }),
  },
};

/** The rep who takes a week off, and the teammate in the same zone who covers. */
export const awayRep = { local: 'mia.hoffmann', cover: 'lukas.schneider' } as const;

/** The stored calendar of a member (null = the default in their zone). */
export function storedCalendarOf(
  local: string,
  timeZone: string,
  asOf: number,
): BusinessCalendar | null {
  return repProfiles[local]?.calendar?.(timeZone, asOf) ?? null;
}

export function paceOf(local: string): number {
  return repProfiles[local]?.pace ?? 0.6;
}

/** A week of leave in the last whole month: from its second Monday, 00:00 local, for seven days. */
export function awayWeek(eraStart: number, zone: string): { from: number; to: number } {
  let monday = DateTime.fromMillis(eraStart, { zone: 'UTC' }).setZone(zone, {
    keepLocalTime: true,
  });
  while (monday.weekday !== 1) monday = monday.plus({ days: 1 });
  monday = monday.plus({ weeks: 1 });
  return { from: monday.toMillis(), to: monday.plus({ weeks: 1 }).toMillis() };
}

/**
 * Leads go to the team of their account's region: Americas accounts to their
 * owner first, EMEA by capacity. No fallback: a lead whose account has no
 * known country waits for a manager to assign it, as without routing.
 */
export function demoRouting(teams: { americas: string; emea: string }): RoutingDocument {
  return {
    rules: [
      {
        key: 'americas',
        name: 'Accounts in the Americas',
        criteria: { op: 'in', field: 'account.country', values: countryCodes('americas') },
        teamId: teams.americas,
        strategy: 'account_owner_first',
      },
      {
        key: 'emea',
        name: 'Accounts in EMEA',
        criteria: { op: 'in', field: 'account.country', values: countryCodes('emea') },
        teamId: teams.emea,
        strategy: 'weighted',
      },
    ],
    fallback: null,
  };
}

const countryCodes = (region: 'emea' | 'americas'): string[] =>
  countries[region].map(([code]) => code).sort();

/**
 * The marketer credited with a lead: each owns some first-touch channels
 * (Sofia the paid ones, Tobias email, social and partners, Jordan organic and direct).
 */
export function marketerOfChannel(channel: Channel): string {
  if (channel.medium === 'cpc') return 'sofia.marquez';
  if (channel.medium === 'email' || channel.medium === 'social' || channel.source === 'partner')
    return 'tobias.becker';
  return 'jordan.lee';
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export interface PacedRep {
  id: string;
  name: string;
  pace: number;
  /** The calendar their clocks run in. */
  calendar: BusinessCalendar;
  /** When they actually work: the calendar without the days of their leave. */
  workCalendar: BusinessCalendar;
}

/** The rep's working calendar with the local dates of a leave taken out. */
export function withoutLeave(
  calendar: BusinessCalendar,
  leave: { from: number; to: number },
): BusinessCalendar {
  const dates: string[] = [];
  for (
    let d = DateTime.fromMillis(leave.from, { zone: calendar.timeZone });
    d.toMillis() < leave.to;
  ) {
    dates.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return { ...calendar, holidays: [...new Set([...calendar.holidays, ...dates])].sort() };
}

export function effectiveCalendar(stored: BusinessCalendar | null, zone: string): BusinessCalendar {
  return stored ?? defaultCalendar(zone);
}

/**
 * When the rep decides a lead handed at `handedAt`: a business-hours delay
 * around a median that grows as the pace drops (about half an hour for the
 * best, nearly three hours for the slowest), with a long tail, so the 4-hour
 * accept clause is sometimes warned and sometimes missed.
 */
export function decisionAt(rng: Random, rep: PacedRep, handedAt: number): number {
  const median = 0.4 + 3.2 * (1 - rep.pace);
  const hours = clamp(rng.logNormal(median, 0.8), 0.05, 40);
  return addBusinessTime(rep.workCalendar, new Date(handedAt), Math.round(hours * hour)).getTime();
}

/**
 * How long ago a lead still awaiting its decision was handed over: most in the
 * last few business hours (live countdowns), some long enough to be overdue.
 */
export function waitingAge(rng: Random, rep: PacedRep, asOf: number): number {
  const businessHours = rng.chance(0.65) ? rng.float(0.3, 3.9) : rng.float(5, 30);
  const target = businessHours * hour;
  // businessTimeBetween(t, asOf) shrinks as t grows: bisect for the instant.
  let lo = asOf - 30 * day;
  let hi = asOf - 15 * 60_000;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (businessTimeBetween(rep.workCalendar, new Date(mid), new Date(asOf)) > target) lo = mid;
    else hi = mid;
  }
  return asOf - Math.round(hi);
}

const channelWeights = [
  ['call', 5],
  ['email', 4],
  ['meeting', 1],
] as const;

const attemptNotes = [
  'Intro call booked',
  'Sent the pricing overview',
  'Asked about their current routing',
  'Followed up on the demo request',
  'Shared a customer story from their industry',
  null,
] as const;

/**
 * The attempts a rep logs at the desk after accepting a lead: the first within
 * business hours of the handoff (sooner the better the pace), then a cadence
 * of follow-ups a business day or a few apart, four to six in all while the
 * lead is open.
 */
export function deskAttempts(rng: Random, rep: PacedRep, acceptedAt: number, end: number): Draft[] {
  const out: Draft[] = [];
  const count = rng.int(4, 6);
  const firstHours = clamp(rng.logNormal(0.3 + 3 * (1 - rep.pace), 0.8), 0.05, 24);
  let at = addBusinessTime(rep.workCalendar, new Date(acceptedAt), Math.round(firstHours * hour));
  const businessDay = 8 * hour;
  while (at.getTime() < end && out.length < count) {
    const channel = rng.weighted(channelWeights);
    const outcomes = attemptOutcomes[channel];
    const outcome = rng.chance(0.5) ? outcomes[0] : rng.pick(outcomes);
    out.push({
      at: at.getTime(),
      type: 'sales_attempt',
      name: `${channel}: ${outcome.replaceAll('_', ' ')}`,
      properties: {
        channel,
        outcome,
        note: rng.pick(attemptNotes),
        memberId: rep.id,
        memberName: rep.name,
      },
    });
    const gapDays = clamp(rng.logNormal(0.8 + 3 * (1 - rep.pace), 0.5), 0.2, 10);
    at = addBusinessTime(rep.workCalendar, at, Math.round(gapDays * businessDay));
  }
  return out;
}

export interface DemoAwayPeriod {
  id: string;
  memberId: string;
  startsAt: Date;
  endsAt: Date;
  note: string;
  createdAt: Date;
}

/** A lead routed to its owner at its handoff (the lead.assigned the outbox heard of). */
export interface DemoAssignment {
  contactId: string;
  ownerId: string;
  handoffTransitionId: string;
  at: Date;
  teamId: string;
  rule: string | null;
  reason: string;
}

/** The SLA's life: in force from `eraStart` (the start of the last whole month, UTC). */
export interface DemoSla {
  eraStart: Date;
  /** The contract the clocks ran under; null means none, so no clocks. */
  contract: SlaContract | null;
  routing: { id: string; document: RoutingDocument; createdAt: Date; createdBy: string };
  awayPeriods: DemoAwayPeriod[];
  assignments: DemoAssignment[];
  clocks: DemoClock[];
}

/** A lead handed to its owner by the demo's routing, as the outbox announces it. */
export function routedAssignment(
  contactId: string,
  ownerId: string,
  handoff: { id: string; occurredAt: Date },
  region: 'emea' | 'americas',
  teamId: string,
): DemoAssignment {
  return {
    contactId,
    ownerId,
    handoffTransitionId: handoff.id,
    at: handoff.occurredAt,
    teamId,
    rule: region,
    reason:
      region === 'americas'
        ? 'rule americas (Accounts in the Americas); account owner first'
        : 'rule emea (Accounts in EMEA); weighted by capacity',
  };
}

export function leavePeriod(
  id: string,
  memberId: string,
  leave: { from: number; to: number },
  eraStart: number,
): DemoAwayPeriod {
  return {
    id,
    memberId,
    startsAt: new Date(leave.from),
    endsAt: new Date(leave.to),
    note: 'Annual leave',
    createdAt: new Date(eraStart),
  };
}
