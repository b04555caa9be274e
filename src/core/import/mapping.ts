import { AppError, type FieldError } from '../app-error.js';
import {
  type CellType,
  fieldSpec,
  headerKey,
  type ImportKind,
  importFields,
  propertyKeyOf,
  propertyPrefix,
  type ValueType,
  valueTypes,
} from './fields.js';
import { detectPreset, type PresetName, type PresetTarget, presets } from './presets.js';

/**
 * The mapping document (a JSON file, or the API's `mapping`):
 *
 *   { "columns": { "<CSV header>": "<field>" | null
 *                  | { "field": "<field>", "type": "<type>", "filledBy": "sales" } },
 *     "nullValues": ["", "Select"],
 *     "unmapped": "properties" | "ignore" }
 *
 * Headers match whatever their case and spacing. A column named neither here,
 * nor by the preset, nor exactly like a field goes to
 * `properties.<snake_case header>` (unmapped: "properties", the default) or is
 * ignored. `null` ignores a column. `filledBy` (optional) records who fills
 * the field (the contact_fields registry): learned scoring leaves out what sales
 * fills, since sales fills it after talking to the lead.
 */
export const filledByValues = ['marketing', 'sales', 'system'] as const;
export type FilledBy = (typeof filledByValues)[number];

export type MappingTarget =
  | PresetTarget
  | { field: string; type?: ValueType | undefined; filledBy?: FilledBy | undefined };

export interface MappingDocument {
  columns: Record<string, MappingTarget>;
  nullValues: string[];
  unmapped: 'properties' | 'ignore';
}

export interface ColumnPlan {
  index: number;
  header: string;
  /** null: the column is ignored. */
  field: string | null;
  /** The key when the field is properties.<key>. */
  property: string | null;
  type: CellType;
  max?: number | undefined;
  filledBy?: FilledBy | undefined;
}

