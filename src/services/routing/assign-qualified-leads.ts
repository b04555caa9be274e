import type { StageDefinitionVersion } from '../../core/entities.js';
import { systemActor } from '../../core/roles.js';
import {
  chooseOwner,
  type RoutingCandidate,
  readRoutingState,
} from '../../core/routing/choose-owner.js';
import { type PickedRoute, pickRule, validateRouting } from '../../core/routing/routing-rules.js';
import type { ScoringContact } from '../../core/scoring/model.js';
import { openLeadStageKeys } from '../../core/sla/lead-events.js';
import { insertAudit } from '../../store/audit.js';
import type { Queryable } from '../../store/db.js';
import { loadAwayPeriods } from '../../store/member-calendars.js';
import {
  findActiveRouting,
  loadAssignableContacts,
  loadTeamCandidates,
  lockTeamRoutingState,
  saveTeamRoutingState,
  setOwners,
} from '../../store/routing.js';
import { announceAssignments } from '../leads/lead-notifications.js';
import { startLeadClocks } from '../sla/start-lead-clocks.js';

interface Assignment {
  contactId: string;
  ownerId: string;
  route: PickedRoute;
  reason: string;
}

/**
 * Gives leads that just qualified and have no owner to a member, by the
 * routing rules in force, in the qualifying transaction: the first rule that
 * holds picks the team and strategy; the team row is locked while its rotation
 * state is read, used and written back, so concurrent routings into one team
 * take turns and fairness holds across processes. Each assignment is audited
 * with the reason (which rule, which strategy, who was passed over and why),
 * announced in the outbox (`lead.assigned` with the handoff brief, to the new
 * owner and the workspace), and starts the lead's SLA clocks.
 *
 * A moved lead that still has an owner (recycled, qualifying again) is not
 * routed: it goes back to that owner, with fresh clocks for the new handoff.
 *
 * No active routing version: nothing more happens, and leads wait for a manager to
 * assign them or a rep to claim them. A lead no rule catches, or whose team
 * has nobody available, waits the same way; the latter is audited so a manager
 * can see why.
 */
export async function assignQualifiedLeads(input: {
  tx: Queryable;
  contacts: ReadonlyMap<string, ScoringContact>;
  definitions: StageDefinitionVersion;
  now: Date;
}): Promise<Assignment[]> {
  const { tx, now } = input;
  if (input.contacts.size === 0) return [];
  const leads = await loadAssignableContacts(tx, [...input.contacts.keys()]);
  // A lead that qualifies again while it still has an owner (recycled, then
  // back) returns to that owner: a new handoff, so fresh clocks and a notice.
  const owned = leads.flatMap((c) =>
    c.ownerId ? [{ contactId: c.contactId, ownerId: c.ownerId }] : [],
  );
  if (owned.length > 0) {
    const handoffs = await startLeadClocks({ tx, leads: owned, at: now });
    await announceAssignments(
      tx,
      owned.map((o) => ({
        ...o,
        reason: 'qualified again; stays with its owner',
        handoffSeq: handoffs.get(o.contactId) ?? null,
        notifyOwner: true,
      })),
      { now, definitions: input.definitions },
    );
  }

  const active = await findActiveRouting(tx);
  if (!active) return [];
  // Documents are validated when saved; a damaged one must not stop leads from qualifying.
  const checked = validateRouting(active.document);
  if (!checked.ok) return [];
  const routing = checked.routing;

  const unowned = leads.filter((c) => c.ownerId === null);
  const byTeam = new Map<
    string,
    { contactId: string; accountOwnerId: string | null; route: PickedRoute }[]
  >();
  for (const c of unowned) {
    const route = pickRule(routing, input.contacts.get(c.contactId)!);
    if (!route) continue;
    const list = byTeam.get(route.teamId) ?? [];
    list.push({ contactId: c.contactId, accountOwnerId: c.accountOwnerId, route });
    byTeam.set(route.teamId, list);
  }

  const openStages = openLeadStageKeys(input.definitions.stages);
  const assignments: Assignment[] = [];
  // Teams in id order: two transactions routing into the same teams lock them alike, never crosswise.
  for (const teamId of [...byTeam.keys()].sort()) {
    const locked = await lockTeamRoutingState(tx, teamId);
    if (!locked) continue;
    let state = readRoutingState(locked.state);
    const rows = await loadTeamCandidates(tx, teamId, openStages);
    const away = await loadAwayPeriods(
      tx,
      rows.map((r) => r.memberId),
      now,
    );
    const candidates: RoutingCandidate[] = rows.map((r) => ({
      ...r,
      awayPeriods: away.get(r.memberId) ?? [],
    }));
    for (const lead of byTeam.get(teamId)!) {
      const choice = chooseOwner({
        strategy: lead.route.strategy,
        candidates,
        state,
        now,
        accountOwnerId: lead.accountOwnerId,
      });
      state = choice.state;
      const reason = `${lead.route.reason}; ${choice.reason}`;
      const routingChanges = {
        routingVersion: active.version,
        rule: lead.route.rule?.key ?? null,
        teamId,
        strategy: lead.route.strategy,
        reason,
      };
      if (choice.memberId === null) {
        await insertAudit(tx, systemActor, {
          action: 'contact.routing_waiting',
          subjectType: 'contact',
          subjectId: lead.contactId,
          changes: routingChanges,
        });
        continue;
      }
      // The next lead of this transaction sees this one counted.
      const owner = candidates.find((c) => c.memberId === choice.memberId)!;
      owner.openLeads += 1;
      assignments.push({
        contactId: lead.contactId,
        ownerId: owner.memberId,
        route: lead.route,
        reason,
      });
      // No stage moves, so no transition: the audit entry is the assignment's record.
      await insertAudit(tx, systemActor, {
        action: 'contact.assigned',
        subjectType: 'contact',
        subjectId: lead.contactId,
        changes: { ownerId: { from: null, to: owner.memberId }, ...routingChanges },
      });
    }
    await saveTeamRoutingState(tx, teamId, state);
  }
  if (assignments.length === 0) return assignments;

  await setOwners(tx, assignments);
  const handoffs = await startLeadClocks({ tx, leads: assignments, at: now });
  await announceAssignments(
    tx,
    assignments.map((a) => ({
      contactId: a.contactId,
      ownerId: a.ownerId,
      reason: a.reason,
      handoffSeq: handoffs.get(a.contactId) ?? null,
      notifyOwner: true,
      details: {
        routingVersion: active.version,
        rule: a.route.rule?.key ?? null,
        teamId: a.route.teamId,
        strategy: a.route.strategy,
      },
    })),
    { now, definitions: input.definitions },
  );
  return assignments;
}
