import type { RoutingStrategy } from './routing-rules.js';

/**
 * Who in a team gets a routed lead. Pure: the caller loads the team's members
 * and its routing state, and stores the state handed back (a jsonb column), in
 * the same transaction as the assignment, so two routings cannot both read the
 * old state.
 *
 * Order. Candidates are ranked by memberId (UTF-16 code-unit order, never the
 * locale's), whatever order they arrive in. Round robin takes the first member
 * whose id sorts after the last one chosen, wrapping around. Because "after" is
 * a comparison and not a position, a member joining or leaving does not shift
 * anyone else's turn, and the last member chosen may even have left.
 *
 * Eligibility at `now`, one reason per member, checked in this order: inactive,
 * then away (an away period covers now when from ≤ now < to), then at capacity
 * (openLeads ≥ capacity, so capacity 0 means "takes no new leads").
 */

export interface AwayPeriod {
  from: Date;
  to: Date;
}

export interface RoutingCandidate {
  memberId: string;
  /** Only for the human-readable reason; the id is used when absent. */
  name?: string;
  active: boolean;
  awayPeriods: readonly AwayPeriod[];
  /** The most open leads the member takes; a whole number ≥ 0. */
  capacity: number;
  /** Open leads the member owns now; a whole number ≥ 0. */
  openLeads: number;
}

/** A team's routing memory, plain JSON so it can live in a jsonb column. */
export interface TeamRoutingState {
  /** The member the rotation last picked (account-owner picks do not move it). */
  lastMemberId: string | null;
  /** Smooth weighted round robin's current weights, by memberId (whole numbers). */
  credits: Record<string, number>;
}

export type SkipReason = 'inactive' | 'away' | 'at_capacity';

export interface SkippedMember {
  memberId: string;
  reason: SkipReason;
}

export interface ChooseOwnerInput {
  strategy: RoutingStrategy;
  candidates: readonly RoutingCandidate[];
  state: TeamRoutingState;
  now: Date;
  accountOwnerId?: string | null;
}

export interface OwnerChoice {
  /** null when nobody is eligible: the lead waits in the team's queue. */
  memberId: string | null;
  /** Every candidate not eligible now, in member order, with the reason. */
  skipped: SkippedMember[];
  /** The state to store; the input state is never modified. */
  state: TeamRoutingState;
  /** For the audit entry and the handoff brief. */
  reason: string;
}

export function initialRoutingState(): TeamRoutingState {
  return { lastMemberId: null, credits: {} };
}

/**
 * The state from a stored jsonb value, keeping what is well-formed: a missing
 * or damaged value must not stop routing, and starting a rotation afresh is a
 * harmless fallback.
 */
export function readRoutingState(value: unknown): TeamRoutingState {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return initialRoutingState();
  const raw = value as Record<string, unknown>;
  const credits: [string, number][] = [];
  const rawCredits = raw.credits;
  if (typeof rawCredits === 'object' && rawCredits !== null && !Array.isArray(rawCredits))
    for (const [id, credit] of Object.entries(rawCredits))
      if (typeof credit === 'number' && Number.isFinite(credit)) credits.push([id, credit]);
  return {
    lastMemberId: typeof raw.lastMemberId === 'string' ? raw.lastMemberId : null,
    credits: Object.fromEntries(credits),
  };
}

