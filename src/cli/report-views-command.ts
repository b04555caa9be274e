import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  attributionCsv,
  funnelCsv,
  leadQualityCsv,
  planCsv,
  scoringCsv,
  summaryCsv,
  velocityCsv,
} from '../core/reports/report-csv.js';
import { isMonth } from '../core/reports/report-months.js';
import {
  type AttributionReport,
  type FunnelReport,
  type FunnelSplit,
  funnelSplits,
  type LeadQualityFigures,
  type LeadQualityReport,
  type PlanDocument,
  type ReportBy,
  type ReportTouch,
  reportBys,
  reportTouches,
  type ScoringReport,
  type SummaryBy,
  type SummaryReport,
  summaryBys,
  type VelocityReport,
} from '../core/reports/report-types.js';
import { systemActor } from '../core/roles.js';
import { getAttribution } from '../services/reports/get-attribution.js';
import { getFunnel } from '../services/reports/get-funnel.js';
import { getLeadQuality } from '../services/reports/get-lead-quality.js';
import { getPlan } from '../services/reports/get-plan.js';
import { getReportSummary } from '../services/reports/get-report-summary.js';
import { getScoringPerformance } from '../services/reports/get-scoring-performance.js';
import { getVelocity } from '../services/reports/get-velocity.js';
import type { Db } from '../store/db.js';
import { withWorkspace } from './open-workspace.js';

/*
 * `tandem report funnel|velocity|lead-quality|scoring|attribution|summary|plan`:
 * the shared reports of issue 7 as a plain table, CSV or JSON — the same
 * use cases the API and the web pages read.
 */

type Format = 'table' | 'csv' | 'json';

interface RangeOptions {
  from?: string;
  to?: string;
  format: Format;
}

/** Checked before the workspace is opened, so a typo costs nothing. */
export function monthArgument(value: string): string {
  if (!isMonth(value)) throw new InvalidArgumentError('must be a month written YYYY-MM (2026-11)');
  return value;
}

export function textTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

const indent = (lines: string[]) => lines.map((l) => `  ${l}`);
const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const duration = (h: number | null) =>
  h === null ? '–' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;
const footer = (r: { definitionsVersion: number | null; pending: number }) =>
  `definitions v${r.definitionsVersion ?? '?'}${r.pending > 0 ? `; ${int(r.pending)} contacts still to fold` : ''}`;

export function formatFunnel(r: FunnelReport): string[] {
  const lines = [
    `Funnel of the contacts created ${r.from} to ${r.to} (UTC months)${r.split === 'none' ? '' : `, by ${r.split}`}; ${footer(r)}`,
    '',
  ];
  const head = ['stage', ...r.rows.flatMap((row) => [row.label, 'conv.'])];
  const body = r.steps.map((s, i) => [
    s.label,
    ...r.rows.flatMap((row) => [int(row.counts[i]!), pct(row.conversions[i] ?? null)]),
  ]);
  lines.push(...indent(textTable([head, ...body])), '', 'Cohorts (contacts created each month)');
  const cohortHead = ['month', ...r.steps.map((s) => s.key)];
  lines.push(
    ...indent(textTable([cohortHead, ...r.cohorts.map((c) => [c.month, ...c.counts.map(int)])])),
  );
  return lines;
}

export function formatVelocity(r: VelocityReport): string[] {
  const lines = [
    `Time in each stage, contacts created ${r.from} to ${r.to}${r.split === 'none' ? '' : `, by ${r.split}`} (median and p90 within ±2.5%); ${footer(r)}`,
  ];
  for (const row of r.rows) {
    lines.push('', row.label);
    const body = row.stages.map((s) => [
      s.label,
      int(s.stays),
      duration(s.medianHours),
      duration(s.p90Hours),
      duration(s.meanHours),
    ]);
    lines.push(...indent(textTable([['stage', 'stays', 'median', 'p90', 'mean'], ...body])));
  }
  return lines;
}

function qualityCells(label: string, f: LeadQualityFigures): string[] {
  const top = f.rejectReasons[0];
  return [
    label,
    int(f.handed),
    int(f.accepted),
    pct(f.acceptanceRate),
    int(f.rejected),
    int(f.sql),
    pct(f.sqlRate),
    int(f.won),
    pct(f.winRate),
    int(f.lost),
    money(f.revenue),
    top ? `${top.code} ×${top.count}` : '–',
  ];
}

