import { groupOf } from '../../core/reports/funnel-steps.js';
import {
  type AttributionReport,
  type ReportBy,
  type ReportTouch,
  reportBys,
  reportTouches,
} from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { readRevenue } from '../../store/report-reads.js';
import { checkChoice, prepareReport } from './report-basis.js';

export interface GetAttributionInput {
  db: Db;
  actor: Actor;
  from?: string;
  to?: string;
  touch?: ReportTouch;
  by?: ReportBy;
  now?: Date;
}

const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * Revenue won in the range (by the month of each win), credited whole to the
 * contact's first- or last-touch source or campaign.
 */
export async function getAttribution(input: GetAttributionInput): Promise<AttributionReport> {
  const touch = checkChoice('touch', input.touch, reportTouches, 'first');
  const by = checkChoice('by', input.by, reportBys, 'source');
  const basis = await prepareReport(input);
  const rows = await readRevenue(input.db, basis.period, touch, by);
  const total = {
    deals: rows.reduce((n, r) => n + r.deals, 0),
    revenue: cents(rows.reduce((n, r) => n + r.revenue, 0)),
  };
  return {
    ...basis.period,
    touch,
    by,
    definitionsVersion: basis.active.version,
    pending: basis.pending,
    rows: rows
      .map((r) => ({
        ...groupOf(r.key),
        deals: r.deals,
        revenue: r.revenue,
        share: total.revenue === 0 ? null : r.revenue / total.revenue,
      }))
      .sort((a, b) => b.revenue - a.revenue || b.deals - a.deals || (a.label < b.label ? -1 : 1)),
    total,
  };
}
