import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { ReportChoices } from './report-query';

export interface OptionControl {
  key: string;
  label: string;
  choices: { value: string; label: string }[];
  disabled?: boolean;
}

/** Two month fields, inclusive; empty leaves the period to the server's default. */
export function MonthRangePicker({
  from,
  to,
  onChange,
  hints = { from: 'Empty: 12 months back', to: 'Empty: this month' },
}: {
  from: string;
  to: string;
  onChange(range: { from: string; to: string }): void;
  /** What an empty field means on this page. */
  hints?: { from: string; to: string };
}) {
  return (
    <Group gap="sm" align="flex-end" data-testid="month-range">
      <TextInput
        label="From month"
        type="month"
        description={hints.from}
        value={from}
        onChange={(e) => onChange({ from: e.currentTarget.value, to })}
        data-testid="report-from"
        w={170}
      />
      <TextInput
        label="Through month"
        type="month"
        description={hints.to}
        value={to}
        onChange={(e) => onChange({ from, to: e.currentTarget.value })}
        data-testid="report-to"
        w={170}
      />
    </Group>
  );
}

/** The period, the report's own choices (split, touch, grouping) and the CSV of what is shown. */
export function ReportControls({
  value,
  onChange,
  controls = [],
  csvHref,
}: {
  value: ReportChoices;
  onChange(next: ReportChoices): void;
  controls?: OptionControl[];
  csvHref: string;
}) {
  return (
    <Group align="flex-end" gap="lg" wrap="wrap">
      <MonthRangePicker
        from={value.from}
        to={value.to}
        onChange={(range) => onChange({ ...value, ...range })}
      />
      {controls.map((c) => (
        <Stack gap={4} key={c.key}>
          <Text size="sm" fw={500}>
            {c.label}
          </Text>
          <SegmentedControl
            value={value.options[c.key] ?? c.choices[0]?.value ?? ''}
            onChange={(v) => onChange({ ...value, options: { ...value.options, [c.key]: v } })}
            data={c.choices}
            disabled={c.disabled}
            data-testid={`report-${c.key}`}
          />
        </Stack>
      ))}
      <Button component="a" href={csvHref} download variant="default" data-testid="report-csv">
        Download CSV
      </Button>
    </Group>
  );
}
