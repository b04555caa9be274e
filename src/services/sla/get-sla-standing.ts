import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import { type SalesClauseKey, salesClauseKeys } from '../../core/sla/contract.js';
import type { ClauseTally } from '../../core/sla/scorecard.js';
import type { Queryable } from '../../store/db.js';
import { findActiveContractRow } from '../../store/sla-contracts.js';
import { monthContaining, readPeriodScorecard } from './read-period-scorecard.js';
import { describeContracts, type SlaContractVersion } from './sla-contract-version.js';

export interface MarketingStanding {
  clause: 'mqls_per_rep' | 'accepted_share';
  target: number;
  actual: number | null;
  met: boolean | null;
  detail: string;
}

export interface SalesStanding {
  clause: SalesClauseKey;
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

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * The contract in force and how each side stands against each of its clauses
 * this month so far (UTC): marketing's delivery against the quota and the
 * share sales accepted; per sales clause, the clocks of this month's leads met,
 * breached and still open. A quota not yet reached is not yet met: the month
 * is not over.
 */
export async function getSlaStanding(input: {
  db: Queryable;
  actor: Actor;
  now?: Date;
}): Promise<{ contract: SlaContractVersion; standing: SlaStanding }> {
  authorize(input.actor, { action: 'sla.read' });
  const now = input.now ?? new Date();
  const row = await findActiveContractRow(input.db);
  if (!row) throw new AppError('not_found', 'No SLA contract is in force');
  const [contract] = await describeContracts(input.db, [row]);
  const month = monthContaining(now);
  const period = await readPeriodScorecard(input.db, month, new Date(now.getTime() + 1));
  const { marketing: clauses } = contract!.document;
  const card = period.scorecard.marketing;
  const marketing: MarketingStanding[] = [];
  if (clauses.mqls_per_rep) {
    const quota = card.quota ?? 0;
    marketing.push({
      clause: 'mqls_per_rep',
      target: quota,
      actual: card.delivered,
      met: card.delivered >= quota,
      detail: `${card.delivered} of ${quota} leads handed so far (${clauses.mqls_per_rep.perMonth} per active rep)`,
    });
  }
  if (clauses.accepted_share) {
    const target = clauses.accepted_share.atLeast;
    const rate = card.acceptanceRate;
    marketing.push({
      clause: 'accepted_share',
      target,
      actual: rate,
      met: rate === null ? null : rate >= target,
      detail:
        rate === null
          ? `no lead decided yet; at least ${percent(target)} to be accepted`
          : `${card.accepted} accepted, ${card.rejected} rejected: ${percent(rate)} against at least ${percent(target)}`,
    });
  }
  const sales: SalesStanding[] = [];
  const terms = contract!.document.sales;
  for (const key of salesClauseKeys) {
    const clause = terms[key];
    if (!clause) continue;
    const tally = sumTallies(period.scorecard.teams.map((t) => t.clauses[key]));
    const target = 'businessHours' in clause ? clause.businessHours : clause.businessDays;
    const window =
      key === 'attempt_cadence' && 'attempts' in clause
        ? `${clause.attempts} attempts within ${clause.businessDays} business days`
        : 'businessHours' in clause
          ? `within ${clause.businessHours} business hours`
          : `within ${clause.businessDays} business days`;
    const share =
      tally.met + tally.breached === 0 ? null : tally.met / (tally.met + tally.breached);
    sales.push({
      clause: key,
      target,
      met: tally.met,
      breached: tally.breached,
      open: tally.open,
      share,
      detail: `${window}: ${tally.met} met, ${tally.breached} breached, ${tally.open} open${share === null ? '' : ` (${percent(share)} within)`}`,
    });
  }
  return { contract: contract!, standing: { month: month.key, marketing, sales } };
}

function sumTallies(tallies: readonly ClauseTally[]): {
  met: number;
  breached: number;
  open: number;
} {
  const sum = { met: 0, breached: 0, open: 0 };
  for (const t of tallies) {
    sum.met += t.met;
    sum.breached += t.breached;
    sum.open += t.open;
  }
  return sum;
}
