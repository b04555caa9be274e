import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { csvRow } from '../csv-format.js';
import { detectDelimiter, parseCsv, parseCsvRows } from './csv-parse.js';

const cellsOf = (text: string, delimiter = ',') =>
  parseCsvRows(text, delimiter).map((r) => r.cells);

/** A writer independent of the parser: quotes a cell when it holds the delimiter, a quote or a line break. */
function writeCsv(rows: string[][], delimiter: string, lineEnd: string): string {
  const special = new RegExp(`["\\r\\n${delimiter === '\t' ? '\\t' : `\\${delimiter}`}]`);
  return rows
    .map((r) =>
      r
        .map((c) => (special.test(c) || c === '' ? `"${c.replaceAll('"', '""')}"` : c))
        .join(delimiter),
    )
    .map((line) => line + lineEnd)
    .join('');
}

describe('CSV parser', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks', () => {
    expect(cellsOf('a,"b,c","say ""hi""","two\nlines",\r\n1,2,3,4,5')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\nlines', ''],
      ['1', '2', '3', '4', '5'],
    ]);
  });

  it('numbers rows as a spreadsheet does: a multi-line field is one row, blank lines keep their number', () => {
    const rows = parseCsvRows('h1,h2\n"a\nb",c\n\nd,e\n', ',');
    expect(rows).toEqual([
      { row: 1, cells: ['h1', 'h2'] },
      { row: 2, cells: ['a\nb', 'c'] },
      { row: 4, cells: ['d', 'e'] },
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends, a BOM, and no final line end', () => {
    expect(cellsOf('\uFEFFa,b\r\nc,d\re,f\ng,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('keeps a trailing empty cell and text after a closing quote, as spreadsheets do', () => {
    expect(cellsOf('a,')).toEqual([['a', '']]);
    expect(cellsOf('"ab"cd,e')).toEqual([['abcd', 'e']]);
    expect(cellsOf('ab"c,d')).toEqual([['ab"c', 'd']]);
  });

  it('names the row where an unclosed quote starts', () => {
    try {
      parseCsvRows('h\nok\n"fine"\n"never\nclosed\n', ',');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toBe(
        'The CSV file could not be read: row 4: a quoted field is never closed',
      );
      expect((error as AppError).fields).toEqual([
        { field: 'csv', message: 'row 4: a quoted field is never closed' },
      ]);
    }
  });

  it('refuses a file without a header, and a delimiter that cannot be one', () => {
    expect(() => parseCsv('')).toThrow(/no header row/);
    expect(() => parseCsv('\n\n ,\n')).toThrow(/no header row/);
    expect(() => parseCsv('a,b', { delimiter: '"' })).toThrow(/delimiter/);
    expect(() => parseCsv('a,b', { delimiter: ';;' })).toThrow(/delimiter/);
  });

  it('detects semicolon and tab files, and stays with commas when the header has one', () => {
    expect(detectDelimiter('Email;First name;Last name\nx;y;z')).toBe(';');
    expect(detectDelimiter('Email\tName\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(detectDelimiter('"a;b;c"\n')).toBe(',');
    expect(parseCsv('a;b\n1;2').records[0]!.cells).toEqual(['1', '2']);
  });

  const cell = fc.string({
    unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r', '\t', 'é', '|', '='),
    maxLength: 8,
  });
  const table = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }))
    .chain(([width, height]) =>
      fc.array(
        fc
          .array(cell, { minLength: width, maxLength: width })
          .filter((r) => r.some((c) => c !== '') || width > 1),
        { minLength: height, maxLength: height },
      ),
    );

  it('reads back any table it is given, whatever the delimiter and line end (property)', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        (rows, delimiter, lineEnd, bom) => {
          const text = (bom ? '\uFEFF' : '') + writeCsv(rows, delimiter, lineEnd);
          expect(cellsOf(text, delimiter)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads back what tandem export's writer (csv-format.ts) writes (property)", () => {
    const safe = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', 'é'), maxLength: 8 });
    fc.assert(
      fc.property(
        fc.array(fc.array(safe, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          expect(cellsOf(rows.map(csvRow).join(''))).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
