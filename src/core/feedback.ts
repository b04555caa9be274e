import { AppError, type FieldError } from './app-error.js';
import { csvRow } from './csv-format.js';
import type { ReasonKind } from './definitions.js';

/**
 * Feedback to marketing (DESIGN.md §3 "Feedback"): of the leads marketing
 * handed to sales in a period, how many sales accepted, qualified and won, for
 * how much, and why the others were rejected or lost — per source, medium,
 * campaign or persona, so budget can follow the sources that close.
 */

export const feedbackGroupBys = ['source', 'medium', 'campaign', 'persona'] as const;
export type FeedbackGroupBy = (typeof feedbackGroupBys)[number];

/** Which of the contact's touches names its source, medium and campaign. */
export const feedbackTouches = ['first', 'last'] as const;
export type FeedbackTouch = (typeof feedbackTouches)[number];

/** How a contact without a value for the grouping (no campaign, no persona) is shown. */
export const noneGroup = '(none)';
/** The totals row's group in the CSV file. */
export const totalGroup = '(total)';

/**
 * One contact handed to sales in the period and what was recorded for it
 * afterwards. The cohort is by handoff: a contact belongs to the period in
 * which it first entered a route stage (MQL, PQL, CQL) within that period, so
 * a lead re-qualified after recycling counts again in the period it came back.
 * Outcomes count from that handoff on, also when recorded after the period
 * ends: a lead handed over in March and won in June is March's win.
 */
export interface HandedLead {
  contactId: string;
  /** The source, medium, campaign or persona key; null when the contact has none. */
  group: string | null;
  handedAt: Date;
  /** First reached SAL (or any later funnel stage) after the handoff. */
  acceptedAt: Date | null;
  /** Reached SQL (or later) after the handoff. */
  sql: boolean;
  /** Reached customer after the handoff. */
  won: boolean;
  /** The first win's amount; null when not won or recorded without one. */
  amount: number | null;
  /** Sales turned it down (from a route stage or SAL to an exit); the first such move's code. */
  rejected: boolean;
  rejectCode: string | null;
  /** The deal fell through (from SQL or opportunity to an exit); the first such move's code. */
  lost: boolean;
  lostCode: string | null;
}

export interface ReasonCount {
  /** A reason code key; null for an exit recorded without one (before codes existed). */
  code: string | null;
  count: number;
}

/** Rates are shares of the leads handed over (as in the backtest); null when none were. */
export interface FeedbackFigures {
  handed: number;
  accepted: number;
  acceptanceRate: number | null;
  sql: number;
  sqlRate: number | null;
  won: number;
  winRate: number | null;
  /** The won amounts, summed in cents so 0.1 + 0.2 stays 0.3. */
  revenue: number;
  rejected: number;
  rejectReasons: ReasonCount[];
  lost: number;
  lostReasons: ReasonCount[];
}

export interface FeedbackGroup extends FeedbackFigures {
  group: string | null;
}

export interface FeedbackSummary {
  groups: FeedbackGroup[];
  totals: FeedbackFigures;
}

const rate = (n: number, of: number): number | null => (of === 0 ? null : n / of);

/** Most frequent first; ties by code, the uncoded last. */
function sortedReasons(counts: Map<string | null, number>): ReasonCount[] {
  return [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        (a.code === null ? 1 : b.code === null ? -1 : a.code < b.code ? -1 : 1),
    );
}

class Tally {
  handed = 0;
  accepted = 0;
  sql = 0;
  won = 0;
  cents = 0;
  rejected = 0;
  lost = 0;
  readonly rejectReasons = new Map<string | null, number>();
  readonly lostReasons = new Map<string | null, number>();

  add(lead: HandedLead): void {
    this.handed++;
    if (lead.acceptedAt !== null) this.accepted++;
    if (lead.sql) this.sql++;
    if (lead.won) {
      this.won++;
      this.cents += Math.round((lead.amount ?? 0) * 100);
    }
    if (lead.rejected) {
      this.rejected++;
      this.rejectReasons.set(lead.rejectCode, (this.rejectReasons.get(lead.rejectCode) ?? 0) + 1);
    }
    if (lead.lost) {
      this.lost++;
      this.lostReasons.set(lead.lostCode, (this.lostReasons.get(lead.lostCode) ?? 0) + 1);
    }
  }

