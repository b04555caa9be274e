import { useSearchParams } from 'react-router-dom';
import { query } from '../../api/client';
import type { ReportName } from '../../api/report-types';

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isMonth = (text: string | null): text is string =>
  text !== null && monthPattern.test(text);

/** The current UTC month, `YYYY-MM` (reports count in UTC calendar months). */
export function currentMonth(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** `month` moved by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

/** "Mar 2026" */
export function monthLabel(month: string): string {
  const d = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  return d.toLocaleDateString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/**
 * The choices of a report page, kept in the URL so a view can be shared as a
 * link. Empty from/to leave the period to the server (the 12 months ending with
 * the current one); the other keys are the report's own (split, touch, by).
 */
export interface ReportChoices {
  from: string;
  to: string;
  options: Record<string, string>;
}

export function useReportChoices(
  defaults: Record<string, string>,
): [ReportChoices, (next: ReportChoices) => void] {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const options: Record<string, string> = {};
  for (const [key, fallback] of Object.entries(defaults))
    options[key] = params.get(key) ?? fallback;
  const choices = { from: isMonth(from) ? from : '', to: isMonth(to) ? to : '', options };
  const change = (next: ReportChoices) => {
    const out: Record<string, string> = {};
    if (next.from) out.from = next.from;
    if (next.to) out.to = next.to;
    for (const [key, value] of Object.entries(next.options))
      if (value !== defaults[key]) out[key] = value;
    setParams(out, { replace: true });
  };
  return [choices, change];
}

/** The API path of a report for these choices; with csv, the file to download. */
export function reportPath(
  name: ReportName,
  choices: { from: string; to: string; options?: Record<string, string | undefined> },
  format?: 'csv',
): string {
  return `/api/v1/reports/${name}${query({
    from: choices.from || undefined,
    to: choices.to || undefined,
    ...choices.options,
    format,
  })}`;
}

/** The plan of a month; with csv, the file to download. */
export const planPath = (month: string, format?: 'csv') =>
  `/api/v1/plan${query({ month, format })}`;
