import { AppError, type FieldError } from '../app-error.js';
import type { ReportPeriod } from './report-types.js';

/**
 * Report ranges are whole UTC calendar months written YYYY-MM, both ends
 * included; the rollups store a month as the date of its 1st.
 */

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A range longer than this is a typo, not a report (ten years of monthly rows). */
export const maxReportMonths = 120;

export function isMonth(value: string): boolean {
  return monthPattern.test(value);
}

/** Months since year 0, so ranges are integer arithmetic. */
function ordinal(month: string): number {
  const m = monthPattern.exec(month);
  if (!m) throw new AppError('validation_failed', `"${month}" is not a month (YYYY-MM)`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function fromOrdinal(n: number): string {
  const year = Math.floor(n / 12);
  return `${String(year).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  return fromOrdinal(ordinal(month) + n);
}

/** The date the rollups store for a month. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** Every month from `from` to `to`, both included. */
export function monthsOf(period: ReportPeriod): string[] {
  const out: string[] = [];
  for (let n = ordinal(period.from); n <= ordinal(period.to); n++) out.push(fromOrdinal(n));
  return out;
}

/**
 * The range a report covers: the months asked for, by default the 12 months
 * ending with the current one (or with `to`). Refuses a range that runs
 * backwards or spans more than ten years.
 */
export function resolveReportRange(input: { from?: string; to?: string; now: Date }): ReportPeriod {
  const fields: FieldError[] = [];
  for (const key of ['from', 'to'] as const) {
    const value = input[key];
    if (value !== undefined && !isMonth(value))
      fields.push({ field: key, message: 'must be a month written YYYY-MM' });
  }
  if (fields.length > 0)
    throw new AppError('validation_failed', 'The report range is not valid', { fields });
  const to = input.to ?? monthOf(input.now);
  const from = input.from ?? addMonths(to, -11);
  const span = ordinal(to) - ordinal(from) + 1;
  if (span < 1)
    throw new AppError('validation_failed', 'The report range ends before it starts', {
      fields: [{ field: 'from', message: `must not be after to (${to})` }],
    });
  if (span > maxReportMonths)
    throw new AppError('validation_failed', 'The report range is too long', {
      fields: [{ field: 'from', message: `the range may span at most ${maxReportMonths} months` }],
    });
  return { from, to };
}

/** The plan's basis: the 12 whole months before `month`. */
export function planBasis(month: string): ReportPeriod {
  return { from: addMonths(month, -12), to: addMonths(month, -1) };
}