export interface ImportPlan {
  kind: ImportKind;
  preset: PresetName | null;
  columns: ColumnPlan[];
  /** Lower-cased cell texts that mean "no value" (a blank cell always does). */
  nullValues: Set<string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a mapping document against the fields of `kind`; every problem is
 * named by its path (`columns/Lead Number`), under `prefix` for the API.
 */
export function parseMappingDocument(
  value: unknown,
  kind: ImportKind,
  prefix = 'mapping',
): MappingDocument {
  const errors: FieldError[] = [];
  const at = (path: string) => (prefix ? `${prefix}/${path}` : path);
  const fail = (path: string, message: string) => errors.push({ field: at(path), message });
  if (!isObject(value)) {
    throw new AppError('validation_failed', 'The mapping must be a JSON object with "columns"', {
      fields: [{ field: prefix || 'mapping', message: 'must be a JSON object' }],
    });
  }
  for (const key of Object.keys(value))
    if (!['columns', 'nullValues', 'unmapped'].includes(key)) fail(key, 'is not a known field');

  const columns: Record<string, MappingTarget> = {};
  if (!isObject(value.columns)) fail('columns', 'must be an object of CSV header → field');
  else {
    for (const [header, target] of Object.entries(value.columns)) {
      const path = `columns/${header}`;
      if (target === null) {
        columns[header] = null;
        continue;
      }
      const field =
        typeof target === 'string' ? target : isObject(target) ? target.field : undefined;
      const type = isObject(target) ? target.type : undefined;
      const filledBy = isObject(target) ? target.filledBy : undefined;
      if (isObject(target)) {
        for (const key of Object.keys(target))
          if (!['field', 'type', 'filledBy'].includes(key))
            fail(`${path}/${key}`, 'is not a known field');
        if (filledBy !== undefined && !(filledByValues as readonly unknown[]).includes(filledBy)) {
          fail(`${path}/filledBy`, `must be one of ${filledByValues.join(', ')}`);
          continue;
        }
      }
      if (typeof field !== 'string') {
        fail(path, 'must be a field name, null, or { "field": …, "type": … }');
        continue;
      }
      const spec = fieldSpec(kind, field);
      if (!spec) {
        fail(
          path,
          `"${field}" is not a ${kind} field; use one of ${Object.keys(importFields[kind]).join(', ')} or properties.<key>`,
        );
        continue;
      }
      const by = filledBy === undefined ? {} : { filledBy: filledBy as FilledBy };
      if (type === undefined) {
        columns[header] = filledBy === undefined ? field : { field, ...by };
      } else if (typeof type !== 'string' || !(valueTypes as readonly string[]).includes(type)) {
        fail(`${path}/type`, `must be one of ${valueTypes.join(', ')}`);
      } else if (!field.startsWith(propertyPrefix) && type !== spec.type) {
        fail(`${path}/type`, `${field} is always ${spec.type}; only properties.<key> take a type`);
      } else {
        columns[header] = { field, type: type as ValueType, ...by };
      }
    }
  }

  let nullValues: string[] = [''];
  if (value.nullValues !== undefined) {
    if (!Array.isArray(value.nullValues) || value.nullValues.some((v) => typeof v !== 'string'))
      fail('nullValues', 'must be a list of texts');
    else nullValues = value.nullValues as string[];
  }
  let unmapped: MappingDocument['unmapped'] = 'properties';
  if (value.unmapped !== undefined) {
    if (value.unmapped !== 'properties' && value.unmapped !== 'ignore')
      fail('unmapped', 'must be "properties" or "ignore"');
    else unmapped = value.unmapped;
  }
  if (errors.length > 0) {
    throw new AppError(
      'validation_failed',
      `The mapping is not valid: ${errors
        .slice(0, 3)
        .map((e) => `${e.field} ${e.message}`)
        .join('; ')}`,
      { fields: errors },
    );
  }
  return { columns, nullValues, unmapped };
}

function targetOf(kind: ImportKind, target: MappingTarget): Omit<ColumnPlan, 'index' | 'header'> {
  if (target === null) return { field: null, property: null, type: 'string' };
  const field = typeof target === 'string' ? target : target.field;
  const spec = fieldSpec(kind, field)!;
  return {
    field,
    property: field.startsWith(propertyPrefix) ? field.slice(propertyPrefix.length) : null,
    type: typeof target === 'string' ? spec.type : (target.type ?? spec.type),
    max: spec.max,
    ...(typeof target === 'object' && 'filledBy' in target && target.filledBy
      ? { filledBy: target.filledBy }
      : {}),
  };
}

function byHeaderKey(columns: Record<string, MappingTarget>): Map<string, MappingTarget> {
  const map = new Map<string, MappingTarget>();
  for (const [header, target] of Object.entries(columns)) {
    const key = headerKey(header);
    if (!map.has(key)) map.set(key, target);
  }
  return map;
}

/**
 * Decides what each CSV column fills: the mapping document first, then the
 * preset (given, or detected from the header when neither a preset nor a
 * mapping is given), then a header spelled like a field name ("First Name"
 * → firstName), then the `unmapped` rule.
 */
export function planColumns(
  header: readonly string[],
  kind: ImportKind,
  options: { preset?: PresetName | undefined; mapping?: MappingDocument | undefined },
): ImportPlan {
  if (options.preset && presets[options.preset].kind !== kind) {
    throw new AppError(
      'validation_failed',
      `The ${options.preset} preset reads ${presets[options.preset].kind}, not ${kind}; use a mapping file`,
      { fields: [{ field: 'preset', message: `is for ${presets[options.preset].kind} imports` }] },
    );
  }
  const presetName = options.preset ?? (options.mapping ? null : detectPreset(header, kind));
  const fromMapping = byHeaderKey(options.mapping?.columns ?? {});
  const fromPreset = byHeaderKey(presetName ? presets[presetName].columns : {});
  const fieldNames = new Map(Object.keys(importFields[kind]).map((f) => [headerKey(f), f]));
  const unmapped = options.mapping?.unmapped ?? 'properties';

  const columns = header.map((h, index): ColumnPlan => {
    const key = headerKey(h);
    const ignored = { index, header: h, field: null, property: null, type: 'string' as const };
    if (key === '') return ignored;
    const explicit = fromMapping.has(key)
      ? fromMapping.get(key)!
      : fromPreset.has(key)
        ? fromPreset.get(key)!
        : fieldNames.has(key)
          ? fieldNames.get(key)!
          : undefined;
    if (explicit !== undefined) return { index, header: h, ...targetOf(kind, explicit) };
    const property = propertyKeyOf(h);
    return unmapped === 'ignore' || property === ''
      ? ignored
      : { index, header: h, ...targetOf(kind, `${propertyPrefix}${property}`) };
  });

  return {
    kind,
    preset: presetName,
    columns,
    nullValues: new Set((options.mapping?.nullValues ?? []).map((v) => v.trim().toLowerCase())),
  };
}
