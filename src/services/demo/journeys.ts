import { DateTime } from 'luxon';
import { defaultReasonCodes, type ReasonKind } from '../../core/definitions.js';
import type { Random, Weighted } from './random.js';
import { marketingExitCodes, qualificationNotes, reasonNotes } from './word-lists.js';

/**
 * A contact's way through the funnel: which stages, in what order, when, and
 * who moved it. Paths only use moves the default stage definitions allow
 * (core/stages.ts); the unit tests check that against the definitions.
 */

export const hour = 3_600_000;
export const day = 24 * hour;

export type Stage =
  | 'subscriber'
  | 'lead'
  | 'mql'
  | 'pql'
  | 'cql'
  | 'sal'
  | 'sql'
  | 'opportunity'
  | 'customer'
  | 'recycled'
  | 'disqualified';

export const routeStages: readonly Stage[] = ['mql', 'pql', 'cql'];
const salesStages: readonly Stage[] = ['sal', 'sql', 'opportunity', 'customer'];

/** Who moves a contact: scoring (system), the owning rep, or marketing cleaning its lists. */
export type Mover = 'system' | 'owner' | 'marketer';

export interface Step {
  from: Stage | null;
  to: Stage;
  at: number;
  mover: Mover;
  /** A reason code of the default definitions: on every exit, never elsewhere. */
  reasonCode: string | null;
  /** A short note: why scoring handed the contact over, or what a rep added to a code. */
  reason: string | null;
}

export interface Journey {
  createdAt: number;
  steps: Step[];
  /** True once a qualification route handed the contact to sales: it then has an owner. */
  routed: boolean;
}

/**
 * Most contacts never leave marketing's hands; a few per hundred become
 * customers. Sales works under an SLA (accept or reject within hours), so few
 * handoffs sit undecided in MQL/PQL/CQL: most were accepted (SAL) or turned
 * down (recycled, disqualified) by now.
 */
const finalStages: Weighted<Stage> = [
  ['subscriber', 21],
  ['lead', 35],
  ['mql', 0.8],
  ['pql', 0.3],
  ['cql', 0.3],
  ['sal', 11],
  ['sql', 3],
  ['opportunity', 3],
  ['customer', 3],
  ['recycled', 12],
  ['disqualified', 10.6],
];

const studentFinalStages: Weighted<Stage> = [
  ['subscriber', 40],
  ['lead', 30],
  ['disqualified', 30],
];

const routes: Weighted<Stage> = [
  ['mql', 70],
  ['pql', 18],
  ['cql', 12],
];

/**
 * The stage a recycled or disqualified contact left from. Most handoffs are
 * accepted (the MQL criteria are co-signed), so sales more often closes a lead
 * out after working it (SAL) than turns it down on arrival.
 */
const recycledFrom: Weighted<Stage> = [
  ['lead', 5],
  ['mql', 28],
  ['sal', 37],
  ['sql', 10],
  ['opportunity', 20],
];
const disqualifiedFrom: Weighted<Stage> = [
  ['subscriber', 10],
  ['lead', 25],
  ['mql', 22],
  ['sal', 28],
  ['sql', 5],
  ['opportunity', 10],
];

export interface JourneyInput {
  rng: Random;
  asOf: number;
  windowStart: number;
  isStudent: boolean;
  ownerTimeZone: string;
  /**
   * The instant the owner decided (accepted or rejected) a lead handed at
   * `handedAt`, or null for the default pace; `firstHandedAt` is the lead's
   * first handoff, which picks the owner. Lets the SLA story set each rep's pace.
   */
  decide?: (firstHandedAt: number, handedAt: number, to: Stage) => number | null;
  /** How long ago a lead still waiting in a route stage was handed over, or null for the default. */
  waitingSince?: () => number | null;
  /** The owner's next working instant from `at` when they are on leave then; `at` otherwise. */
  available?: (at: number) => number;
}

function entry(rng: Random, toRoute: boolean): Stage[] {
  const r = rng.next();
  if (r < 0.22) return toRoute && rng.chance(0.5) ? ['subscriber'] : ['subscriber', 'lead'];
  return ['lead'];
}

