import { AppError } from '../app-error.js';
import { parseCsv } from './csv-parse.js';
import { type ImportKind, keyFields } from './fields.js';
import {
  type ImportPlan,
  type MappingDocument,
  parseMappingDocument,
  planColumns,
} from './mapping.js';
import type { PresetName } from './presets.js';
import {
  type AccountRecord,
  type Built,
  type ContactRecord,
  type EventRecord,
  toAccountRecord,
  toContactRecord,
  toEventRecord,
} from './records.js';
import { isBlankRecord, type MappedRow, mapRow, type RowError } from './rows.js';

/**
 * Everything an import can know without the database: the file parsed, the
 * columns mapped, every row typed and checked. Rows with an error are out
 * (listed in `errors`); the rest go to the store in chunks.
 */
export type PreparedRecords =
  | { kind: 'contacts'; records: ContactRecord[] }
  | { kind: 'accounts'; records: AccountRecord[] }
  | { kind: 'events'; records: EventRecord[] };

export type PreparedImport = PreparedRecords & {
  plan: ImportPlan;
  mapping: { column: string; field: string | null }[];
  /** Data rows in the file (blank rows not counted). */
  rows: number;
  /** Rows refused before reaching the database. */
  failedRows: number;
  errors: RowError[];
};

export interface ImportInput {
  kind: ImportKind;
  csv: string;
  preset?: PresetName | undefined;
  /** A mapping document as parsed JSON: checked here. */
  mapping?: unknown;
  delimiter?: string | undefined;
}

function build<R>(
  mapped: MappedRow[],
  toRecord: (m: MappedRow) => Built<R>,
  errors: RowError[],
): { records: R[]; failed: number } {
  const records: R[] = [];
  let failed = 0;
  for (const m of mapped) {
    const built = toRecord(m);
    if (built.ok) records.push(built.record);
    else {
      failed++;
      errors.push(...built.errors);
    }
  }
  return { records, failed };
}

export function prepareImport(input: ImportInput): PreparedImport {
  const mapping: MappingDocument | undefined =
    input.mapping === undefined ? undefined : parseMappingDocument(input.mapping, input.kind);
  const csv = parseCsv(input.csv, { delimiter: input.delimiter });
  const plan = planColumns(csv.header, input.kind, { preset: input.preset, mapping });
  const keys = keyFields[input.kind];
  const keyColumns = plan.columns
    .filter((c) => c.field !== null && keys.includes(c.field))
    .map((c) => c.header);
  if (keyColumns.length === 0) {
    throw new AppError(
      'validation_failed',
      `No column of the file maps to ${keys.join(', ')}, so no row could be matched or created; name one in a mapping`,
      { fields: [{ field: 'mapping', message: `needs a column mapped to ${keys.join(' or ')}` }] },
    );
  }
  const mapped = csv.records.filter((r) => !isBlankRecord(r)).map((r) => mapRow(plan, r));
  const errors: RowError[] = [];
  const common = {
    plan,
    mapping: plan.columns.map((c) => ({ column: c.header, field: c.field })),
    rows: mapped.length,
    errors,
  };
  switch (input.kind) {
    case 'contacts': {
      const { records, failed } = build(mapped, (m) => toContactRecord(m, keyColumns), errors);
      return { ...common, kind: 'contacts', records, failedRows: failed };
    }
    case 'accounts': {
      const { records, failed } = build(mapped, (m) => toAccountRecord(m, keyColumns), errors);
      return { ...common, kind: 'accounts', records, failedRows: failed };
    }
    case 'events': {
      const { records, failed } = build(mapped, (m) => toEventRecord(m, keyColumns), errors);
      return { ...common, kind: 'events', records, failedRows: failed };
    }
  }
}
