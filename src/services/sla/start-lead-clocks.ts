import { nextDueInstant, startClocks } from '../../core/sla/clocks.js';
import { routeStageKeys } from '../../core/sla/lead-events.js';
import type { Queryable } from '../../store/db.js';
import { currentHandoffs } from '../../store/routing.js';
import { insertClocks, type NewClock } from '../../store/sla-clocks.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { loadActiveContract } from './active-contract.js';
import { loadMemberCalendars } from './load-member-calendars.js';

/**
 * Starts the SLA clocks of leads handed to an owner: by routing, by a rep
 * claiming (accepting) an unowned lead, or by a manager assigning one.
 *
 * Clocks start at assignment, not at the handoff into MQL/PQL/CQL: the
 * contract's windows ("accept within 4 business hours") are promises of the
 * rep who has the lead, and a lead waiting unowned in a team's queue is no
 * rep's lateness (routing assigns in the handoff's own transaction, so with
 * routing on the two instants are the same). Due times are laid on the
 * owner's calendar.
 *
 * Only a lead still in a route stage starts clocks, and only once per handoff
 * (the unique key): a lead recycled and qualified again is a new handoff with
 * fresh clocks. Returns each started lead's handoff seq. Runs in the caller's
 * transaction, which holds the contacts.
 */
export async function startLeadClocks(input: {
  tx: Queryable;
  leads: readonly { contactId: string; ownerId: string }[];
  at: Date;
}): Promise<Map<string, number>> {
  const { tx, leads, at } = input;
  if (leads.length === 0) return new Map();
  const definitions = await loadActiveDefinitions(tx);
  const handoffs = await currentHandoffs(
    tx,
    leads.map((l) => l.contactId),
    routeStageKeys(definitions.stages),
  );
  if (handoffs.size === 0) return handoffs;
  const active = await loadActiveContract(tx);
  if (!active) return handoffs;
  const calendarOf = await loadMemberCalendars(
    tx,
    leads.map((l) => l.ownerId),
  );
  const rows: NewClock[] = [];
  for (const lead of leads) {
    const handoffSeq = handoffs.get(lead.contactId);
    if (handoffSeq === undefined) continue;
    const clocks = startClocks(active.contract, {
      leadEnteredAt: at,
      calendar: calendarOf(lead.ownerId),
    });
    for (const clock of clocks)
      rows.push({
        contactId: lead.contactId,
        handoffSeq,
        ownerId: lead.ownerId,
        contractVersion: active.version,
        clock,
        nextDueAt: nextDueInstant(clock),
      });
  }
  await insertClocks(tx, rows);
  return handoffs;
}
