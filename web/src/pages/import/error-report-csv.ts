import type { ImportRowError } from '../../api/types';

// Cells a spreadsheet would run as a formula get a leading apostrophe, as the
// server's CSV export does: the values come from the uploaded file, unchecked.
const formulaStart = /^[=+\-@\t\r]/;

function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The error report as CSV (RFC 4180): row, column, value, reason. */
export function errorReportCsv(errors: readonly ImportRowError[]): string {
  const lines = [['row', 'column', 'value', 'reason'].join(',')];
  for (const e of errors) lines.push([e.row, e.column, e.value, e.reason].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** "leads.csv" → "leads-errors.csv". */
export function errorReportFileName(fileName: string | null): string {
  const base = (fileName ?? 'import').replace(/\.csv$/i, '');
  return `${base}-errors.csv`;
}

/** Hands the browser a file made here, without a round trip to the server. */
export function downloadText(text: string, fileName: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