/** Why a member cannot take a lead now, or null when they can (also for manual reassignment). */
export function eligibilityOf(candidate: RoutingCandidate, now: Date): SkipReason | null {
  if (!candidate.active) return 'inactive';
  const t = now.getTime();
  if (candidate.awayPeriods.some((p) => p.from.getTime() <= t && t < p.to.getTime())) return 'away';
  if (candidate.openLeads >= candidate.capacity) return 'at_capacity';
  return null;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/** Bad input is the caller's bug, not a routing outcome: fail loudly. */
function checkInput(input: ChooseOwnerInput): void {
  if (!Number.isFinite(input.now.getTime())) throw new RangeError('now must be a valid Date');
  const seen = new Set<string>();
  for (const c of input.candidates) {
    if (seen.has(c.memberId)) throw new RangeError(`member ${c.memberId} is a candidate twice`);
    seen.add(c.memberId);
    // Whole numbers keep weighted credits exact, in memory and through JSON.
    if (!isCount(c.capacity))
      throw new RangeError(`capacity of ${c.memberId} must be a whole number ≥ 0`);
    if (!isCount(c.openLeads))
      throw new RangeError(`openLeads of ${c.memberId} must be a whole number ≥ 0`);
  }
}

function label(c: RoutingCandidate): string {
  const name = c.name?.trim();
  return name ? name : c.memberId;
}

function skipText(c: RoutingCandidate, reason: SkipReason): string {
  if (reason === 'inactive') return 'is inactive';
  if (reason === 'away') return 'is away';
  return `is at capacity (${c.openLeads} of ${c.capacity})`;
}

function describeSkip(c: RoutingCandidate, reason: SkipReason): string {
  return `${label(c)} ${skipText(c, reason)}`;
}

/** Members in ranking order, starting with the first whose id sorts after `last`. */
function rotation(ordered: RoutingCandidate[], last: string | null): RoutingCandidate[] {
  if (last === null) return ordered;
  const start = ordered.findIndex((c) => compareIds(c.memberId, last) > 0);
  return start <= 0 ? ordered : [...ordered.slice(start), ...ordered.slice(0, start)];
}

interface Team {
  ordered: RoutingCandidate[];
  reasons: Map<string, SkipReason | null>;
  state: TeamRoutingState;
}

function eligible(team: Team, c: RoutingCandidate): boolean {
  return team.reasons.get(c.memberId) === null;
}

function afterLast(team: Team): string {
  const last = team.state.lastMemberId;
  if (last === null) return 'first in order';
  const known = team.ordered.find((c) => c.memberId === last);
  return `next after ${known ? label(known) : `member ${last}`}`;
}

/** Round robin: the first eligible member in rotation; also the fallback of account owner first. */
function roundRobin(team: Team): { chosen: RoutingCandidate; text: string } | null {
  const order = rotation(team.ordered, team.state.lastMemberId);
  const passed: string[] = [];
  for (const c of order) {
    const reason = team.reasons.get(c.memberId) ?? null;
    if (reason === null) {
      const skips = passed.length > 0 ? `; passed over ${passed.join(', ')}` : '';
      return { chosen: c, text: `round robin: ${label(c)}, ${afterLast(team)}${skips}` };
    }
    passed.push(describeSkip(c, reason));
  }
  return null;
}

/**
 * Smooth weighted round robin (nginx): every eligible member's credit grows by
 * its capacity, the highest credit wins (ties: member order) and pays back the
 * eligible total. Credits of members who are present but ineligible are kept,
 * as nginx keeps a down peer's current weight, so someone back from leave
 * neither jumps the queue nor loses their place.
 */
function weighted(
  team: Team,
  credits: Map<string, number>,
): { chosen: RoutingCandidate; total: number } | null {
  const pool = team.ordered.filter((c) => eligible(team, c));
  let total = 0;
  let chosen: RoutingCandidate | null = null;
  let top = 0;
  for (const c of pool) {
    total += c.capacity;
    const credit = (credits.get(c.memberId) ?? 0) + c.capacity;
    credits.set(c.memberId, credit);
    if (chosen === null || credit > top) {
      chosen = c;
      top = credit;
    }
  }
  if (!chosen) return null;
  credits.set(chosen.memberId, top - total);
  return { chosen, total };
}

/** Below 0 when a carries less than b: openLeads/capacity compared exactly, without division. */
function lighter(a: RoutingCandidate, b: RoutingCandidate): number {
  return a.openLeads * b.capacity - b.openLeads * a.capacity;
}

/** Least loaded: lowest openLeads/capacity; ties go to the first in round robin order. */
function leastLoaded(team: Team): { chosen: RoutingCandidate; tied: RoutingCandidate[] } | null {
  const pool = rotation(team.ordered, team.state.lastMemberId).filter((c) => eligible(team, c));
  let best: RoutingCandidate | null = null;
  for (const c of pool) if (best === null || lighter(c, best) < 0) best = c;
  if (!best) return null;
  const chosen = best;
  return { chosen, tied: pool.filter((c) => c !== chosen && lighter(c, chosen) === 0) };
}

function percent(c: RoutingCandidate): string {
  return `${Math.round((100 * c.openLeads) / c.capacity)}%`;
}

/**
 * Credits of members no longer in the team are dropped, so the state stays
 * bounded. A Map, not an object, while working: ids are data, and an id such as
 * "constructor" must not read a prototype's property.
 */
function keptCredits(state: TeamRoutingState, ids: Set<string>): Map<string, number> {
  const credits = new Map<string, number>();
  for (const [id, credit] of Object.entries(state.credits))
    if (ids.has(id) && typeof credit === 'number' && Number.isFinite(credit))
      credits.set(id, credit);
  return credits;
}

const strategyNames: Record<RoutingStrategy, string> = {
  round_robin: 'round robin',
  weighted: 'weighted by capacity',
  least_loaded: 'least loaded',
  account_owner_first: 'account owner first',
};

function nobody(team: Team, strategy: RoutingStrategy): string {
  if (team.ordered.length === 0) return `${strategyNames[strategy]}: the team has no members`;
  const why = team.ordered.map((c) => describeSkip(c, team.reasons.get(c.memberId)!));
  return `${strategyNames[strategy]}: nobody is available (${why.join('; ')})`;
}

function ownerNote(team: Team, ownerId: string | null | undefined): string {
  if (ownerId === null || ownerId === undefined) return 'the account has no owner';
  const owner = team.ordered.find((c) => c.memberId === ownerId);
  if (!owner) return `the account owner (member ${ownerId}) is not in this team`;
  return `the account owner ${label(owner)} ${skipText(owner, team.reasons.get(ownerId)!)}`;
}

/** Picks the member for one lead; same input, same output. */
export function chooseOwner(input: ChooseOwnerInput): OwnerChoice {
  checkInput(input);
  const ordered = [...input.candidates].sort((a, b) => compareIds(a.memberId, b.memberId));
  const reasons = new Map(ordered.map((c) => [c.memberId, eligibilityOf(c, input.now)]));
  const credits = keptCredits(input.state, new Set(reasons.keys()));
  const team: Team = { ordered, reasons, state: input.state };
  const skipped: SkippedMember[] = [];
  for (const c of ordered) {
    const reason = reasons.get(c.memberId);
    if (reason) skipped.push({ memberId: c.memberId, reason });
  }
  // Object.fromEntries defines own properties, so even odd ids stay plain data.
  const stay = (reason: string): OwnerChoice => ({
    memberId: null,
    skipped,
    state: { lastMemberId: input.state.lastMemberId, credits: Object.fromEntries(credits) },
    reason,
  });
  const pick = (c: RoutingCandidate, reason: string, moves = true): OwnerChoice => ({
    memberId: c.memberId,
    skipped,
    state: {
      lastMemberId: moves ? c.memberId : input.state.lastMemberId,
      credits: Object.fromEntries(credits),
    },
    reason,
  });

  switch (input.strategy) {
    case 'round_robin': {
      const next = roundRobin(team);
      return next ? pick(next.chosen, next.text) : stay(nobody(team, input.strategy));
    }
    case 'weighted': {
      const won = weighted(team, credits);
      if (!won) return stay(nobody(team, input.strategy));
      const { chosen, total } = won;
      return pick(
        chosen,
        `weighted by capacity: ${label(chosen)} (capacity ${chosen.capacity} of ${total} available; highest credit)`,
      );
    }
    case 'least_loaded': {
      const best = leastLoaded(team);
      if (!best) return stay(nobody(team, input.strategy));
      const { chosen, tied } = best;
      const ties =
        tied.length > 0
          ? `; tied with ${tied.map(label).join(', ')}, taken in round robin order (${afterLast(team)})`
          : '';
      return pick(
        chosen,
        `least loaded: ${label(chosen)} with ${chosen.openLeads} of ${chosen.capacity} open (${percent(chosen)})${ties}`,
      );
    }
    case 'account_owner_first': {
      const ownerId = input.accountOwnerId;
      const owner = ordered.find((c) => c.memberId === ownerId);
      // The owner's pick is outside the rotation, so it does not cost anyone else a turn.
      if (owner && eligible(team, owner))
        return pick(owner, `account owner first: ${label(owner)} owns the account`, false);
      const note = ownerNote(team, ownerId);
      const next = roundRobin(team);
      return next
        ? pick(next.chosen, `account owner first: ${note}; ${next.text}`)
        : stay(`${nobody(team, input.strategy)}; ${note}`);
    }
  }
}