  figures(): FeedbackFigures {
    return {
      handed: this.handed,
      accepted: this.accepted,
      acceptanceRate: rate(this.accepted, this.handed),
      sql: this.sql,
      sqlRate: rate(this.sql, this.handed),
      won: this.won,
      winRate: rate(this.won, this.handed),
      revenue: this.cents / 100,
      rejected: this.rejected,
      rejectReasons: sortedReasons(this.rejectReasons),
      lost: this.lost,
      lostReasons: sortedReasons(this.lostReasons),
    };
  }
}

/** Per group and in total; groups with the most leads handed first, ties by name, "none" last. */
export function summarizeFeedback(leads: Iterable<HandedLead>): FeedbackSummary {
  const byGroup = new Map<string | null, Tally>();
  const total = new Tally();
  for (const lead of leads) {
    let tally = byGroup.get(lead.group);
    if (!tally) {
      tally = new Tally();
      byGroup.set(lead.group, tally);
    }
    tally.add(lead);
    total.add(lead);
  }
  const groups = [...byGroup]
    .map(([group, tally]) => ({ group, ...tally.figures() }))
    .sort(
      (a, b) =>
        b.handed - a.handed ||
        (a.group === null ? 1 : b.group === null ? -1 : a.group < b.group ? -1 : 1),
    );
  return { groups, totals: total.figures() };
}

/* The report as shown: groups and reasons with the labels of the definitions in force. */

export interface LabelledReason extends ReasonCount {
  label: string;
}

export interface FeedbackRowFigures extends Omit<FeedbackFigures, 'rejectReasons' | 'lostReasons'> {
  rejectReasons: LabelledReason[];
  lostReasons: LabelledReason[];
}

export interface FeedbackRow extends FeedbackRowFigures {
  /** The value grouped on, or "(none)". */
  group: string;
  /** What people call it: the persona's name; otherwise the value itself. */
  label: string;
}

export interface ReasonCodeInfo {
  key: string;
  label: string;
  kind: ReasonKind;
}

export interface SourceQualityReport {
  groupBy: FeedbackGroupBy;
  touch: FeedbackTouch;
  /** [from, to): handoffs from `from` up to, not including, `to`. */
  period: { from: Date; to: Date };
  /** The definitions version whose labels are shown. */
  definitionsVersion: number | null;
  /** The reason codes in force, in the definitions' order. */
  reasonCodes: ReasonCodeInfo[];
  rows: FeedbackRow[];
  totals: FeedbackRowFigures;
}

export interface FeedbackLabels {
  groups: ReadonlyMap<string, string>;
  reasons: ReadonlyMap<string, string>;
}

export function reasonLabel(labels: FeedbackLabels, code: string | null): string {
  return code === null ? '(no reason code)' : (labels.reasons.get(code) ?? code);
}

function labelFigures(f: FeedbackFigures, labels: FeedbackLabels): FeedbackRowFigures {
  const label = (r: ReasonCount): LabelledReason => ({ ...r, label: reasonLabel(labels, r.code) });
  return { ...f, rejectReasons: f.rejectReasons.map(label), lostReasons: f.lostReasons.map(label) };
}

export function labelFeedback(
  summary: FeedbackSummary,
  labels: FeedbackLabels,
): { rows: FeedbackRow[]; totals: FeedbackRowFigures } {
  return {
    rows: summary.groups.map(({ group, ...figures }) => ({
      group: group ?? noneGroup,
      label: group === null ? noneGroup : (labels.groups.get(group) ?? group),
      ...labelFigures(figures, labels),
    })),
    totals: labelFigures(summary.totals, labels),
  };
}