export function formatLeadQuality(r: LeadQualityReport): string[] {
  const lines = [
    `Lead quality by ${r.touch}-touch ${r.by}: leads handed to sales ${r.from} to ${r.to}; ${footer(r)}`,
  ];
  if (r.total.handed === 0) return [...lines, 'No lead was handed to sales in these months.'];
  const head = [
    r.by,
    'handed',
    'accepted',
    'accept %',
    'rejected',
    'SQL',
    'SQL %',
    'won',
    'win %',
    'lost',
    'revenue',
    'top reject reason',
  ];
  lines.push(
    '',
    ...indent(
      textTable([
        head,
        ...r.rows.map((row) => qualityCells(row.label, row)),
        qualityCells('(total)', r.total),
      ]),
    ),
  );
  return lines;
}

export function formatScoring(r: ScoringReport): string[] {
  const lines = [
    `Scoring performance: leads handed ${r.from} to ${r.to}; ${footer(r)}`,
    '',
    'By band at handoff',
  ];
  lines.push(
    ...indent(
      textTable([
        ['band', 'handed', 'accepted', 'SQL', 'won', 'SQL %', 'win %'],
        ...r.bands.map((b) => [
          b.band ?? '(no score)',
          int(b.handed),
          int(b.accepted),
          int(b.sql),
          int(b.won),
          pct(b.sqlRate),
          pct(b.winRate),
        ]),
      ]),
    ),
    '',
    'Calibration (total score at handoff)',
    ...indent(
      textTable([
        ['score', 'handed', 'mean', 'SQL %', 'win %'],
        ...r.calibration.map((c) => [
          c.label,
          int(c.handed),
          c.meanScore === null ? '–' : c.meanScore.toFixed(1),
          pct(c.sqlRate),
          pct(c.winRate),
        ]),
      ]),
    ),
  );
  return lines;
}

export function formatAttribution(r: AttributionReport): string[] {
  const lines = [`Revenue won ${r.from} to ${r.to} by ${r.touch}-touch ${r.by}; ${footer(r)}`];
  if (r.total.deals === 0) return [...lines, 'No deal was won in these months.'];
  lines.push(
    '',
    ...indent(
      textTable([
        [r.by, 'deals', 'revenue', 'share'],
        ...r.rows.map((row) => [row.label, int(row.deals), money(row.revenue), pct(row.share)]),
        ['(total)', int(r.total.deals), money(r.total.revenue), ''],
      ]),
    ),
  );
  return lines;
}

export function formatSummary(r: SummaryReport): string[] {
  const lines = [
    `Stage entries ${r.from} to ${r.to}${r.by === 'none' ? '' : ` by ${r.by}`}; ${footer(r)}`,
    '',
  ];
  const head = [r.by === 'none' ? '' : r.by, ...r.stages.map((s) => s.key), 'revenue'];
  const body = r.rows.map((row) => [
    row.label,
    ...r.stages.map((s) => int(row.entries[s.key] ?? 0)),
    money(row.revenue),
  ]);
  lines.push(...indent(textTable([head, ...body])));
  return lines;
}

export function formatPlan(p: PlanDocument): string[] {
  const figures = ['revenue', 'deals', 'sqls', 'mqls', 'leads'] as const;
  const show = (f: (typeof figures)[number], n: number) => (f === 'revenue' ? money(n) : int(n));
  const lines = [
    `Plan for ${p.month}: target ${p.revenueTarget === null ? 'not set' : money(p.revenueTarget)}; ${footer(p)}`,
    `Rates measured ${p.basis.from} to ${p.basis.to}: average deal ${p.rates.averageDeal === null ? '–' : money(p.rates.averageDeal)}, win ${pct(p.rates.winRate)} of SQLs, SQL ${pct(p.rates.sqlRate)} of MQLs, MQL ${pct(p.rates.handRate)} of leads`,
    '',
    ...indent(
      textTable([
        ['', 'needed', 'actual'],
        ...figures.map((f) => [
          f === 'sqls' ? 'SQLs' : f === 'mqls' ? 'MQLs' : f,
          p.needed ? show(f, p.needed[f]) : '–',
          show(f, p.actual[f]),
        ]),
      ]),
    ),
    '',
    `SLA MQL quota: ${p.slaQuota === null ? 'none agreed' : `${int(p.slaQuota)} (delivered ${int(p.actual.mqls)})`}`,
  ];
  if (p.needed === null && p.revenueTarget !== null)
    lines.push('The rates are not yet measurable, so the target cannot be turned into needs.');
  return lines;
}

