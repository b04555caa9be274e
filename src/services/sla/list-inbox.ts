import { AppError } from '../../core/app-error.js';
import type { BusinessCalendar } from '../../core/business-time/calendar.js';
import type { Contact } from '../../core/entities.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { salesAttemptEventType } from '../../core/sales-activity.js';
import type { ClockState } from '../../core/sla/clocks.js';
import type { SalesClauseKey } from '../../core/sla/contract.js';
import { openLeadStageKeys, routeStageKeys } from '../../core/sla/lead-events.js';
import { findContacts } from '../../store/contacts.js';
import type { Queryable } from '../../store/db.js';
import { listHandoffClocksIn, listOwnedOpenLeads } from '../../store/inbox.js';
import { listEventTimes } from '../../store/sla-scorecards.js';
import { loadActiveDefinitions } from '../lifecycle/active-definitions.js';
import { loadMemberCalendars } from './load-member-calendars.js';
import { readClockJson, remainingBusinessMs } from './read-clock-json.js';

export interface InboxClock {
  id: string;
  clause: SalesClauseKey;
  state: ClockState;
  startedAt: Date;
  dueAt: Date | null;
  warnAt: Date | null;
  remainingBusinessMs: number;
}

export interface InboxItem {
  contact: Contact;
  handedAt: Date | null;
  clocks: InboxClock[];
}

export interface Inbox {
  calendar: BusinessCalendar;
  now: Date;
  items: InboxItem[];
}

const clauseOrder: readonly SalesClauseKey[] = [
  'accept_within',
  'first_attempt_within',
  'attempt_cadence',
  'outcome_recorded',
];

/**
 * The caller's open leads (assigned to them, in a route stage or a sales stage
 * that leads somewhere), most urgent first: by the least business time left on
 * any running clock, leads without one last, older handoffs first.
 *
 * Each lead shows its current handoff's clocks that still ask something of the
 * rep: running, warned and paused ones, and breached ones whose obligation is
 * still outstanding (not yet accepted or rejected, fewer attempts than the
 * clause asks, no outcome yet), so an overdue lead stays highlighted after the
 * sweep has recorded the breach rather than vanishing from the countdowns.
 */
export async function listInbox(input: {
  db: Queryable;
  actor: Actor;
  now?: Date;
}): Promise<Inbox> {
  const { db, actor } = input;
  authorize(actor, { action: 'contact.read' });
  if (actor.kind !== 'member')
    throw new AppError('forbidden', "The inbox is a member's own leads; sign in as a member");
  const now = input.now ?? new Date();
  const definitions = await loadActiveDefinitions(db);
  const routeStages = routeStageKeys(definitions.stages);
  const leads = await listOwnedOpenLeads(
    db,
    actor.id,
    openLeadStageKeys(definitions.stages),
    routeStages,
  );
  const handed = leads.flatMap((l) =>
    l.handoffSeq === null ? [] : [{ contactId: l.contactId, handoffSeq: l.handoffSeq }],
  );
  const [clocks, attempts] = await Promise.all([
    listHandoffClocksIn(db, handed, ['running', 'warned', 'paused', 'breached']),
    listEventTimes(
      db,
      handed.map((h) => h.contactId),
      salesAttemptEventType,
      new Date(
        Math.min(now.getTime(), ...leads.map((l) => l.handedAt?.getTime() ?? now.getTime())),
      ),
    ),
  ]);
  const calendarOf = await loadMemberCalendars(db, [
    actor.id,
    ...clocks.flatMap((c) => (c.ownerId ? [c.ownerId] : [])),
  ]);
  // One statement for every lead: a rep's inbox is read on every visit to it.
  const contacts = await findContacts(
    db,
    leads.map((l) => l.contactId),
  );
  const items: (InboxItem & { urgency: number })[] = [];
  for (const lead of leads) {
    const contact = contacts.get(lead.contactId);
    if (!contact) continue;
    const attemptsSince = (attempts.get(lead.contactId) ?? []).filter(
      (a) => lead.handedAt !== null && a.getTime() >= lead.handedAt.getTime(),
    ).length;
    const shown: InboxClock[] = [];
    for (const row of clocks) {
      if (row.contactId !== lead.contactId) continue;
      const clock = readClockJson(row.clock);
      if (row.state === 'breached') {
        const outstanding =
          row.clause === 'accept_within'
            ? routeStages.includes(lead.stage)
            : row.clause === 'outcome_recorded' || attemptsSince < clock.attemptsRequired;
        if (!outstanding) continue;
      }
      shown.push({
        id: row.id,
        clause: row.clause,
        state: row.state,
        startedAt: clock.startedAt,
        dueAt: clock.dueAt,
        warnAt: clock.warnAt,
        remainingBusinessMs: remainingBusinessMs(
          clock,
          row.state === 'paused',
          calendarOf(row.ownerId ?? actor.id),
          now,
        ),
      });
    }
    shown.sort((a, b) => clauseOrder.indexOf(a.clause) - clauseOrder.indexOf(b.clause));
    const ticking = shown.filter((c) => c.state !== 'paused').map((c) => c.remainingBusinessMs);
    items.push({
      contact,
      handedAt: lead.handedAt,
      clocks: shown,
      urgency: ticking.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...ticking),
    });
  }
  items.sort(
    (a, b) =>
      a.urgency - b.urgency ||
      (a.handedAt?.getTime() ?? Number.POSITIVE_INFINITY) -
        (b.handedAt?.getTime() ?? Number.POSITIVE_INFINITY) ||
      (a.contact.id < b.contact.id ? -1 : 1),
  );
  return {
    calendar: calendarOf(actor.id),
    now,
    items: items.map(({ urgency: _, ...item }) => item),
  };
}
