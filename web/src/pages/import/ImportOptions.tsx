import { Code, FileInput, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ImportKind, ImportPreset } from '../../api/types';
import { kindLabels, presetLabels } from './import-labels';

export interface MappingFile {
  name: string;
  mapping: Record<string, unknown>;
}

export interface ImportOptionsValue {
  kind: ImportKind;
  /** null: detect the preset from the header. */
  preset: ImportPreset | null;
  mappingFile: MappingFile | null;
}

interface Props {
  value: ImportOptionsValue;
  disabled: boolean;
  onChange(value: ImportOptionsValue): void;
}

const auto = 'auto';

/** What the file holds and how its columns are read. */
export function ImportOptions({ value, disabled, onChange }: Props) {
  const [mappingError, setMappingError] = useState<string | null>(null);
  const [mappingInput, setMappingInput] = useState<File | null>(null);

  async function pickMapping(file: File | null) {
    setMappingInput(file);
    setMappingError(null);
    if (!file) return onChange({ ...value, mappingFile: null });
    const parsed = await readMappingFile(file);
    if (typeof parsed === 'string') {
      setMappingError(parsed);
      onChange({ ...value, mappingFile: null });
    } else {
      onChange({ ...value, mappingFile: { name: file.name, mapping: parsed } });
    }
  }

  return (
    <Stack gap="xs">
      <Group align="end" gap="lg">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            What to import
          </Text>
          <SegmentedControl
            value={value.kind}
            disabled={disabled}
            onChange={(kind) =>
              // Presets read contact exports; other kinds go by header names or a mapping.
              onChange({
                ...value,
                kind: kind as ImportKind,
                preset: kind === 'contacts' ? value.preset : null,
              })
            }
            data={Object.entries(kindLabels).map(([v, label]) => ({ value: v, label }))}
            data-testid="import-kind"
          />
        </Stack>
        <Select
          label="Column preset"
          value={value.preset ?? auto}
          disabled={disabled || value.kind !== 'contacts'}
          allowDeselect={false}
          onChange={(v) =>
            onChange({ ...value, preset: !v || v === auto ? null : (v as ImportPreset) })
          }
          data={[
            { value: auto, label: 'Auto-detect' },
            ...Object.entries(presetLabels).map(([v, label]) => ({ value: v, label })),
          ]}
          w={200}
          data-testid="import-preset-select"
        />
        <FileInput
          label="Mapping file (optional)"
          placeholder="mapping.json"
          accept=".json,application/json"
          clearable
          disabled={disabled}
          value={mappingInput}
          onChange={(file) => void pickMapping(file)}
          error={mappingError}
          w={260}
          data-testid="import-mapping-file"
        />
      </Group>
      <Text size="xs" c="dimmed" maw={900}>
        Presets read HubSpot, Salesforce and Tandem contact exports. A mapping file names the field
        each column fills, e.g. <Code>{'{ "columns": { "E-mail": "email", "Notes": null } }'}</Code>{' '}
        (null ignores a column); it comes before the preset. Columns nothing names are kept as
        custom properties.
      </Text>
    </Stack>
  );
}

/** The parsed mapping, or what is wrong with the file. */
async function readMappingFile(file: File): Promise<Record<string, unknown> | string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    return `${file.name} is not valid JSON`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'The mapping must be a JSON object: { "columns": { "CSV column": "field", … } }';
  }
  return parsed as Record<string, unknown>;
}
