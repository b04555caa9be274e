import { AppError, type FieldError } from '../../app-error.js';

/**
 * A backtest covers whole UTC calendar months, named `YYYY-MM`, both ends
 * included: `from 2026-09 to 2026-11` is September 1 00:00 UTC up to (not
 * including) December 1. Months are counted as year·12 + month − 1, so
 * consecutive months are consecutive integers.
 */

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The most months one backtest covers: five years, month by month, is already a long table. */
export const maxPeriodMonths = 60;

/** Without a `from`: at most a year back, and not before the first contact. */
export const defaultPeriodMonths = 12;

export function parseMonth(text: string): number | null {
  const m = monthPattern.exec(text);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
}

export function monthKey(month: number): string {
  const year = Math.floor(month / 12);
  return `${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;
}

export function monthStart(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1);
}

export function monthOf(at: number): number {
  const d = new Date(at);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export interface Period {
  /** First and last month, included. */
  from: number;
  to: number;
  /** [start, end) in epoch milliseconds. */
  start: number;
  end: number;
  /**
   * Where the period's history stops: its end, or now if that comes first. A
   * contact never qualified is judged at this instant, and nothing later counts.
   */
  evaluatedAt: number;
}

export interface PeriodRequest {
  from?: string;
  to?: string;
  now: Date;
  /** The earliest contact in the workspace, to start a default period where the data starts. */
  earliest: Date | null;
}

/** The period a backtest covers: given months, checked, or defaults (the last 12 months up to now). */
export function resolvePeriod(request: PeriodRequest): Period {
  const now = request.now.getTime();
  const fields: FieldError[] = [];
  const read = (name: 'from' | 'to'): number | null => {
    const text = request[name];
    if (text === undefined) return null;
    const month = parseMonth(text);
    if (month === null) fields.push({ field: name, message: 'must be a month as YYYY-MM' });
    return month;
  };
  const givenFrom = read('from');
  const givenTo = read('to');
  if (fields.length > 0)
    throw new AppError('validation_failed', 'The period must be given as months (YYYY-MM)', {
      fields,
    });
  const to = givenTo ?? monthOf(now);
  const from =
    givenFrom ??
    Math.min(
      to,
      Math.max(
        to - (defaultPeriodMonths - 1),
        request.earliest ? monthOf(request.earliest.getTime()) : to,
      ),
    );
  if (from > to)
    throw new AppError(
      'validation_failed',
      `The period starts (${monthKey(from)}) after it ends (${monthKey(to)})`,
      {
        fields: [{ field: 'from', message: `must not be after to (${monthKey(to)})` }],
      },
    );
  if (to - from + 1 > maxPeriodMonths)
    throw new AppError('validation_failed', `A backtest covers at most ${maxPeriodMonths} months`, {
      fields: [{ field: 'from', message: `must be at most ${maxPeriodMonths} months before to` }],
    });
  const start = monthStart(from);
  const end = monthStart(to + 1);
  return { from, to, start, end, evaluatedAt: Math.max(start, Math.min(end, now)) };
}

export function monthsOf(period: Period): string[] {
  const keys: string[] = [];
  for (let m = period.from; m <= period.to; m++) keys.push(monthKey(m));
  return keys;
}
