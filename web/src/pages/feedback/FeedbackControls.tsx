import { Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import {
  type FeedbackQuery,
  type GroupBy,
  groupByLabels,
  reportPath,
  type Touch,
} from './feedback-types';

interface Props {
  value: FeedbackQuery;
  onChange(value: FeedbackQuery): void;
}

/** Grouping, touch, period and the CSV file of exactly what is shown. */
export function FeedbackControls({ value, onChange }: Props) {
  const set = <K extends keyof FeedbackQuery>(key: K, v: FeedbackQuery[K]) =>
    onChange({ ...value, [key]: v });
  return (
    <Group align="flex-end" gap="lg" wrap="wrap">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Group by
        </Text>
        <SegmentedControl
          value={value.groupBy}
          onChange={(g) => set('groupBy', g as GroupBy)}
          data={(Object.keys(groupByLabels) as GroupBy[]).map((g) => ({
            value: g,
            label: groupByLabels[g],
          }))}
          data-testid="feedback-group-by"
        />
      </Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Touch
        </Text>
        <SegmentedControl
          value={value.touch}
          onChange={(t) => set('touch', t as Touch)}
          disabled={value.groupBy === 'persona'}
          data={[
            { value: 'first', label: 'First touch' },
            { value: 'last', label: 'Last touch' },
          ]}
          data-testid="feedback-touch"
        />
      </Stack>
      <TextInput
        label="From"
        type="date"
        description="Empty: 12 months back"
        value={value.from}
        onChange={(e) => set('from', e.currentTarget.value)}
        data-testid="feedback-from"
      />
      <TextInput
        label="Through"
        type="date"
        description="Empty: today"
        value={value.through}
        onChange={(e) => set('through', e.currentTarget.value)}
        data-testid="feedback-through"
      />
      <Button
        component="a"
        href={reportPath(value, 'csv')}
        download
        variant="default"
        data-testid="feedback-csv"
      >
        Download CSV
      </Button>
    </Group>
  );
}
