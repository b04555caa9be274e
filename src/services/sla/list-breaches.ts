import type { Contact } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import type { SalesClauseKey } from '../../core/sla/contract.js';
import { openLeadStageKeys, routeStageKeys } from '../../core/sla/lead-events.js';
import { findContact } from '../../store/contacts.js';
import type { Queryable } from '../../store/db.js';
import { listOpenBreaches } from '../../store/inbox.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { readClockJson } from './read-clock-json.js';

export interface Breach {
  clockId: string;
  clause: SalesClauseKey;
  contact: Contact;
  /** Whose clock it was when it breached; the contact's owner now is contact.owner. */
  owner: { id: string; name: string } | null;
  dueAt: Date;
  breachedAt: Date;
}

/**
 * Breached clocks of leads still open (their current handoff's), for sales
 * managers to chase or reassign (PATCH /contacts/{id} { ownerId }: the open
 * clocks follow the new owner). Optionally one team's, by the owner's team.
 * Oldest breach first.
 */
export async function listBreaches(input: {
  db: Queryable;
  actor: Actor;
  teamId?: string | undefined;
}): Promise<Breach[]> {
  const { db, actor } = input;
  authorize(actor, { action: 'sla.read_breaches' });
  const definitions = await loadActiveDefinitions(db);
  const rows = await listOpenBreaches(db, {
    openStages: openLeadStageKeys(definitions.stages),
    routeStages: routeStageKeys(definitions.stages),
    ...(input.teamId ? { teamId: input.teamId } : {}),
  });
  const contacts = new Map<string, Contact>();
  const result: Breach[] = [];
  for (const row of rows) {
    let contact = contacts.get(row.contactId);
    if (!contact) {
      const found = await findContact(db, row.contactId);
      if (!found) continue;
      contact = found;
      contacts.set(found.id, found);
    }
    const clock = readClockJson(row.clock);
    const dueAt = clock.dueAt ?? clock.settledAt ?? clock.startedAt;
    result.push({
      clockId: row.clockId,
      clause: row.clause,
      contact,
      owner: row.owner,
      dueAt,
      breachedAt: clock.settledAt ?? dueAt,
    });
  }
  return result.sort(
    (a, b) => a.breachedAt.getTime() - b.breachedAt.getTime() || (a.clockId < b.clockId ? -1 : 1),
  );
}
