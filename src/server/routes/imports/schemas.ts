import { Type } from 'typebox';
import { importKinds, valueTypes } from '../../../core/import/fields.js';
import { filledByValues } from '../../../core/import/mapping.js';
import { presetNames } from '../../../core/import/presets.js';
import { DateTime, Nullable, Uuid } from '../../schemas.js';

const Kind = Type.Union(
  importKinds.map((k) => Type.Literal(k)),
  { description: 'What the rows are' },
);
const Preset = Type.Union(
  presetNames.map((p) => Type.Literal(p)),
  { description: 'Header mapping of a known export; detected from the header when left out' },
);

const ColumnTarget = Type.Union([
  Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'a field, e.g. email or properties.plan',
  }),
  Type.Null({ description: 'ignore the column' }),
  Type.Object(
    {
      field: Type.String({ minLength: 1, maxLength: 200 }),
      type: Type.Optional(Type.Union(valueTypes.map((t) => Type.Literal(t)))),
      filledBy: Type.Optional(
        Type.Union(
          filledByValues.map((t) => Type.Literal(t)),
          {
            description: 'who fills the field; learned scoring leaves out what sales fills',
          },
        ),
      ),
    },
    { additionalProperties: false },
  ),
]);

export const MappingDocumentSchema = Type.Object(
  {
    columns: Type.Record(Type.String({ maxLength: 500 }), ColumnTarget, {
      maxProperties: 2000,
      description: 'CSV header (any case and spacing) → field',
    }),
    nullValues: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 200,
        description: 'Cell texts meaning "no value" (any case); a blank cell always does',
      }),
    ),
    unmapped: Type.Optional(
      Type.Union([Type.Literal('properties'), Type.Literal('ignore')], {
        description:
          'Columns nothing maps: kept as properties.<snake_case header> (default) or ignored',
      }),
    ),
  },
  { additionalProperties: false, description: 'The mapping document (README: CSV import)' },
);

export const CreateImportBody = Type.Object(
  {
    kind: Kind,
    csv: Type.String({ description: 'The whole CSV file as text (UTF-8)' }),
    fileName: Type.Optional(Type.String({ maxLength: 255 })),
    preset: Type.Optional(Preset),
    mapping: Type.Optional(MappingDocumentSchema),
    dryRun: Type.Optional(
      Type.Boolean({
        description: 'Run everything, then roll back: exact counts, nothing written',
      }),
    ),
    delimiter: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1, description: 'Default: detected (, ; tab |)' }),
    ),
  },
  { additionalProperties: false },
);

const ImportError = Type.Object({
  row: Type.Integer({ description: 'Spreadsheet row: the header is row 1' }),
  column: Nullable(Type.String()),
  value: Nullable(Type.String()),
  reason: Type.String(),
});

export const ImportReportSchema = Type.Object({
  id: Nullable(Uuid),
  kind: Kind,
  fileName: Nullable(Type.String()),
  dryRun: Type.Boolean(),
  preset: Nullable(Preset),
  mapping: Type.Array(Type.Object({ column: Type.String(), field: Nullable(Type.String()) })),
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  errorCount: Type.Integer(),
  errors: Type.Array(ImportError, { description: 'The first 1,000 errors, by row' }),
  startedAt: DateTime,
  finishedAt: DateTime,
});

export const ImportList = Type.Object({ items: Type.Array(ImportReportSchema) });
