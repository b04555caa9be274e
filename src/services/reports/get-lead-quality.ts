import { groupOf, share } from '../../core/reports/funnel-steps.js';
import {
  type LeadQualityFigures,
  type LeadQualityReport,
  type ReasonCount,
  type ReportBy,
  type ReportTouch,
  reportBys,
  reportTouches,
} from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { type LeadQualityRow, readLeadQuality, readReasons } from '../../store/report-reads.js';
import { checkChoice, definitionLabels, getOrAdd, prepareReport } from './report-basis.js';

export interface GetLeadQualityInput {
  db: Db;
  actor: Actor;
  from?: string;
  to?: string;
  touch?: ReportTouch;
  by?: ReportBy;
  now?: Date;
}

/** Sums of amounts kept to the cent, so 0.1 + 0.2 shows as 0.3. */
const cents = (x: number) => Math.round(x * 100) / 100;

type Counts = Omit<LeadQualityRow, 'key'>;
const zero = (): Counts => ({
  handed: 0,
  accepted: 0,
  rejected: 0,
  sql: 0,
  won: 0,
  lost: 0,
  revenue: 0,
});

function reasonList(
  counts: Map<string, number> | undefined,
  labels: ReadonlyMap<string, string>,
): ReasonCount[] {
  return [...(counts ?? [])]
    .map(([code, count]) => ({ code, label: labels.get(code) ?? code, count }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

/**
 * The leads handed to sales in the range (by the month of their first entry
 * into a route stage), grouped by first- or last-touch source or campaign,
 * with what sales made of them: accepted, rejected and why, SQL, won and the
 * revenue, lost and why. Rates are shares of the leads handed.
 */
export async function getLeadQuality(input: GetLeadQualityInput): Promise<LeadQualityReport> {
  const touch = checkChoice('touch', input.touch, reportTouches, 'first');
  const by = checkChoice('by', input.by, reportBys, 'source');
  const basis = await prepareReport(input);
  const { reasons: reasonLabels } = definitionLabels(basis);
  const rows = await readLeadQuality(input.db, basis.period, touch, by);
  /* Reasons per group and kind, keyed "kind:group". */
  const reasons = new Map<string, Map<string, number>>();
  const count = (key: string, code: string, n: number) => {
    const m = getOrAdd(reasons, key, () => new Map<string, number>());
    m.set(code, (m.get(code) ?? 0) + n);
  };
  for (const r of await readReasons(input.db, basis.period, touch, by)) {
    count(`${r.kind}:=${r.key}`, r.code, r.leads);
    count(`${r.kind}:*`, r.code, r.leads);
  }
  const figures = (c: Counts, group: string): LeadQualityFigures => ({
    ...c,
    acceptanceRate: share(c.accepted, c.handed),
    sqlRate: share(c.sql, c.handed),
    winRate: share(c.won, c.handed),
    rejectReasons: reasonList(reasons.get(`reject:${group}`), reasonLabels),
    lostReasons: reasonList(reasons.get(`lost:${group}`), reasonLabels),
  });
  const total = zero();
  for (const r of rows) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += r[k];
  total.revenue = cents(total.revenue);
  return {
    ...basis.period,
    touch,
    by,
    definitionsVersion: basis.active.version,
    pending: basis.pending,
    reasonCodes: basis.active.reasonCodes.map((r) => ({
      key: r.key,
      label: r.label,
      kind: r.kind,
    })),
    rows: rows
      .map(({ key, ...c }) => ({ ...groupOf(key), ...figures(c, `=${key}`) }))
      .sort((a, b) => b.handed - a.handed || (a.label < b.label ? -1 : 1)),
    total: figures(total, '*'),
  };
}
