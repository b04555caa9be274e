/**
 * Output shared by the benchmarks: one JSON object on stdout, so
 * `npm run -s bench:x > result.json` gives a machine-readable file, and a
 * readable table (plus progress lines) on stderr for the person watching.
 */
export type Cell = string | number | null;

export interface Table {
  title: string;
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

function show(cell: Cell): string {
  if (cell === null) return '—';
  if (typeof cell === 'number')
    return Number.isInteger(cell) ? cell.toLocaleString('en-US') : String(cell);
  return cell;
}

/** Numbers align right, text left, like a spreadsheet. */
export function formatTable(table: Table): string {
  const text = table.rows.map((row) => row.map(show));
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...text.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[], numeric: (i: number) => boolean) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const isNumber = (i: number) => table.rows.some((row) => typeof row[i] === 'number');
  return [
    table.title,
    line(table.columns, isNumber),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map((cells) => line(cells, isNumber)),
  ].join('\n');
}

export function printReport(json: unknown, tables: readonly Table[]): void {
  process.stderr.write(`\n${tables.map(formatTable).join('\n\n')}\n\n`);
  process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
}
