import type { Breach } from '../../../services/sla/list-breaches.js';
import type { Inbox } from '../../../services/sla/list-inbox.js';
import type { PeriodScorecard } from '../../../services/sla/read-period-scorecard.js';
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

/** The scorecard with names: people and teams are named as they are now. */
export function presentScorecard(p: PeriodScorecard) {
  const { scorecard: card, people, teamNames } = p;
  const nameOf = (id: string) => people.get(id)?.name ?? id;
  const standing = (s: { id: string; successes: number; trials: number; score: number }) => ({
    id: s.id,
    name: nameOf(s.id),
    successes: s.successes,
    trials: s.trials,
    score: s.score,
  });
  const { marketers, ...marketing } = card.marketing;
  return {
    month: p.month.key,
    from: p.month.from.toISOString(),
    to: p.month.to.toISOString(),
    contractVersion: p.contractVersion,
    marketing: { ...marketing, unassigned: p.unassigned, uncredited: p.uncredited },
    marketers: marketers.map((m) => ({
      id: m.marketerId,
      name: nameOf(m.marketerId),
      delivered: m.delivered,
      accepted: m.accepted,
      rejected: m.rejected,
      acceptanceRate: m.acceptanceRate,
    })),
    reps: card.reps.map(({ repId, teamId, ...figures }) => ({
      id: repId,
      name: nameOf(repId),
      teamId,
      teamName: teamId === null ? null : (teamNames.get(teamId) ?? null),
      ...figures,
    })),
    teams: card.teams.map(({ teamId, ...figures }) => ({
      id: teamId,
      name: teamId === null ? null : (teamNames.get(teamId) ?? null),
      ...figures,
    })),
    leaderboard: {
      reps: card.leaderboard.reps.map(standing),
      marketers: card.leaderboard.marketers.map(standing),
    },
    awards: {
      rep: card.awards.rep && standing(card.awards.rep),
      marketer: card.awards.marketer && standing(card.awards.marketer),
    },
  };
}

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
