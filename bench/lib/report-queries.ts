import { systemActor } from '../../src/core/roles.js';
import { getAttribution } from '../../src/services/reports/get-attribution.js';
import { getFunnel } from '../../src/services/reports/get-funnel.js';
import { getLeadQuality } from '../../src/services/reports/get-lead-quality.js';
import { getPlan } from '../../src/services/reports/get-plan.js';
import { getReportSummary } from '../../src/services/reports/get-report-summary.js';
import { getScoringPerformance } from '../../src/services/reports/get-scoring-performance.js';
import { getVelocity } from '../../src/services/reports/get-velocity.js';
import type { Db } from '../../src/store/db.js';

/**
 * Every dashboard query, each option the API offers, through the real report
 * services (authorize, the fold of what is pending, the rollup reads, the
 * shaping) as the routes and the CLI call them, over their default range (the
 * 12 months ending with the current one). `rows` says how much each answer
 * held, so an empty report cannot pass for a fast one.
 */
export interface ReportQuery {
  report: string;
  options: string;
  run(): Promise<{ rows: number; pending: number }>;
}

export function reportQueries(db: Db, sample: { owner: string; marketer: string }): ReportQuery[] {
  const actor = systemActor;
  const queries: ReportQuery[] = [];
  const add = (report: string, options: string, run: ReportQuery['run']) =>
    queries.push({ report, options, run });
  for (const split of ['none', 'source', 'campaign', 'persona', 'team'] as const) {
    add('funnel', `split=${split}`, async () => {
      const r = await getFunnel({ db, actor, split });
      return { rows: r.rows.length + r.cohorts.length, pending: r.pending };
    });
    add('velocity', `split=${split}`, async () => {
      const r = await getVelocity({ db, actor, split });
      return { rows: r.rows.length, pending: r.pending };
    });
  }
  for (const touch of ['first', 'last'] as const)
    for (const by of ['source', 'campaign'] as const) {
      add('lead-quality', `touch=${touch} by=${by}`, async () => {
        const r = await getLeadQuality({ db, actor, touch, by });
        return { rows: r.rows.length, pending: r.pending };
      });
      add('attribution', `touch=${touch} by=${by}`, async () => {
        const r = await getAttribution({ db, actor, touch, by });
        return { rows: r.rows.length, pending: r.pending };
      });
    }
  add('scoring', '', async () => {
    const r = await getScoringPerformance({ db, actor });
    return { rows: r.bands.length + r.calibration.length, pending: r.pending };
  });
  for (const by of ['none', 'team', 'owner', 'marketer'] as const)
    add('summary', `by=${by}`, async () => {
      const r = await getReportSummary({ db, actor, by });
      return { rows: r.rows.length, pending: r.pending };
    });
  // The rep's and the marketer's home dashboards.
  add('summary', 'owner=<a rep>', async () => {
    const r = await getReportSummary({ db, actor, owner: sample.owner });
    return { rows: r.rows.length, pending: r.pending };
  });
  add('summary', 'marketer=<a marketer>', async () => {
    const r = await getReportSummary({ db, actor, marketer: sample.marketer });
    return { rows: r.rows.length, pending: r.pending };
  });
  add('plan', 'this month', async () => {
    const r = await getPlan({ db, actor });
    return { rows: 1, pending: r.pending };
  });
  return queries.sort((a, b) => a.report.localeCompare(b.report));
}