/* The period. */

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A day (UTC midnight) or an instant with its offset; null when neither or not a real date. */
export function parsePeriodBound(text: string): Date | null {
  if (datePattern.test(text)) {
    const d = new Date(`${text}T00:00:00.000Z`);
    // Date rolls 2026-02-31 over into March; a real day prints back as itself.
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text ? d : null;
  }
  if (!dateTimePattern.test(text)) return null;
  const day = text.slice(0, 10);
  if (parsePeriodBound(day) === null) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const defaultFeedbackMonths = 12;

/**
 * [from, to): `to` defaults to now and is excluded, so `from 2026-01-01 to
 * 2026-04-01` is the first quarter; `from` defaults to 12 months before `to`.
 */
export function resolveFeedbackPeriod(request: { from?: string; to?: string; now: Date }): {
  from: Date;
  to: Date;
} {
  const fields: FieldError[] = [];
  const read = (name: 'from' | 'to'): Date | null => {
    const text = request[name];
    if (text === undefined) return null;
    const d = parsePeriodBound(text);
    if (d === null)
      fields.push({
        field: name,
        message: 'must be a date (YYYY-MM-DD) or a date-time with an offset (ISO 8601)',
      });
    return d;
  };
  const givenFrom = read('from');
  const givenTo = read('to');
  if (fields.length > 0)
    throw new AppError('validation_failed', 'The period must be given as dates', { fields });
  const to = givenTo ?? request.now;
  const from = givenFrom ?? monthsBefore(to, defaultFeedbackMonths);
  if (from.getTime() >= to.getTime())
    throw new AppError(
      'validation_failed',
      `The period starts (${from.toISOString()}) at or after it ends (${to.toISOString()})`,
      { fields: [{ field: 'from', message: `must be before to (${to.toISOString()})` }] },
    );
  return { from, to };
}

function monthsBefore(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  // 31 March less a month is the last day of February, not 3 March.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/* CSV. */

const csvRate = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/** Reason columns: every code in force of that kind, then any other code the figures hold. */
function reasonColumns(
  report: SourceQualityReport,
  kind: ReasonKind,
  counted: readonly ReasonCount[],
): (string | null)[] {
  const codes: (string | null)[] = report.reasonCodes
    .filter((r) => r.kind === kind)
    .map((r) => r.key);
  for (const r of counted) if (!codes.includes(r.code)) codes.push(r.code);
  return codes;
}

/**
 * One row per group and a totals row, rates as fractions to four places,
 * then a count column per reason code (`rejected:not_ready`, `lost:lost_price`).
 */
export function sourceQualityCsv(report: SourceQualityReport): string {
  const rejects = reasonColumns(report, 'reject', report.totals.rejectReasons);
  const losses = reasonColumns(report, 'lost', report.totals.lostReasons);
  const name = (code: string | null) => code ?? noneGroup;
  const header = [
    report.groupBy,
    'label',
    'handed',
    'accepted',
    'acceptance_rate',
    'sql',
    'sql_rate',
    'won',
    'win_rate',
    'revenue',
    'rejected',
    'lost',
    ...rejects.map((c) => `rejected:${name(c)}`),
    ...losses.map((c) => `lost:${name(c)}`),
  ];
  const line = (group: string, label: string, f: FeedbackRowFigures) => {
    const count = (list: readonly ReasonCount[], code: string | null) =>
      list.find((r) => r.code === code)?.count ?? 0;
    return csvRow([
      group,
      label,
      f.handed,
      f.accepted,
      csvRate(f.acceptanceRate),
      f.sql,
      csvRate(f.sqlRate),
      f.won,
      csvRate(f.winRate),
      f.revenue,
      f.rejected,
      f.lost,
      ...rejects.map((c) => count(f.rejectReasons, c)),
      ...losses.map((c) => count(f.lostReasons, c)),
    ]);
  };
  return [
    csvRow(header),
    ...report.rows.map((r) => line(r.group, r.label, r)),
    line(totalGroup, 'Total', report.totals),
  ].join('');
}
