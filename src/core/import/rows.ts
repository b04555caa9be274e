import { convertCell, isNullCell, undefuse } from './cell-values.js';
import type { CsvRecord } from './csv-parse.js';
import type { ImportPlan } from './mapping.js';

/** One problem with one row: the spreadsheet row number, the column (null: the row as a whole), the cell text. */
export interface RowError {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/** A row's typed values by field and its custom properties; the record and plan stay at hand for error reports. */
export interface MappedRow {
  row: number;
  values: Map<string, unknown>;
  properties: Record<string, unknown>;
  errors: RowError[];
  cells: readonly string[];
  plan: ImportPlan;
}

/**
 * Applies the column plan to one record. When several columns fill one field
 * (HubSpot's "Website URL" and "Company Domain Name"), the first with a value
 * wins. Null cells give no value at all, so they never erase stored data.
 */
export function mapRow(plan: ImportPlan, record: CsvRecord): MappedRow {
  const { cells } = record;
  const out: MappedRow = {
    row: record.row,
    values: new Map(),
    properties: {},
    errors: [],
    cells,
    plan,
  };
  if (
    cells.length > plan.columns.length &&
    cells.slice(plan.columns.length).some((c) => c.trim())
  ) {
    out.errors.push({
      row: record.row,
      column: null,
      value: null,
      reason: `has ${cells.length} cells but the header names ${plan.columns.length} columns`,
    });
    return out;
  }
  for (const column of plan.columns) {
    if (column.field === null) continue;
    const raw = undefuse(cells[column.index] ?? '');
    if (isNullCell(raw, plan.nullValues)) continue;
    const key = column.property ?? column.field;
    if (column.property !== null ? Object.hasOwn(out.properties, key) : out.values.has(key))
      continue;
    const result = convertCell(raw, column.type, column.max);
    if (!result.ok) {
      out.errors.push({
        row: record.row,
        column: column.header,
        value: raw,
        reason: result.reason,
      });
      continue;
    }
    if (column.property !== null)
      out.properties[key] =
        result.value instanceof Date ? result.value.toISOString() : result.value;
    else out.values.set(key, result.value);
  }
  return out;
}

/** True for a record whose every cell is blank: a spreadsheet's empty row, not data. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.cells.every((c) => c.trim() === '');
}

/** An error about one field of a mapped row, pointing at the column and cell that gave its value. */
export function fieldError(m: MappedRow, field: string, reason: string): RowError {
  for (const column of m.plan.columns) {
    if (column.field !== field) continue;
    const raw = undefuse(m.cells[column.index] ?? '');
    if (!isNullCell(raw, m.plan.nullValues))
      return { row: m.row, column: column.header, value: raw, reason };
  }
  const first = m.plan.columns.find((c) => c.field === field);
  return { row: m.row, column: first?.header ?? null, value: null, reason };
}
