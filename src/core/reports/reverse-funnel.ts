import type { PlanFigures, PlanRates } from './report-types.js';

/**
 * The shared plan's reverse funnel (DESIGN.md §3 "Plan"): a revenue target
 * turned into the deals, SQLs, MQLs and leads it needs, at the rates measured
 * over the 12 months before.
 */

/** What the basis months counted, from the rollups. */
export interface PlanBasisCounts {
  /** Contacts created. */
  leads: number;
  /** Leads handed to sales (first entry into any route stage). */
  handed: number;
  sqls: number;
  deals: number;
  revenue: number;
}

export function planRates(b: PlanBasisCounts): PlanRates {
  const ratio = (a: number, c: number) => (c === 0 ? null : a / c);
  return {
    averageDeal: ratio(b.revenue, b.deals),
    winRate: ratio(b.deals, b.sqls),
    sqlRate: ratio(b.sqls, b.handed),
    handRate: ratio(b.handed, b.leads),
  };
}

/** Rounded up, but a quotient that is whole save for floating-point noise stays whole. */
function atLeast(x: number): number {
  const rounded = Math.round(x);
  return Math.abs(x - rounded) < 1e-9 * Math.max(1, Math.abs(x)) ? rounded : Math.ceil(x);
}

/**
 * Each stage's need, rounded up (a deal cannot be won in part). Null without
 * a target, or when a rate is unknown or 0 (no number of SQLs yields a deal
 * at a win rate of 0).
 */
export function reverseFunnel(target: number | null, rates: PlanRates): PlanFigures | null {
  const { averageDeal, winRate, sqlRate, handRate } = rates;
  if (target === null) return null;
  if (!averageDeal || !winRate || !sqlRate || !handRate) return null;
  const deals = atLeast(target / averageDeal);
  const sqls = atLeast(deals / winRate);
  const mqls = atLeast(sqls / sqlRate);
  const leads = atLeast(mqls / handRate);
  return { revenue: target, deals, sqls, mqls, leads };
}
