import { systemActor } from '../../core/roles.js';
import {
  chooseOwner,
  type RoutingCandidate,
  readRoutingState,
} from '../../core/routing/choose-owner.js';
import { type RoutingStrategy, validateRouting } from '../../core/routing/routing-rules.js';
import { openLeadStageKeys } from '../../core/sla/lead-events.js';
import { insertAudit } from '../../store/audit.js';
import type { Db, Queryable } from '../../store/db.js';
import { loadAwayPeriods } from '../../store/member-calendars.js';
import {
  findActiveRouting,
  loadTeamCandidates,
  lockTeamRoutingState,
  saveTeamRoutingState,
} from '../../store/routing.js';
import {
  clearPendingReassignments,
  lockPendingReassignments,
  pendingReassignmentLeads,
} from '../../store/sla-clocks.js';
import { lockLeadForHandover, setContactOwner } from '../../store/sla-escalations.js';
import { announceAssignments } from '../leads/lead-notifications.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { applyClockEvent } from './apply-clock-events.js';

export type HandoverResult =
  | { kind: 'reassigned'; from: string; to: string; reason: string }
  | { kind: 'waiting'; reason: string }
  | { kind: 'moved_on' }
  | { kind: 'busy' };

/**
 * The escalation `reassignOnBreach` (contract.escalation, off by default):
 * leads whose accept or first-attempt clock the sweep breached go to another
 * eligible rep of the owner's team, picked by that team's routing — the
 * strategy the routing version in force gives the team (its first rule
 * naming it, else the fallback; round robin when it names the team nowhere),
 * with the team's rotation state under the team row's lock, the breaching
 * owner left out. Each handover is audited (`contact.assigned` with the
 * reason), announced (`lead.assigned`), and moves the lead's open clocks to
 * the new owner (apply-clock-events' reassignment: the remaining business
 * time on the new owner's calendar).
 *
 * One transaction per lead, locking the contact first like every lead
 * action; a lead someone is editing is skipped and tried on the next run
 * (the owed reassignment stays marked on its breached clock). A lead that
 * moved on meanwhile (decided, closed, or given to someone else by a
 * manager) is left alone; a team with nobody else available leaves the lead
 * where it is, audited so the manager sees why.
 */
export async function reassignBreachedLeads(input: {
  db: Db;
  now: Date;
  limit?: number;
}): Promise<{ done: number; busy: number; full: boolean }> {
  const { db, now } = input;
  const limit = input.limit ?? 50;
  const leads = await pendingReassignmentLeads(db, now, limit);
  let done = 0;
  let busy = 0;
  for (const contactId of leads) {
    const result = await db.transaction((tx) => handOver(tx, contactId, now));
    if (result.kind === 'busy') busy++;
    else done++;
  }
  return { done, busy, full: leads.length === limit };
}

async function handOver(tx: Queryable, contactId: string, now: Date): Promise<HandoverResult> {
  const lead = await lockLeadForHandover(tx, contactId);
  if (!lead) return { kind: 'busy' };
  const pending = await lockPendingReassignments(tx, contactId);
  if (pending.length === 0) return { kind: 'moved_on' };
  await clearPendingReassignments(
    tx,
    pending.map((p) => p.id),
  );
  const breachedOwner = pending[0]!.ownerId;
  const definitions = await loadActiveDefinitions(tx);
  if (
    breachedOwner === null ||
    lead.ownerId !== breachedOwner ||
    !openLeadStageKeys(definitions.stages).includes(lead.stage)
  )
    return { kind: 'moved_on' };

  const clauses = pending.map((p) => p.clock.clause);
  const why = `SLA breached (${clauses.join(', ')}); the contract hands the lead on`;
  const teamId = lead.ownerTeamId;
  const waiting = async (reason: string): Promise<HandoverResult> => {
    await insertAudit(tx, systemActor, {
      action: 'contact.routing_waiting',
      subjectType: 'contact',
      subjectId: contactId,
      changes: { teamId, reason, slaClockIds: pending.map((p) => p.id) },
    });
    return { kind: 'waiting', reason };
  };
  if (teamId === null) return waiting(`${why}; the owner is in no team, so it stays with them`);

  const routing = await findActiveRouting(tx);
  const strategy = teamStrategy(routing?.document, teamId);
  const locked = await lockTeamRoutingState(tx, teamId);
  if (!locked) return waiting(`${why}; the owner's team is gone, so it stays with them`);
  const rows = await loadTeamCandidates(tx, teamId, openLeadStageKeys(definitions.stages));
  const others = rows.filter((r) => r.memberId !== breachedOwner);
  const away = await loadAwayPeriods(
    tx,
    others.map((r) => r.memberId),
    now,
  );
  const candidates: RoutingCandidate[] = others.map((r) => ({
    ...r,
    awayPeriods: away.get(r.memberId) ?? [],
  }));
  const choice = chooseOwner({
    strategy,
    candidates,
    state: readRoutingState(locked.state),
    now,
    accountOwnerId: lead.accountOwnerId === breachedOwner ? null : lead.accountOwnerId,
  });
  if (choice.memberId === null) return waiting(`${why}; ${choice.reason}; it stays with its owner`);
  const to = choice.memberId;
  const reason = `${why}; ${choice.reason}`;
  await saveTeamRoutingState(tx, teamId, choice.state);
  // The clocks first, while the old owner's calendar still holds them, then the owner.
  await applyClockEvent(tx, contactId, { type: 'reassigned', at: now, toOwnerId: to });
  await setContactOwner(tx, contactId, to);
  await insertAudit(tx, systemActor, {
    action: 'contact.assigned',
    subjectType: 'contact',
    subjectId: contactId,
    changes: {
      ownerId: { from: breachedOwner, to },
      teamId,
      strategy,
      reason,
      slaClockIds: pending.map((p) => p.id),
    },
  });
  await announceAssignments(
    tx,
    [
      {
        contactId,
        ownerId: to,
        reason,
        handoffSeq: pending[0]!.handoffSeq,
        notifyOwner: true,
        details: { previousOwnerId: breachedOwner, slaBreach: clauses, teamId, strategy },
        cause: `sla:${pending[0]!.id}`,
      },
    ],
    { now, definitions },
  );
  return { kind: 'reassigned', from: breachedOwner, to, reason };
}

/** The team's strategy in the routing version in force: its first rule, else the fallback, else round robin. */
function teamStrategy(document: unknown, teamId: string): RoutingStrategy {
  if (document === undefined) return 'round_robin';
  const checked = validateRouting(document);
  if (!checked.ok) return 'round_robin';
  const rule = checked.routing.rules.find((r) => r.teamId === teamId);
  if (rule) return rule.strategy;
  if (checked.routing.fallback?.teamId === teamId) return checked.routing.fallback.strategy;
  return 'round_robin';
}
