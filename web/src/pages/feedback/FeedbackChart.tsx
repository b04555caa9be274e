import { Stack, Text, Title } from '@mantine/core';
import { BarChart } from '../../components/charts/BarChart';
import { type FeedbackRow, formatRate } from './feedback-types';

/** More groups than this make bars too thin to read; the table below has them all. */
const maxGroups = 12;

/** Acceptance and win rate side by side per group: which sources sales takes, and which close. */
export function FeedbackChart({ rows }: { rows: readonly FeedbackRow[] }) {
  const shown = rows.slice(0, maxGroups);
  return (
    <Stack gap="xs">
      <Title order={4}>Acceptance and win rate</Title>
      <Text size="sm" c="dimmed">
        Shares of the leads each group handed to sales
        {rows.length > maxGroups ? ` (the ${maxGroups} groups that sent the most)` : ''}.
      </Text>
      <BarChart
        title="Acceptance rate and win rate per group"
        testId="feedback-chart"
        categories={shown.map((r) => r.label)}
        series={[
          {
            key: 'acceptanceRate',
            label: 'Acceptance rate (SAL)',
            color: 'var(--mantine-color-blue-6)',
            values: shown.map((r) => r.acceptanceRate),
          },
          {
            key: 'winRate',
            label: 'Win rate',
            color: 'var(--mantine-color-teal-6)',
            values: shown.map((r) => r.winRate),
          },
        ]}
        max={1}
        format={formatRate}
        height={240}
      />
    </Stack>
  );
}
