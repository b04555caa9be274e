import { findReasonCode } from '../../core/definitions.js';
import { salesAttemptEventType } from '../../core/sales-activity.js';
import { type SlaContract, validateContract } from '../../core/sla/contract.js';
import { clockEventOfMove, routeStageKeys } from '../../core/sla/lead-events.js';
import {
  buildScorecard,
  type Scorecard,
  type ScorecardClock,
  type ScorecardLead,
} from '../../core/sla/scorecard.js';
import type { Queryable } from '../../store/db.js';
import {
  type HandoffRow,
  type LaterTransition,
  listActivatedContracts,
  listEventTimes,
  listHandoffClocks,
  listHandoffs,
  listScorecardPeople,
  listTeamNames,
  listTransitionsSince,
  type ScorecardPerson,
} from '../../store/sla-scorecards.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { loadMemberCalendars } from './load-member-calendars.js';

/** A month in UTC (the workspace has no time zone of its own): [from, to). */
export interface Month {
  key: string;
  from: Date;
  to: Date;
}

export function monthOf(key: string): Month {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new RangeError(`not a month: ${key}`);
  return {
    key,
    from: new Date(Date.UTC(year, month - 1, 1)),
    to: new Date(Date.UTC(year, month, 1)),
  };
}

export function monthContaining(at: Date): Month {
  const y = at.getUTCFullYear();
  const mo = at.getUTCMonth() + 1;
  return monthOf(`${y}-${String(mo).padStart(2, '0')}`);
}

/** The last whole month before `now`'s. */
export function lastWholeMonth(now: Date): Month {
  const current = monthContaining(now);
  return monthContaining(new Date(current.from.getTime() - 1));
}

/** The scorecard with the people and teams it names, for presenting. */
export interface PeriodScorecard {
  month: Month;
  contractVersion: number;
  contract: SlaContract;
  scorecard: Scorecard;
  /** Handed leads nobody owns now: marketing's delivery, no rep's figures. */
  unassigned: number;
  /** Handed leads credited to no marketer. */
  uncredited: number;
  people: Map<string, ScorecardPerson>;
  teamNames: Map<string, string>;
}

/**
 * The version that governed a period: the last to take effect before it ended
 * (a version signed mid-month governs the rest of it, and the month is judged
 * by the terms in force at its end), or, for a period before any took effect,
 * the first one.
 */
async function contractFor(
  q: Queryable,
  until: Date,
): Promise<{ version: number; contract: SlaContract }> {
  const versions = await listActivatedContracts(q);
  const before = versions.filter((v) => v.activatedAt.getTime() < until.getTime());
  const chosen = before.at(-1) ?? versions[0];
  if (!chosen) throw new Error('No SLA contract has ever been in force; run "tandem migrate"');
  const checked = validateContract(chosen.document);
  if (!checked.ok) throw new Error(`SLA contract version ${chosen.version} is invalid`);
  return { version: chosen.version, contract: checked.contract };
}

/**
 * Reads the leads handed to sales in [from, to) (each move into a route stage
 * is one lead: a lead that qualifies twice is handed twice) and what became of
 * each, by now:
 *
 * - owner: the contact's owner now (clocks and reassignments follow it), else
 *   the owner of the handoff's clocks; a lead nobody owns counts only as
 *   delivered, for marketing and for its marketer.
 * - marketer: contacts.marketer_id.
 * - accepted / rejected: the first of the handoff's later moves that the
 *   clocks read as an acceptance or a rejection (core/sla/lead-events.ts),
 *   before the contact's next handoff.
 * - outcome: the first later move the clocks read as a rejection or an
 *   outcome (the reason code, else the stage moved to).
 * - attempts: sales_attempt events from the handoff until the next handoff.
 * - clocks: the handoff's clocks as they stand.
 */