/** The sequence of stages, creation first. */
function planStages(rng: Random, isStudent: boolean): Stage[] {
  const final = rng.weighted(isStudent ? studentFinalStages : finalStages);
  if (final === 'subscriber') return ['subscriber'];
  if (final === 'lead') return entry(rng, false);
  let exitFrom: Stage | null = null;
  if (final === 'recycled') exitFrom = rng.weighted(recycledFrom);
  if (final === 'disqualified') exitFrom = isStudent ? 'lead' : rng.weighted(disqualifiedFrom);
  if (exitFrom === 'subscriber') return ['subscriber', 'disqualified'];
  if (exitFrom === 'lead') return [...entry(rng, false), final];

  const route = routeStages.includes(final) ? final : rng.weighted(routes);
  const path = entry(rng, true);
  // A few contacts came back: rejected once, nurtured, then qualified again.
  if ((final === 'mql' || final === 'sal') && rng.chance(0.12)) path.push('mql', 'recycled');
  path.push(route);
  const last: Stage = exitFrom ?? final;
  if (routeStages.includes(last)) return exitFrom ? [...path, final] : path;
  for (const s of salesStages) {
    path.push(s);
    if (s === last) break;
  }
  if (exitFrom) path.push(final);
  return path;
}

function moverOf(from: Stage, to: Stage): Mover {
  if (routeStages.includes(to) || (from === 'subscriber' && to === 'lead')) return 'system';
  if (from === 'subscriber' || from === 'lead') return 'marketer';
  return 'owner';
}

type Exit = 'recycled' | 'disqualified';

/** Sales' codes of one kind that lead to one exit, as the definitions list them. */
function codesFor(kind: ReasonKind, outcome: Exit): string[] {
  return defaultReasonCodes
    .filter((r) => r.kind === kind && r.outcome === outcome)
    .map((r) => r.key);
}

const salesCodes: Record<ReasonKind, Record<Exit, string[]>> = {
  reject: {
    recycled: codesFor('reject', 'recycled'),
    disqualified: codesFor('reject', 'disqualified'),
  },
  lost: { recycled: codesFor('lost', 'recycled'), disqualified: codesFor('lost', 'disqualified') },
};

/**
 * The reason code and note a move carries. Handed-over leads sales turns down
 * (from a route stage or SAL) get reject codes; deals that fall through after
 * SQL get lost codes; marketing's own clean-up before any handoff gets a few
 * codes of its own. Automatic qualification says which criteria were met.
 */
function reasonOf(
  rng: Random,
  from: Stage,
  to: Stage,
  isStudent: boolean,
): { reasonCode: string | null; reason: string | null } {
  if (to === 'mql' || to === 'pql' || to === 'cql')
    return { reasonCode: null, reason: qualificationNotes[to] };
  if (to !== 'recycled' && to !== 'disqualified') return { reasonCode: null, reason: null };
  let code: string;
  if (isStudent && to === 'disqualified') code = 'student';
  else {
    const list: readonly string[] =
      from === 'subscriber' || from === 'lead'
        ? marketingExitCodes[to]
        : salesCodes[from === 'sql' || from === 'opportunity' ? 'lost' : 'reject'][to];
    // A non-student is never disqualified as one: the title would contradict the code.
    code = rng.pick(list.filter((c) => c !== 'student'));
  }
  const notes = reasonNotes[code] ?? [];
  const note = notes.length > 0 && rng.chance(0.5) ? rng.pick(notes) : null;
  return { reasonCode: code, reason: note };
}

/** Lognormal gap in ms, clamped: most moves are quick, a few drag on. */
function gap(rng: Random, medianDays: number, minDays: number, maxDays: number): number {
  const days = Math.min(maxDays, Math.max(minDays, rng.logNormal(medianDays, 0.6)));
  return days * day;
}

function gapAfter(rng: Random, from: Stage, to: Stage): number {
  if (from === 'recycled') return gap(rng, 20, 8, 35);
  if (routeStages.includes(from))
    return to === 'sal' ? gap(rng, 0.25, 0.02, 3) : gap(rng, 1, 0.1, 5);
  if (from === 'sal') return to === 'sql' ? gap(rng, 6, 2, 14) : gap(rng, 8, 3, 20);
  if (from === 'sql') return to === 'opportunity' ? gap(rng, 6, 2, 14) : gap(rng, 9, 4, 20);
  if (from === 'opportunity') return to === 'customer' ? gap(rng, 20, 10, 35) : gap(rng, 18, 7, 35);
  return gap(rng, 10, 1, 40);
}

/** How long ago the last move happened: open stages are recent, closed ones anywhere. */
function recency(rng: Random, final: Stage): number {
  switch (final) {
    case 'mql':
    case 'pql':
    case 'cql':
      return gap(rng, 1.2, 0.05, 12);
    case 'sal':
      return gap(rng, 5, 0.5, 18);
    case 'sql':
      return gap(rng, 7, 1, 25);
    case 'opportunity':
      return gap(rng, 12, 1, 35);
    default:
      return rng.float(0.5, 60) * day;
  }
}

