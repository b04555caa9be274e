import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  type FeedbackGroupBy,
  type FeedbackRowFigures,
  type FeedbackTouch,
  feedbackGroupBys,
  feedbackTouches,
  type LabelledReason,
  parsePeriodBound,
  type SourceQualityReport,
  sourceQualityCsv,
  totalGroup,
} from '../core/feedback.js';
import { systemActor } from '../core/roles.js';
import { getSourceQuality } from '../services/reports/get-source-quality.js';
import { withWorkspace } from './open-workspace.js';
import { registerReportRefoldCommand } from './report-refold-command.js';
import { registerReportViewCommands } from './report-views-command.js';

type ReportFormat = 'table' | 'csv' | 'json';

interface SourceQualityOptions {
  groupBy: FeedbackGroupBy;
  from?: string;
  to?: string;
  touch: FeedbackTouch;
  format: ReportFormat;
}

/** Checked before the workspace is opened, so a typo costs nothing and says why in one line. */
function periodBound(value: string): string {
  if (parsePeriodBound(value) === null)
    throw new InvalidArgumentError(
      'must be a date (YYYY-MM-DD) or an ISO date-time with an offset (2026-11-01T09:00:00Z)',
    );
  return value;
}

/* Plain text tables: right-aligned figures under left-aligned headings. */

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const top = (reasons: readonly LabelledReason[]) =>
  reasons[0] ? `${reasons[0].code ?? '(none)'} ×${reasons[0].count}` : '–';
const day = (d: Date) =>
  d.toISOString().endsWith('T00:00:00.000Z')
    ? d.toISOString().slice(0, 10)
    : d.toISOString().slice(0, 16).replace('T', ' ');

function cells(group: string, f: FeedbackRowFigures): string[] {
  return [
    group,
    int(f.handed),
    int(f.accepted),
    pct(f.acceptanceRate),
    int(f.sql),
    pct(f.sqlRate),
    int(f.won),
    pct(f.winRate),
    money(f.revenue),
    int(f.rejected),
    top(f.rejectReasons),
    int(f.lost),
    top(f.lostReasons),
  ];
}

export function formatSourceQuality(r: SourceQualityReport): string[] {
  const by = r.groupBy === 'persona' ? 'persona' : `${r.touch}-touch ${r.groupBy}`;
  const lines = [
    `Source quality by ${by}: leads handed to sales from ${day(r.period.from)} up to ${day(r.period.to)} (UTC, end excluded); definitions v${r.definitionsVersion ?? '?'}`,
  ];
  if (r.rows.length === 0) return [...lines, 'No lead entered MQL, PQL or CQL in this period.'];
  const head = [
    r.groupBy,
    'handed',
    'accepted',
    'accept %',
    'SQL',
    'SQL %',
    'won',
    'win %',
    'revenue',
    'rejected',
    'top reject reason',
    'lost',
    'top lost reason',
  ];
  const body = r.rows.map((row) => cells(row.label === row.group ? row.group : row.label, row));
  lines.push('', ...table([head, ...body, cells(totalGroup, r.totals)]).map((l) => `  ${l}`));
  const reasons = (title: string, list: readonly LabelledReason[]) => {
    if (list.length === 0) return;
    lines.push('', title);
    const named = list.map((x) => [
      x.code === null ? x.label : `${x.label} (${x.code})`,
      int(x.count),
    ]);
    lines.push(...table(named).map((l) => `  ${l}`));
  };
  reasons('Why sales rejected leads (all groups)', r.totals.rejectReasons);
  reasons('Why deals were lost (all groups)', r.totals.lostReasons);
  return lines;
}

/** `tandem report …`: the shared reports, printed as a table, CSV or JSON. */
export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('the reports both teams share');
  registerReportRefoldCommand(report);
  registerReportViewCommands(report);
  report
    .command('source-quality')
    .description(
      'what sales did with the leads each source, medium, campaign or persona sent: accepted, SQL, won and revenue, reject and lost reasons',
    )
    .addOption(
      new Option('--group-by <key>', 'what to group the leads by')
        .choices(feedbackGroupBys)
        .default('source'),
    )
    .option(
      '--from <date>',
      'first day of the period (YYYY-MM-DD, UTC; default 12 months before --to)',
      periodBound,
    )
    .option('--to <date>', 'end of the period, excluded (default: now)', periodBound)
    .addOption(
      new Option('--touch <touch>', 'read source, medium and campaign from the first or last touch')
        .choices(feedbackTouches)
        .default('first'),
    )
    .addOption(
      new Option('--format <format>', 'output').choices(['table', 'csv', 'json']).default('table'),
    )
    .action(async (opts: SourceQualityOptions) => {
      const result = await withWorkspace('report source-quality', (db) =>
        getSourceQuality({
          db,
          actor: systemActor,
          groupBy: opts.groupBy,
          from: opts.from,
          to: opts.to,
          touch: opts.touch,
        }),
      );
      if (opts.format === 'csv') process.stdout.write(sourceQualityCsv(result));
      else if (opts.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(`${formatSourceQuality(result).join('\n')}\n`);
    });
}
