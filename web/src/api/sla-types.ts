/**
 * The SLA and inbox API's shapes (issue 6). The contract, calendar and
 * scorecard documents are the server's own core types, imported rather than
 * copied so the two cannot drift apart.
 */

import type { BusinessCalendar } from '../../../src/core/business-time/calendar.js';
import type { ClockState } from '../../../src/core/sla/clocks.js';
import type { SalesClauseKey, SlaContract } from '../../../src/core/sla/contract.js';
import type { Contact } from './types';

export type { BusinessCalendar, ClockState, SalesClauseKey, SlaContract };

export type SlaSide = 'marketing' | 'sales';

export interface SlaContractVersion {
  version: number;
  status: 'proposed' | 'active' | 'superseded' | 'withdrawn';
  document: SlaContract;
  proposedBy: { id: string; name: string } | null;
  createdAt: string;
  activatedAt: string | null;
  signatures: { member: { id: string; name: string }; side: SlaSide; signedAt: string }[];
}

export interface MarketingStanding {
  clause: string;
  target: number;
  actual: number | null;
  met: boolean | null;
  detail: string;
}

export interface SalesStanding {
  clause: string;
  target: number;
  met: number;
  breached: number;
  open: number;
  share: number | null;
  detail: string;
}

export interface SlaStanding {
  month: string;
  marketing: MarketingStanding[];
  sales: SalesStanding[];
}

export interface ActiveContract {
  contract: SlaContractVersion;
  standing: SlaStanding;
}

export interface InboxClock {
  id: string;
  clause: SalesClauseKey;
  state: ClockState;
  startedAt: string;
  dueAt: string | null;
  warnAt: string | null;
  /** As of the answer's `now`, in the owner's calendar; negative = overdue. */
  remainingBusinessMs: number;
}

export interface InboxItem {
  contact: Contact;
  /** Null if the lead never entered a route stage. */
  handedAt: string | null;
  clocks: InboxClock[];
}

export interface Inbox {
  calendar: BusinessCalendar;
  now: string;
  items: InboxItem[];
}

export interface Breach {
  clockId: string;
  clause: SalesClauseKey;
  contact: Contact;
  owner: { id: string; name: string } | null;
  dueAt: string;
  breachedAt: string;
}

export interface ClauseTally {
  met: number;
  breached: number;
  open: number;
  cancelled: number;
  withinShare: number | null;
}

export interface SalesFigures {
  delivered: number;
  quota: number | null;
  accepted: number;
  rejected: number;
  acceptanceRate: number | null;
  firstAttempt: { leads: number; medianMs: number | null; p90Ms: number | null };
  clauses: Record<SalesClauseKey, ClauseTally>;
  withinSla: ClauseTally;
  cadenceCompliance: number | null;
  outcomesRecorded: { recorded: number; share: number | null };
}

export interface ScorecardStanding {
  id: string;
  name: string;
  successes: number;
  trials: number;
  score: number;
}

export interface Scorecard {
  month: string;
  from: string;
  to: string;
  contractVersion: number;
  marketing: {
    delivered: number;
    unassigned: number;
    uncredited: number;
    quota: number | null;
    quotaMet: boolean | null;
    accepted: number;
    rejected: number;
    acceptanceRate: number | null;
    acceptedShareMet: boolean | null;
  };
  marketers: {
    id: string;
    name: string;
    delivered: number;
    accepted: number;
    rejected: number;
    acceptanceRate: number | null;
  }[];
  reps: (SalesFigures & {
    id: string;
    name: string;
    teamId: string | null;
    teamName: string | null;
    active: boolean;
  })[];
  teams: (SalesFigures & { id: string | null; name: string | null; activeReps: number })[];
  leaderboard: { reps: ScorecardStanding[]; marketers: ScorecardStanding[] };
  awards: { rep: ScorecardStanding | null; marketer: ScorecardStanding | null };
}
