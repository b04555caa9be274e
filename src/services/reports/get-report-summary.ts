import { AppError } from '../../core/app-error.js';
import { funnelSteps, groupOf } from '../../core/reports/funnel-steps.js';
import {
  allRowKey,
  type SummaryBy,
  type SummaryReport,
  summaryBys,
} from '../../core/reports/report-types.js';
import type { Actor } from '../../core/roles.js';
import type { Db } from '../../store/db.js';
import { readMemberNames, readStageEntries, readTeamNames } from '../../store/report-reads.js';
import { checkChoice, prepareReport } from './report-basis.js';

export interface GetReportSummaryInput {
  db: Db;
  actor: Actor;
  from?: string;
  to?: string;
  by?: SummaryBy;
  /** Only contacts this member owns / whose owner is in this team / credited to this marketer. */
  owner?: string;
  team?: string;
  marketer?: string;
  now?: Date;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cents = (x: number) => Math.round(x * 100) / 100;

/**
 * The role dashboards' figures: first entries into each stage in the range
 * (and the revenue of the wins), in total or per team, owner or credited
 * marketer, optionally narrowed to one of them. Every member reads every row.
 */
export async function getReportSummary(input: GetReportSummaryInput): Promise<SummaryReport> {
  const by = checkChoice('by', input.by, summaryBys, 'none');
  for (const field of ['owner', 'team', 'marketer'] as const) {
    const value = input[field];
    if (value !== undefined && !uuid.test(value))
      throw new AppError('validation_failed', 'The report options are not valid', {
        fields: [{ field, message: 'must be a member or team id (uuid)' }],
      });
  }
  const basis = await prepareReport(input);
  const { steps } = funnelSteps(basis.active.stages);
  const known = new Set(steps.map((s) => s.key));
  const filter = {
    owner: input.owner?.toLowerCase(),
    team: input.team?.toLowerCase(),
    marketer: input.marketer?.toLowerCase(),
  };
  const rows = await readStageEntries(input.db, basis.period, by, filter);
  const labels =
    by === 'team'
      ? await readTeamNames(input.db)
      : by === 'owner' || by === 'marketer'
        ? await readMemberNames(input.db)
        : new Map<string, string>();
  const groups = new Map<string, { entries: Record<string, number>; revenue: number }>();
  const groupFor = (key: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { entries: Object.fromEntries(steps.map((s) => [s.key, 0])), revenue: 0 };
      groups.set(key, g);
    }
    return g;
  };
  groupFor(allRowKey);
  for (const r of rows) {
    if (!known.has(r.stage)) continue;
    for (const g of by === 'none'
      ? [groupFor(allRowKey)]
      : [groupFor(allRowKey), groupFor(`=${r.key}`)]) {
      g.entries[r.stage]! += r.contacts;
      g.revenue += r.revenue;
    }
  }
  const size = (g: { entries: Record<string, number> }) =>
    Object.values(g.entries).reduce((n, x) => n + x, 0);
  const all = groups.get(allRowKey)!;
  return {
    ...basis.period,
    by,
    definitionsVersion: basis.active.version,
    pending: basis.pending,
    stages: steps,
    rows: [
      { key: allRowKey, label: 'All', entries: all.entries, revenue: cents(all.revenue) },
      ...[...groups]
        .filter(([key]) => key !== allRowKey)
        .map(([key, g]) => ({
          ...groupOf(key.slice(1), labels),
          ...g,
          revenue: cents(g.revenue),
          n: size(g),
        }))
        .sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : 1))
        .map(({ n: _n, ...row }) => row),
    ],
  };
}