function print<R>(format: Format, report: R, csv: (r: R) => string, table: (r: R) => string[]) {
  if (format === 'csv') process.stdout.write(csv(report));
  else if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${table(report).join('\n')}\n`);
}

function withRange(command: Command): Command {
  return command
    .option(
      '--from <month>',
      'first month, included (YYYY-MM; default 11 months before --to)',
      monthArgument,
    )
    .option('--to <month>', 'last month, included (YYYY-MM; default this month)', monthArgument)
    .addOption(
      new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'),
    );
}

const splitOption = () =>
  new Option('--split <split>', 'split the rows by').choices(funnelSplits).default('none');
const touchOption = () =>
  new Option('--touch <touch>', 'read source and campaign from the first or last touch')
    .choices(reportTouches)
    .default('first');
const byOption = () => new Option('--by <by>', 'group by').choices(reportBys).default('source');

function run<R>(
  name: string,
  read: (db: Db) => Promise<R>,
  format: Format,
  csv: (r: R) => string,
  table: (r: R) => string[],
) {
  return withWorkspace(`report ${name}`, read).then((r) => print(format, r, csv, table));
}

/** Adds the shared reports to `tandem report`. */
export function registerReportViewCommands(report: Command): void {
  withRange(report.command('funnel'))
    .description(
      'contacts of each monthly cohort reaching each stage, with conversions; split by source, campaign, persona or team',
    )
    .addOption(splitOption())
    .action((o: RangeOptions & { split: FunnelSplit }) =>
      run(
        'funnel',
        (db) => getFunnel({ db, actor: systemActor, ...o }),
        o.format,
        funnelCsv,
        formatFunnel,
      ),
    );
  withRange(report.command('velocity'))
    .description('median, p90 and mean time in each stage')
    .addOption(splitOption())
    .action((o: RangeOptions & { split: FunnelSplit }) =>
      run(
        'velocity',
        (db) => getVelocity({ db, actor: systemActor, ...o }),
        o.format,
        velocityCsv,
        formatVelocity,
      ),
    );
  withRange(report.command('lead-quality'))
    .description(
      'acceptance, SQL and win rates, revenue and reject reasons of the leads each source or campaign sent',
    )
    .addOption(touchOption())
    .addOption(byOption())
    .action((o: RangeOptions & { touch: ReportTouch; by: ReportBy }) =>
      run(
        'lead-quality',
        (db) => getLeadQuality({ db, actor: systemActor, ...o }),
        o.format,
        leadQualityCsv,
        formatLeadQuality,
      ),
    );
  withRange(report.command('scoring'))
    .description('conversion by band and calibration of the score at handoff')
    .action((o: RangeOptions) =>
      run(
        'scoring',
        (db) => getScoringPerformance({ db, actor: systemActor, ...o }),
        o.format,
        scoringCsv,
        formatScoring,
      ),
    );
  withRange(report.command('attribution'))
    .description('revenue won, credited to the first- or last-touch source or campaign')
    .addOption(touchOption())
    .addOption(byOption())
    .action((o: RangeOptions & { touch: ReportTouch; by: ReportBy }) =>
      run(
        'attribution',
        (db) => getAttribution({ db, actor: systemActor, ...o }),
        o.format,
        attributionCsv,
        formatAttribution,
      ),
    );
  withRange(report.command('summary'))
    .description('first entries into each stage and revenue, by team, owner or credited marketer')
    .addOption(new Option('--by <by>', 'one row per').choices(summaryBys).default('none'))
    .option('--owner <id>', "only this member's contacts")
    .option('--team <id>', "only the contacts of this team's members")
    .option('--marketer <id>', 'only the contacts credited to this marketer')
    .action(
      (o: RangeOptions & { by: SummaryBy; owner?: string; team?: string; marketer?: string }) =>
        run(
          'summary',
          (db) => getReportSummary({ db, actor: systemActor, ...o }),
          o.format,
          summaryCsv,
          formatSummary,
        ),
    );
  report
    .command('plan')
    .description(
      "the shared plan: a month's target, what it needs at measured rates, and the actuals",
    )
    .option('--month <month>', 'the month (YYYY-MM; default this month)', monthArgument)
    .addOption(
      new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'),
    )
    .action((o: { month?: string; format: Format }) =>
      run(
        'plan',
        (db) => getPlan({ db, actor: systemActor, month: o.month }),
        o.format,
        planCsv,
        formatPlan,
      ),
    );
}
