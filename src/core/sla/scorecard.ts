import { businessTimeBetween } from '../business-time/business-time.js';
import type { BusinessCalendar } from '../business-time/calendar.js';
import type { ClockState } from './clocks.js';
import { type SalesClauseKey, type SlaContract, salesClauseKeys } from './contract.js';

/**
 * The monthly scorecard (DESIGN.md §1: "metrics and a monthly award for the
 * best performers against the SLA"), aggregated from plain rows the service
 * reads. The service decides which leads belong to the month (handed in it, by
 * the workspace's month boundaries) and whom each is attributed to; everything
 * here is arithmetic over what it is given, so a report can be recomputed from
 * the same rows.
 *
 * Definitions:
 * - delivered: leads handed to sales (one row each). Quota: mqls_per_rep ×
 *   active reps (a rep's own quota is mqls_per_rep if active, else 0).
 * - acceptance rate: accepted ÷ (accepted + rejected). A lead still awaiting
 *   a decision counts against neither side's quality; the accept_within clock
 *   already holds sales to account for the wait.
 * - time to first attempt: business ms from handoff to the earliest attempt, in
 *   the owner's calendar; leads without an attempt are left out (they show as
 *   first_attempt_within breaches or open clocks). Percentiles are nearest-rank
 *   (the ⌈p·n⌉-th smallest), so every figure is a time some lead really took.
 * - within SLA, per clause: met ÷ (met + breached). Open clocks have not been
 *   decided, cancelled ones were owed to nobody; neither counts. Cadence
 *   compliance is that share for attempt_cadence.
 * - outcomes recorded: leads with an outcome ÷ leads handed.
 *
 * Awards: a rep and a marketer, each ranked by the smoothed success share
 * (successes + 1) ÷ (trials + 2) (Laplace's rule of succession), so one lead
 * handled well does not beat forty handled almost as well: 1 of 1 scores 0.67,
 * 39 of 40 scores 0.95. For a rep, trials are their settled clocks (met or
 * breached) and successes the met ones: every sales clause weighs the same. For
 * a marketer, trials are their decided leads and successes the accepted ones:
 * the quality side of the promise, since quantity is a team's quota, not one
 * marketer's. Ties go to more trials (more evidence), then to the smaller id,
 * so the same rows always crown the same people. Nobody without a trial wins.
 */

export interface ScorecardRep {
  id: string;
  teamId: string | null;
  /** Active during the month: only active reps carry a quota. */
  active: boolean;
  calendar: BusinessCalendar;
}

export interface ScorecardClock {
  clause: SalesClauseKey;
  state: ClockState;
}

export interface ScorecardLead {
  leadId: string;
  /** The rep the month's figures hold accountable (the service picks, e.g. the owner at month end). */
  ownerId: string;
  /** The marketer credited with the lead (e.g. the owner of the campaign that qualified it). */
  marketerId: string | null;
  handedAt: Date;
  acceptedAt: Date | null;
  rejectedAt: Date | null;
  attemptsAt: readonly Date[];
  /** The recorded outcome (a stage or reason code), null while none is. */
  outcome: string | null;
  clocks: readonly ScorecardClock[];
}

export interface ScorecardInput {
  contract: SlaContract;
  reps: readonly ScorecardRep[];
  /** Marketers to list even without leads; those credited in the rows are listed anyway. */
  marketerIds?: readonly string[];
  leads: readonly ScorecardLead[];
}

export interface ClauseTally {
  met: number;
  breached: number;
  open: number;
  cancelled: number;
  /** met ÷ (met + breached), null when nothing was decided. */
  withinShare: number | null;
}

export interface SalesFigures {
  delivered: number;
  /** null when the contract has no mqls_per_rep clause. */
  quota: number | null;
  accepted: number;
  rejected: number;
  acceptanceRate: number | null;
  firstAttempt: { leads: number; medianMs: number | null; p90Ms: number | null };
  clauses: Record<SalesClauseKey, ClauseTally>;
  /** Every clause together. */
  withinSla: ClauseTally;
  cadenceCompliance: number | null;
  outcomesRecorded: { recorded: number; share: number | null };
}

