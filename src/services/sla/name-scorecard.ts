import type { PeriodScorecard } from './read-period-scorecard.js';

/**
 * The scorecard as the API and the CLI show it: people and teams named as they
 * are now, instants as ISO strings.
 */
export function nameScorecard(p: PeriodScorecard) {
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