/**
 * Reps act in their working hours (Mon–Fri 9:00–17:30 local): a move that
 * would fall off hours waits for the next working morning.
 */
export function toWorkingTime(rng: Random, at: number, zone: string): number {
  let local = DateTime.fromMillis(at, { zone });
  const minutes = local.hour * 60 + local.minute;
  if (local.weekday <= 5 && minutes >= 540 && minutes < 1050) return at;
  if (local.weekday > 5 || minutes >= 1050) local = local.plus({ days: 1 });
  while (local.weekday > 5) local = local.plus({ days: 1 });
  const morning = local.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  return morning.toMillis() + rng.int(5, 180) * 60_000;
}

function timeline(
  rng: Random,
  stages: Stage[],
  anchor: number,
  gaps: number[],
  start: number,
  limit: number,
  input: JourneyInput,
): number[] | null {
  for (let scale = 1; scale > 0.1; scale *= 0.6) {
    const times = [start];
    let t = start;
    for (const [i, g] of gaps.entries()) {
      const from = stages[anchor + i]!;
      const to = stages[anchor + i + 1]!;
      t += g * scale;
      if (moverOf(from, to) === 'owner') {
        t = toWorkingTime(rng, t, input.ownerTimeZone);
        if (input.available) t = input.available(t);
      }
      // The decision on a handoff follows the owner's pace when the SLA story sets one.
      if (input.decide && routeStages.includes(from)) {
        const decided = input.decide(start, times[i]!, to);
        if (decided !== null) t = decided;
      }
      times.push(t);
    }
    if (t <= limit) return times;
  }
  return null;
}

/**
 * Places the stages in time. The anchor is the first qualification (or the
 * first move at all): the steps after it are laid out forwards with realistic
 * gaps so the last one lands a plausible while before `asOf`, and the anchor
 * stays inside the 90-day window so the engagement leading to it is visible.
 */
export function planJourney(input: JourneyInput): Journey {
  const { rng, asOf, windowStart } = input;
  const stages = planStages(rng, input.isStudent);
  const final = stages[stages.length - 1]!;
  const limit = asOf - 15 * 60_000;
  const routed = stages.some((s) => routeStages.includes(s));
  let anchor = stages.findIndex((s) => routeStages.includes(s));
  if (anchor < 0) anchor = stages.length > 1 ? 1 : 0;

  const times: number[] = [];
  let createdAt: number;
  if (anchor === 0) {
    createdAt = rng.chance(0.7)
      ? rng.float(windowStart, asOf - 2 * hour)
      : rng.float(asOf - 365 * day, windowStart);
    times.push(createdAt);
  } else {
    const earliest = windowStart + rng.float(2, 8) * day;
    const gaps = stages.slice(anchor + 1).map((to, i) => gapAfter(rng, stages[anchor + i]!, to));
    // Waiting for working hours adds about 0.7 days a move on average.
    const span = gaps.reduce((sum, g) => sum + g + 0.7 * day, 0);
    let age = recency(rng, final);
    if (routeStages.includes(final)) age = input.waitingSince?.() ?? age;
    const start = Math.max(earliest, Math.min(asOf - age - span, limit));
    const laid = timeline(rng, stages, anchor, gaps, start, limit, input);
    // Off-hours waiting can push a long path past asOf; then it runs straight through.
    const forward = laid ?? linear(start, limit, stages.length - anchor);
    createdAt = forward[0]! - Math.min(300, Math.max(1, rng.logNormal(12, 0.9))) * day;
    times.push(createdAt);
    // Moves before the anchor (subscriber → lead) fall between creation and the anchor, in order.
    for (let i = 1; i < anchor; i++) {
      const lo = Math.max(times[i - 1]!, windowStart) + hour;
      const hi = forward[0]! - hour;
      times.push(lo < hi ? rng.float(lo, hi) : (times[i - 1]! + forward[0]!) / 2);
    }
    times.push(...forward);
  }

  const steps: Step[] = stages.map((to, i) => {
    const from = i === 0 ? null : stages[i - 1]!;
    return {
      from,
      to,
      at: Math.round(times[i]!),
      mover: from === null ? 'system' : moverOf(from, to),
      ...(from === null
        ? { reasonCode: null, reason: null }
        : reasonOf(rng, from, to, input.isStudent)),
    };
  });
  return { createdAt: steps[0]!.at, steps, routed };
}

function linear(start: number, end: number, count: number): number[] {
  const step = (end - start) / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => start + i * step);
}
