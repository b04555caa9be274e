import type { Breach } from '../../../services/sla/list-breaches.js';
import type { Inbox } from '../../../services/sla/list-inbox.js';
import { nameScorecard } from '../../../services/sla/name-scorecard.js';
import type { SlaContractVersion } from '../../../services/sla/sla-contract-version.js';
import { presentContact } from '../contacts/presenters.js';

export function presentContractVersion(v: SlaContractVersion) {
  return {
    version: v.version,
    status: v.status,
    document: v.document,
    proposedBy: v.proposedBy,
    createdAt: v.createdAt.toISOString(),
    activatedAt: v.activatedAt?.toISOString() ?? null,
    signatures: v.signatures.map((s) => ({
      member: s.member,
      side: s.side,
      signedAt: s.signedAt.toISOString(),
    })),
  };
}

/** The scorecard with names (the CLI prints the same). */
export const presentScorecard = nameScorecard;

export function presentInbox(inbox: Inbox) {
  return {
    calendar: inbox.calendar,
    now: inbox.now.toISOString(),
    items: inbox.items.map((item) => ({
      contact: presentContact(item.contact),
      handedAt: item.handedAt?.toISOString() ?? null,
      clocks: item.clocks.map((c) => ({
        id: c.id,
        clause: c.clause,
        state: c.state,
        startedAt: c.startedAt.toISOString(),
        dueAt: c.dueAt?.toISOString() ?? null,
        warnAt: c.warnAt?.toISOString() ?? null,
        remainingBusinessMs: c.remainingBusinessMs,
      })),
    })),
  };
}

export function presentBreach(b: Breach) {
  return {
    clockId: b.clockId,
    clause: b.clause,
    contact: presentContact(b.contact),
    owner: b.owner,
    dueAt: b.dueAt.toISOString(),
    breachedAt: b.breachedAt.toISOString(),
  };
}
