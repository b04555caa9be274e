import { AppError } from '../app-error.js';

/**
 * CSV input per RFC 4180, read the way spreadsheets write it: an optional
 * UTF-8 byte order mark, CRLF, LF or lone CR line ends, fields quoted with
 * `"` that may hold the delimiter, quotes (doubled) and line breaks.
 *
 * Rows are numbered as a spreadsheet shows them: the header is row 1, the
 * first data row is row 2, and a quoted field spanning several lines is still
 * one row — so an error report points at the row a user sees when opening
 * the file. Blank lines keep their number but yield no record.
 */
export interface CsvRecord {
  row: number;
  cells: string[];
}

export interface ParsedCsv {
  delimiter: string;
  header: string[];
  records: CsvRecord[];
}

const candidates = [',', ';', '\t', '|'];

/**
 * The delimiter of a file that does not say: a comma unless the first line
 * has none and another candidate appears there (Excel in many European
 * locales writes semicolons; some tools write tabs).
 */
export function detectDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const firstLine = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  if (firstLine.includes(',')) return ',';
  let best = ',';
  let bestCount = 0;
  for (const c of candidates.slice(1)) {
    const count = firstLine.split(c).length - 1;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

function checkDelimiter(delimiter: string): void {
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n')
    throw new AppError(
      'validation_failed',
      'The delimiter must be one character, not a quote or line break',
      {
        fields: [
          { field: 'delimiter', message: 'must be one character other than " and line breaks' },
        ],
      },
    );
}

function unreadable(message: string): AppError {
  return new AppError('validation_failed', `The CSV file could not be read: ${message}`, {
    fields: [{ field: 'csv', message }],
  });
}

/** Splits the whole text into rows of cells; throws a validation error naming the row of an unclosed quote. */
export function parseCsvRows(text: string, delimiter: string): CsvRecord[] {
  checkDelimiter(delimiter);
  const d = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const CR = 13;
  const LF = 10;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const records: CsvRecord[] = [];
  let row = 1;
  let cells: string[] = [];
  let i = start;

  const endRecord = () => {
    // A line with nothing on it is a blank spreadsheet row, not a record with one empty cell.
    if (!(cells.length === 1 && cells[0] === '')) records.push({ row, cells });
    cells = [];
    row++;
  };

  if (i >= n) return records;
  for (;;) {
    // At the start of a field.
    if (text.charCodeAt(i) === QUOTE) {
      const openedAt = row;
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw unreadable(`row ${openedAt}: a quoted field is never closed`);
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the next delimiter is kept, as spreadsheets do.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === CR || c === LF) break;
        j++;
      }
      value += text.slice(i, j);
      i = j;
      cells.push(value);
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === d || c === CR || c === LF) break;
        j++;
      }
      cells.push(text.slice(i, j));
      i = j;
    }
    // After a field: a delimiter, a line end, or the end of the text.
    if (i >= n) {
      endRecord();
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i >= n) {
        cells.push('');
        endRecord();
        return records;
      }
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    endRecord();
    if (i >= n) return records;
  }
}

/** Reads a whole file: the first non-blank row is the header, the rest are records. */
export function parseCsv(
  text: string,
  options: { delimiter?: string | undefined } = {},
): ParsedCsv {
  const delimiter =
    options.delimiter ?? detectDelimiter(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const rows = parseCsvRows(text, delimiter);
  const first = rows[0];
  if (!first || first.cells.every((c) => c.trim() === ''))
    throw unreadable('it has no header row (the first row must name the columns)');
  return { delimiter, header: first.cells.map((c) => c.trim()), records: rows.slice(1) };
}