export async function readPeriodScorecard(
  q: Queryable,
  month: Month,
  until: Date = month.to,
): Promise<PeriodScorecard> {
  const definitions = await loadActiveDefinitions(q);
  const { version, contract } = await contractFor(q, until);
  const routeStages = routeStageKeys(definitions.stages);
  const handoffs = await listHandoffs(q, routeStages, month.from, until);
  const contactIds = [...new Set(handoffs.map((h) => h.contactId))];
  const [transitions, attempts, clocks] = await Promise.all([
    listTransitionsSince(q, contactIds, month.from),
    listEventTimes(q, contactIds, salesAttemptEventType, month.from),
    listHandoffClocks(q, routeStages, month.from, until),
  ]);
  const routeKeys = new Set(routeStages);
  const stageOf = (key: string | null) => definitions.stages.find((s) => s.key === key) ?? null;
  const eventOf = (t: LaterTransition) => {
    const to = stageOf(t.toStage);
    if (!to) return null;
    const code = t.reasonCode ? findReasonCode(definitions, t.reasonCode) : undefined;
    return clockEventOfMove({ from: stageOf(t.fromStage), to, reasonKind: code?.kind ?? null });
  };
  const clocksByHandoff = new Map<string, typeof clocks>();
  for (const c of clocks) {
    const key = `${c.contactId}:${c.handoffSeq}`;
    const list = clocksByHandoff.get(key) ?? [];
    list.push(c);
    clocksByHandoff.set(key, list);
  }
  const byContact = new Map<string, LaterTransition[]>();
  for (const t of transitions) {
    const list = byContact.get(t.contactId) ?? [];
    list.push(t);
    byContact.set(t.contactId, list);
  }

  const leads: (ScorecardLead & { owner: string | null })[] = [];
  for (const h of handoffs) {
    const all = byContact.get(h.contactId) ?? [];
    const next = all.find((t) => t.seq > h.seq && routeKeys.has(t.toStage));
    const later = all.filter((t) => t.seq > h.seq && (!next || t.seq < next.seq));
    let acceptedAt: Date | null = null;
    let rejectedAt: Date | null = null;
    let outcome: string | null = null;
    for (const t of later) {
      const event = eventOf(t);
      if (acceptedAt === null && rejectedAt === null) {
        if (event === 'accepted') acceptedAt = t.occurredAt;
        else if (event === 'rejected') rejectedAt = t.occurredAt;
      }
      if (outcome === null && (event === 'rejected' || event === 'outcome_recorded'))
        outcome = t.reasonCode ?? t.toStage;
    }
    const ends = next?.occurredAt.getTime() ?? Number.POSITIVE_INFINITY;
    const attemptsAt = (attempts.get(h.contactId) ?? []).filter(
      (a) => a.getTime() >= h.handedAt.getTime() && a.getTime() < ends,
    );
    const own = clocksByHandoff.get(`${h.contactId}:${h.seq}`) ?? [];
    const owner = ownerOf(h, own);
    leads.push({
      leadId: `${h.contactId}:${h.seq}`,
      ownerId: owner ?? '',
      owner,
      marketerId: h.marketerId,
      handedAt: h.handedAt,
      acceptedAt,
      rejectedAt,
      attemptsAt,
      outcome,
      clocks: own.map((c): ScorecardClock => ({ clause: c.clause, state: c.state })),
    });
  }

  const owned = leads.filter((l) => l.owner !== null);
  const people = await listScorecardPeople(
    q,
    owned.map((l) => l.ownerId),
  );
  const byId = new Map(people.map((p) => [p.id, p]));
  const ownerIds = new Set(owned.map((l) => l.ownerId));
  const repPeople = people.filter((p) => p.role === 'sales_rep' || ownerIds.has(p.id));
  const calendarOf = await loadMemberCalendars(
    q,
    repPeople.map((p) => p.id),
  );
  const scorecard = buildScorecard({
    contract,
    // Only reps carry a quota; a manager who owns leads is scored on them without one.
    reps: repPeople.map((p) => ({
      id: p.id,
      teamId: p.teamId,
      active: p.active && p.role === 'sales_rep',
      calendar: calendarOf(p.id),
    })),
    marketerIds: people.filter((p) => p.role === 'marketing').map((p) => p.id),
    leads: owned,
  });
  // Leads nobody owns are still marketing's delivery.
  const unassigned = leads.length - owned.length;
  const marketing = scorecard.marketing;
  marketing.delivered = leads.length;
  if (marketing.quota !== null) marketing.quotaMet = leads.length >= marketing.quota;
  // An unowned lead was still delivered by its marketer (no rep has decided on it yet).
  for (const lead of leads) {
    if (lead.owner !== null || lead.marketerId === null) continue;
    let card = marketing.marketers.find((m) => m.marketerId === lead.marketerId);
    if (!card) {
      card = {
        marketerId: lead.marketerId,
        delivered: 0,
        accepted: 0,
        rejected: 0,
        acceptanceRate: null,
      };
      marketing.marketers.push(card);
      marketing.marketers.sort((a, b) => (a.marketerId < b.marketerId ? -1 : 1));
    }
    card.delivered++;
  }
  // Marketers credited on leads but no longer marketing members are named too.
  for (const m of marketing.marketers)
    if (!byId.has(m.marketerId)) {
      const more = await listScorecardPeople(q, [m.marketerId]);
      for (const p of more) byId.set(p.id, p);
    }
  return {
    month,
    contractVersion: version,
    contract,
    scorecard,
    unassigned,
    uncredited: leads.filter((l) => l.marketerId === null).length,
    people: byId,
    teamNames: await listTeamNames(q),
  };
}

function ownerOf(h: HandoffRow, clocks: readonly { ownerId: string | null }[]): string | null {
  if (h.ownerId !== null) return h.ownerId;
  return clocks.find((c) => c.ownerId !== null)?.ownerId ?? null;
}
