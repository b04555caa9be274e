import type { Queryable } from './db.js';

/** API (camelCase) field names mapped to their SQL columns. */
export type ColumnMap = Readonly<Record<string, string>>;

/**
 * Pairs each provided value with its column. Only names in the map reach the
 * SQL text — column names never come from input — and JSON columns are sent
 * as JSON text so both drivers store them the same way.
 */
function pairs(
  columns: ColumnMap,
  values: Record<string, unknown>,
  jsonColumns: ReadonlySet<string>,
): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(values)) {
    const column = columns[key];
    if (column === undefined || value === undefined) continue;
    out.push([column, jsonColumns.has(column) ? JSON.stringify(value ?? {}) : value]);
  }
  return out;
}

export async function insertRow(
  q: Queryable,
  table: string,
  columns: ColumnMap,
  values: Record<string, unknown>,
  jsonColumns: ReadonlySet<string> = new Set(),
): Promise<string> {
  const entries = pairs({ ...columns, id: 'id' }, values, jsonColumns);
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO ${table} (${entries.map(([c]) => c).join(', ')})
     VALUES (${entries.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    entries.map(([, v]) => v),
  );
  return rows[0]!.id;
}

/** Sets the provided columns and updated_at; id and created_at are never rewritten. */
export async function updateRow(
  q: Queryable,
  table: string,
  columns: ColumnMap,
  id: string,
  values: Record<string, unknown>,
  jsonColumns: ReadonlySet<string> = new Set(),
): Promise<void> {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...rest } = values;
  const entries = pairs(columns, rest, jsonColumns);
  if (entries.length === 0) return;
  const sets = entries.map(([c], i) => `${c} = $${i + 2}`);
  await q.query(`UPDATE ${table} SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [
    id,
    ...entries.map(([, v]) => v),
  ]);
}