export interface RepCard extends SalesFigures {
  repId: string;
  teamId: string | null;
  active: boolean;
}

export interface TeamCard extends SalesFigures {
  teamId: string | null;
  activeReps: number;
}

export interface MarketerCard {
  marketerId: string;
  delivered: number;
  accepted: number;
  rejected: number;
  acceptanceRate: number | null;
}

export interface MarketingCard {
  delivered: number;
  quota: number | null;
  quotaMet: boolean | null;
  accepted: number;
  rejected: number;
  acceptanceRate: number | null;
  /** Whether the acceptance rate reached accepted_share; null without the clause or a decided lead. */
  acceptedShareMet: boolean | null;
  /** Leads credited to no marketer are still marketing's, so they count here. */
  marketers: MarketerCard[];
}

export interface Standing {
  id: string;
  successes: number;
  trials: number;
  /** (successes + 1) ÷ (trials + 2). */
  score: number;
}

export interface Scorecard {
  reps: RepCard[];
  teams: TeamCard[];
  marketing: MarketingCard;
  leaderboard: { reps: Standing[]; marketers: Standing[] };
  awards: { rep: Standing | null; marketer: Standing | null };
}

/**
 * The ⌈n·percent/100⌉-th smallest of ascending values (nearest rank), null for
 * none. The percent is a whole number so the rank is exact: 0.9 × 70 is
 * 63.00000000000001 in floating point, which would round up to the 64th.
 */
