import { query } from '../../api/client';

/**
 * GET /api/v1/reports/source-quality as the web app uses it (the server's
 * src/core/feedback.ts says what each figure counts).
 */

export type GroupBy = 'source' | 'medium' | 'campaign' | 'persona';
export type Touch = 'first' | 'last';

export interface ReasonCount {
  code: string | null;
  label: string;
  count: number;
}

export interface FeedbackFigures {
  handed: number;
  accepted: number;
  acceptanceRate: number | null;
  sql: number;
  sqlRate: number | null;
  won: number;
  winRate: number | null;
  revenue: number;
  rejected: number;
  rejectReasons: ReasonCount[];
  lost: number;
  lostReasons: ReasonCount[];
}

export interface FeedbackRow extends FeedbackFigures {
  group: string;
  label: string;
}

export interface SourceQualityReport {
  groupBy: GroupBy;
  touch: Touch;
  period: { from: string; to: string };
  definitionsVersion: number | null;
  reasonCodes: { key: string; label: string; kind: 'reject' | 'lost' }[];
  rows: FeedbackRow[];
  totals: FeedbackFigures;
}

export const groupByLabels: Record<GroupBy, string> = {
  source: 'Source',
  medium: 'Medium',
  campaign: 'Campaign',
  persona: 'Persona',
};

/** What the page asks for, as it stands in the URL: days are YYYY-MM-DD, '' for the default. */
export interface FeedbackQuery {
  groupBy: GroupBy;
  touch: Touch;
  /** First day, included. */
  from: string;
  /** Last day, included (people pick the last day they mean; the API's end is excluded). */
  through: string;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

export function queryOf(params: URLSearchParams): FeedbackQuery {
  const groupBy = params.get('groupBy');
  const from = params.get('from') ?? '';
  const through = params.get('through') ?? '';
  return {
    groupBy: groupBy !== null && groupBy in groupByLabels ? (groupBy as GroupBy) : 'source',
    touch: params.get('touch') === 'last' ? 'last' : 'first',
    from: day.test(from) ? from : '',
    through: day.test(through) ? through : '',
  };
}

export function paramsOf(q: FeedbackQuery): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.groupBy !== 'source') out.groupBy = q.groupBy;
  if (q.touch !== 'first') out.touch = q.touch;
  if (q.from) out.from = q.from;
  if (q.through) out.through = q.through;
  return out;
}

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** The API path for the report (and, with csv, for the file to download). */
export function reportPath(q: FeedbackQuery, format?: 'csv'): string {
  return `/api/v1/reports/source-quality${query({
    groupBy: q.groupBy,
    touch: q.groupBy === 'persona' ? undefined : q.touch,
    from: q.from || undefined,
    to: q.through ? nextDay(q.through) : undefined,
    format,
  })}`;
}

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en');
const money = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export const formatRate = (x: number | null) => (x === null ? '–' : percent.format(x));
export const formatCount = (n: number) => count.format(n);
export const formatMoney = (n: number) => money.format(n);

/** The period as people say it: the last day included. */
export function periodLabel(period: { from: string; to: string }): string {
  const from = period.from.slice(0, 10);
  const end = new Date(Date.parse(period.to) - 1).toISOString().slice(0, 10);
  return `${from} to ${end}`;
}
