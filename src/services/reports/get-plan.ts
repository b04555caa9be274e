import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import { funnelSteps } from '../../core/reports/funnel-steps.js';
import { isMonth, monthOf, planBasis } from '../../core/reports/report-months.js';
import {
  type PlanDocument,
  type PlanFigures,
  qualifiedStep,
} from '../../core/reports/report-types.js';
import {
  type PlanBasisCounts,
  planRates,
  reverseFunnel,
} from '../../core/reports/reverse-funnel.js';
import type { Actor } from '../../core/roles.js';
import { parseContract } from '../../core/sla/contract.js';
import type { StageDefinition } from '../../core/stages.js';
import type { Db } from '../../store/db.js';
import { countActiveReps, findPlan } from '../../store/plans.js';
import {
  countCohortContacts,
  type MonthRange,
  readStageEntries,
} from '../../store/report-reads.js';
import { findActiveContract } from '../../store/sla-clocks.js';
import { findActiveStageVersion } from '../../store/stages.js';
import { foldReportRollups } from './fold-report-rollups.js';
import { foldBeforeRead } from './report-basis.js';

export interface GetPlanInput {
  db: Db;
  actor: Actor;
  /** YYYY-MM; default this month. */
  month?: string;
  now?: Date;
}

export function checkPlanMonth(month: string | undefined, now: Date): string {
  if (month === undefined) return monthOf(now);
  if (isMonth(month)) return month;
  throw new AppError('validation_failed', 'The plan month is not valid', {
    fields: [{ field: 'month', message: 'must be a month written YYYY-MM' }],
  });
}

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * What a range counted, from the rollups: contacts created (the cohorts at
 * the first funnel step, which every contact reaches), leads handed (first
 * entries into any route: the step "qualified"), SQLs and deals (first entries
 * into sql and customer) and the won revenue.
 */
async function countRange(
  db: Db,
  range: MonthRange,
  stages: readonly StageDefinition[],
): Promise<PlanBasisCounts> {
  const entries = await readStageEntries(db, range, 'none');
  const of = (stage: string) => entries.find((e) => e.stage === stage);
  const first = funnelSteps(stages).steps[0]?.key ?? 'subscriber';
  return {
    leads: await countCohortContacts(db, range, first),
    handed: of(qualifiedStep)?.contacts ?? 0,
    sqls: of('sql')?.contacts ?? 0,
    deals: of('customer')?.contacts ?? 0,
    revenue: cents(of('customer')?.revenue ?? 0),
  };
}

/** The MQLs the SLA contract in force promises in a month: its per-rep quota × the active reps. */
async function slaQuotaOf(db: Db): Promise<number | null> {
  const stored = await findActiveContract(db);
  if (!stored) return null;
  const perRep = parseContract(stored.document).marketing.mqls_per_rep?.perMonth;
  return perRep === undefined ? null : perRep * (await countActiveReps(db));
}

/**
 * The shared plan for a month: its revenue target, the rates measured over
 * the 12 months before, the deals, SQLs, MQLs and leads the target needs at
 * those rates (reverse funnel), what the month has delivered so far and the
 * MQL quota the SLA promises. Both teams read the same document.
 */
export async function getPlan(input: GetPlanInput): Promise<PlanDocument> {
  authorize(input.actor, { action: 'reports.read' });
  const month = checkPlanMonth(input.month, input.now ?? new Date());
  const { pending } = await foldReportRollups({ db: input.db, limit: foldBeforeRead });
  const active = await findActiveStageVersion(input.db);
  if (!active)
    throw new AppError('internal', 'No stage definitions are in force; run "tandem migrate"');
  const basis = planBasis(month);
  const measured = await countRange(input.db, basis, active.stages);
  const current = await countRange(input.db, { from: month, to: month }, active.stages);
  const plan = await findPlan(input.db, month);
  const rates = planRates(measured);
  const revenueTarget = plan?.revenueTarget ?? null;
  const actual: PlanFigures = {
    revenue: current.revenue,
    deals: current.deals,
    sqls: current.sqls,
    mqls: current.handed,
    leads: current.leads,
  };
  return {
    month,
    revenueTarget,
    basis,
    rates,
    needed: reverseFunnel(revenueTarget, rates),
    actual,
    slaQuota: await slaQuotaOf(input.db),
    definitionsVersion: active.version,
    pending,
  };
}