export function percentile(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function emptyTally(): ClauseTally {
  return { met: 0, breached: 0, open: 0, cancelled: 0, withinShare: null };
}

function countClock(tally: ClauseTally, state: ClockState): void {
  if (state === 'met') tally.met++;
  else if (state === 'breached') tally.breached++;
  else if (state === 'cancelled') tally.cancelled++;
  else tally.open++;
}

function finishTally(tally: ClauseTally): ClauseTally {
  return { ...tally, withinShare: share(tally.met, tally.met + tally.breached) };
}

/** A lead's figures once, so reps and teams add the same numbers. */
interface LeadFacts {
  lead: ScorecardLead;
  firstAttemptMs: number | null;
}

function salesFigures(facts: readonly LeadFacts[], quota: number | null): SalesFigures {
  const clauses = Object.fromEntries(salesClauseKeys.map((k) => [k, emptyTally()])) as Record<
    SalesClauseKey,
    ClauseTally
  >;
  const all = emptyTally();
  let accepted = 0;
  let rejected = 0;
  let recorded = 0;
  const times: number[] = [];
  for (const { lead, firstAttemptMs } of facts) {
    if (lead.acceptedAt) accepted++;
    else if (lead.rejectedAt) rejected++;
    if (lead.outcome !== null) recorded++;
    if (firstAttemptMs !== null) times.push(firstAttemptMs);
    for (const clock of lead.clocks) {
      countClock(clauses[clock.clause], clock.state);
      countClock(all, clock.state);
    }
  }
  times.sort((a, b) => a - b);
  for (const key of salesClauseKeys) clauses[key] = finishTally(clauses[key]);
  return {
    delivered: facts.length,
    quota,
    accepted,
    rejected,
    acceptanceRate: share(accepted, accepted + rejected),
    firstAttempt: {
      leads: times.length,
      medianMs: percentile(times, 50),
      p90Ms: percentile(times, 90),
    },
    clauses,
    withinSla: finishTally(all),
    cadenceCompliance: clauses.attempt_cadence.withinShare,
    outcomesRecorded: { recorded, share: share(recorded, facts.length) },
  };
}

function standing(id: string, successes: number, trials: number): Standing {
  return { id, successes, trials, score: (successes + 1) / (trials + 2) };
}

/** Exact comparison of the smoothed shares by cross-multiplying whole numbers. */
function compareStandings(a: Standing, b: Standing): number {
  const left = (b.successes + 1) * (a.trials + 2);
  const right = (a.successes + 1) * (b.trials + 2);
  if (left !== right) return left - right;
  if (a.trials !== b.trials) return b.trials - a.trials;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function rank(standings: Standing[]): Standing[] {
  return standings.sort(compareStandings);
}

const byId = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

export function buildScorecard(input: ScorecardInput): Scorecard {
  const { contract } = input;
  const perRep = contract.marketing.mqls_per_rep?.perMonth ?? null;
  const reps = new Map(input.reps.map((r) => [r.id, r]));

  const factsByRep = new Map<string, LeadFacts[]>(input.reps.map((r) => [r.id, []]));
  for (const lead of input.leads) {
    const rep = reps.get(lead.ownerId);
    if (!rep)
      throw new RangeError(
        `lead ${lead.leadId} is owned by ${lead.ownerId}, who is not among the reps`,
      );
    let first: number | null = null;
    for (const t of lead.attemptsAt) if (first === null || t.getTime() < first) first = t.getTime();
    factsByRep.get(rep.id)!.push({
      lead,
      firstAttemptMs:
        first === null ? null : businessTimeBetween(rep.calendar, lead.handedAt, new Date(first)),
    });
  }

  const repCards: RepCard[] = [...input.reps]
    .sort((a, b) => byId(a.id, b.id))
    .map((rep) => ({
      repId: rep.id,
      teamId: rep.teamId,
      active: rep.active,
      ...salesFigures(factsByRep.get(rep.id)!, perRep === null ? null : rep.active ? perRep : 0),
    }));

  const teamIds = [...new Set(input.reps.map((r) => r.teamId))].sort(byId);
  const teams: TeamCard[] = teamIds.map((teamId) => {
    const members = input.reps.filter((r) => r.teamId === teamId);
    const activeReps = members.filter((r) => r.active).length;
    return {
      teamId,
      activeReps,
      ...salesFigures(
        members.flatMap((r) => factsByRep.get(r.id)!),
        perRep === null ? null : perRep * activeReps,
      ),
    };
  });

  const marketers = new Map<string, MarketerCard>();
  const marketer = (id: string): MarketerCard => {
    let card = marketers.get(id);
    if (!card) {
      card = { marketerId: id, delivered: 0, accepted: 0, rejected: 0, acceptanceRate: null };
      marketers.set(id, card);
    }
    return card;
  };
  for (const id of input.marketerIds ?? []) marketer(id);
  for (const lead of input.leads) {
    if (lead.marketerId === null) continue;
    const card = marketer(lead.marketerId);
    card.delivered++;
    if (lead.acceptedAt) card.accepted++;
    else if (lead.rejectedAt) card.rejected++;
  }
  const marketerCards = [...marketers.values()]
    .map((m) => ({ ...m, acceptanceRate: share(m.accepted, m.accepted + m.rejected) }))
    .sort((a, b) => byId(a.marketerId, b.marketerId));

  const accepted = repCards.reduce((n, r) => n + r.accepted, 0);
  const rejected = repCards.reduce((n, r) => n + r.rejected, 0);
  const acceptanceRate = share(accepted, accepted + rejected);
  const quota = perRep === null ? null : perRep * input.reps.filter((r) => r.active).length;
  const target = contract.marketing.accepted_share?.atLeast;
  const marketing: MarketingCard = {
    delivered: input.leads.length,
    quota,
    quotaMet: quota === null ? null : input.leads.length >= quota,
    accepted,
    rejected,
    acceptanceRate,
    acceptedShareMet:
      target === undefined || acceptanceRate === null ? null : acceptanceRate >= target,
    marketers: marketerCards,
  };

  const repBoard = rank(
    repCards.map((r) => standing(r.repId, r.withinSla.met, r.withinSla.met + r.withinSla.breached)),
  );
  const marketerBoard = rank(
    marketerCards.map((m) => standing(m.marketerId, m.accepted, m.accepted + m.rejected)),
  );
  const winner = (board: Standing[]): Standing | null => board.find((s) => s.trials > 0) ?? null;
  return {
    reps: repCards,
    teams,
    marketing,
    leaderboard: { reps: repBoard, marketers: marketerBoard },
    awards: { rep: winner(repBoard), marketer: winner(marketerBoard) },
  };
}
