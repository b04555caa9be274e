import type { Queryable } from '../../store/db.js';

/** Rows per statement: large enough to amortise the round trip, small enough to keep parameters modest. */
export const bulkChunkSize = 4000;

export type Column<T> = readonly [name: string, type: string, value: (row: T) => unknown];

/** INSERT ... SELECT FROM unnest(arrays): one statement per chunk, whatever the row count. */
export async function bulkInsert<T>(
  q: Queryable,
  table: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  onChunk: (n: number) => void,
): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += bulkChunkSize) {
    const chunk = rows.slice(start, start + bulkChunkSize);
    await q.query(
      sql,
      columns.map(([, , value]) => chunk.map(value)),
    );
    onChunk(chunk.length);
  }
}
