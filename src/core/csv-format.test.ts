import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv-format.js';

describe('csv output', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3, true])).toBe(
      'a,"b,c","say ""hi""","two\nlines",,3,true\r\n',
    );
  });
  it('writes dates as ISO and objects as JSON', () => {
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
  it('defuses spreadsheet formulas in text, not in numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1 555 0100')).toBe("'+1 555 0100");
    expect(csvCell(-5)).toBe('-5');
  });
});
