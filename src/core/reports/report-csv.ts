import { csvRow } from '../csv-format.js';
import type {
  AttributionReport,
  FunnelReport,
  LeadQualityFigures,
  LeadQualityReport,
  PlanDocument,
  ScoringReport,
  SummaryReport,
  VelocityReport,
} from './report-types.js';

/**
 * The reports as CSV files (RFC 4180, CRLF): one header row, one row per
 * group (the total first), figures unformatted so a spreadsheet can sum them.
 * Rates are shares to four decimals; empty cells are unknown (a rate of 0 of 0).
 */

const rate = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
const hours = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const keyOf = (key: string | null) => key ?? '';

export function funnelCsv(r: FunnelReport): string {
  const head = [r.split === 'none' ? 'group' : r.split, 'label', ...r.steps.map((s) => s.key)];
  const lines = [csvRow(head)];
  for (const row of r.rows) lines.push(csvRow([keyOf(row.key), row.label, ...row.counts]));
  for (const row of r.rows)
    lines.push(
      csvRow([keyOf(row.key), `${row.label} (conversion)`, ...row.conversions.map((c) => rate(c))]),
    );
  for (const c of r.cohorts) lines.push(csvRow([`cohort:${c.month}`, c.month, ...c.counts]));
  return lines.join('');
}

export function velocityCsv(r: VelocityReport): string {
  const lines = [
    csvRow([
      r.split === 'none' ? 'group' : r.split,
      'label',
      'stage',
      'stays',
      'median_hours',
      'p90_hours',
      'mean_hours',
    ]),
  ];
  for (const row of r.rows)
    for (const s of row.stages)
      lines.push(
        csvRow([
          keyOf(row.key),
          row.label,
          s.key,
          s.stays,
          hours(s.medianHours),
          hours(s.p90Hours),
          hours(s.meanHours),
        ]),
      );
  return lines.join('');
}

export function leadQualityCsv(r: LeadQualityReport): string {
  const codes = r.reasonCodes;
  const head = [
    r.by,
    'label',
    'handed',
    'accepted',
    'acceptance_rate',
    'rejected',
    'sql',
    'sql_rate',
    'won',
    'win_rate',
    'lost',
    'revenue',
    ...codes.map((c) => `${c.kind}:${c.key}`),
  ];
  const cells = (key: string, label: string, f: LeadQualityFigures) => {
    const reasons = new Map<string, number>();
    for (const x of f.rejectReasons) reasons.set(`reject:${x.code}`, x.count);
    for (const x of f.lostReasons) reasons.set(`lost:${x.code}`, x.count);
    return csvRow([
      key,
      label,
      f.handed,
      f.accepted,
      rate(f.acceptanceRate),
      f.rejected,
      f.sql,
      rate(f.sqlRate),
      f.won,
      rate(f.winRate),
      f.lost,
      f.revenue,
      ...codes.map((c) => reasons.get(`${c.kind}:${c.key}`) ?? 0),
    ]);
  };
  return [
    csvRow(head),
    cells('__total__', 'Total', r.total),
    ...r.rows.map((row) => cells(keyOf(row.key), row.label, row)),
  ].join('');
}

export function scoringCsv(r: ScoringReport): string {
  const lines = [
    csvRow([
      'kind',
      'group',
      'handed',
      'accepted',
      'sql',
      'won',
      'sql_rate',
      'win_rate',
      'mean_score',
    ]),
  ];
  for (const b of r.bands)
    lines.push(
      csvRow([
        'band',
        b.band ?? '(none)',
        b.handed,
        b.accepted,
        b.sql,
        b.won,
        rate(b.sqlRate),
        rate(b.winRate),
        null,
      ]),
    );
  for (const c of r.calibration)
    lines.push(
      csvRow([
        'score',
        c.label,
        c.handed,
        null,
        null,
        null,
        rate(c.sqlRate),
        rate(c.winRate),
        c.meanScore === null ? null : Math.round(c.meanScore * 100) / 100,
      ]),
    );
  return lines.join('');
}

export function attributionCsv(r: AttributionReport): string {
  return [
    csvRow([r.by, 'label', 'deals', 'revenue', 'share']),
    csvRow([
      '__total__',
      'Total',
      r.total.deals,
      r.total.revenue,
      r.total.revenue === 0 ? null : 1,
    ]),
    ...r.rows.map((row) =>
      csvRow([keyOf(row.key), row.label, row.deals, row.revenue, rate(row.share)]),
    ),
  ].join('');
}

export function summaryCsv(r: SummaryReport): string {
  return [
    csvRow([r.by === 'none' ? 'group' : r.by, 'label', ...r.stages.map((s) => s.key), 'revenue']),
    ...r.rows.map((row) =>
      csvRow([
        keyOf(row.key),
        row.label,
        ...r.stages.map((s) => row.entries[s.key] ?? 0),
        row.revenue,
      ]),
    ),
  ].join('');
}

export function planCsv(p: PlanDocument): string {
  const figures = ['revenue', 'deals', 'sqls', 'mqls', 'leads'] as const;
  return [
    csvRow(['month', 'figure', 'needed', 'actual']),
    ...figures.map((f) => csvRow([p.month, f, p.needed?.[f] ?? null, p.actual[f]])),
    csvRow([p.month, 'sla_mql_quota', p.slaQuota, p.actual.mqls]),
  ].join('');
}
