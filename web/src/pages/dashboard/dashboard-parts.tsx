import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Plan, SummaryReport } from '../../api/report-types';
import type { Loaded } from '../../api/use-api';
import { HBarChart } from '../../components/charts/HBarChart';
import { colorAt, formatCount, formatMoney } from '../reports/format';
import { PlanFigures } from '../reports/PlanFigures';
import { MonthRangePicker } from '../reports/ReportControls';
import { currentMonth, reportPath, useReportChoices } from '../reports/report-query';

/**
 * The dashboard's period: this month unless the member picks another range
 * (kept in the URL like the reports').
 */
export function useDashboardPeriod() {
  const [choices, setChoices] = useReportChoices({});
  const period = { from: choices.from || currentMonth(), to: choices.to || currentMonth() };
  return {
    period,
    setPeriod: (p: { from: string; to: string }) => setChoices({ ...choices, ...p }),
  };
}

export function DashboardHeader({
  title,
  summary,
  period,
  onPeriod,
  csvHref,
}: {
  title: string;
  summary: string;
  period: { from: string; to: string };
  onPeriod(p: { from: string; to: string }): void;
  csvHref: string;
}) {
  return (
    <Stack gap="sm">
      <div>
        <Title order={2}>{title}</Title>
        <Text c="dimmed" size="sm" maw={860}>
          {summary} The same figures, by the same definitions, as the{' '}
          <Anchor component={Link} to="/reports">
            reports
          </Anchor>
          .
        </Text>
      </div>
      <Group align="flex-end" gap="lg">
        <MonthRangePicker
          from={period.from}
          to={period.to}
          onChange={onPeriod}
          hints={{ from: 'Empty: this month', to: 'Empty: this month' }}
        />
        <Anchor href={csvHref} download data-testid="report-csv" size="sm">
          Download CSV
        </Anchor>
      </Group>
    </Stack>
  );
}

/** Summary path for a dashboard: the period plus its own filters. */
export function summaryPath(
  period: { from: string; to: string },
  options: Record<string, string | undefined>,
  format?: 'csv',
): string {
  return reportPath('summary', { ...period, options }, format);
}

/** Stage entries of each row of a summary, as bars, and as a table with revenue. */
export function SummaryFigures({ summary, title }: { summary: SummaryReport; title: string }) {
  const rows = summary.rows;
  if (rows.length === 0)
    return (
      <Text c="dimmed" data-testid="summary-empty">
        Nothing happened in this period.
      </Text>
    );
  return (
    <Stack gap="md">
      <Title order={4}>{title}</Title>
      <HBarChart
        title={title}
        name="summary"
        categories={summary.stages.map((s) => s.label)}
        series={rows.map((row, i) => ({
          key: row.key ?? '(none)',
          label: row.label,
          color: colorAt(i),
          values: summary.stages.map((s) => row.entries[s.key] ?? 0),
        }))}
        format={formatCount}
      />
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder data-testid="summary-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {summary.stages.map((s) => (
                <Table.Th key={s.key} ta="right">
                  {s.label}
                </Table.Th>
              ))}
              <Table.Th ta="right">Revenue</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key ?? '(none)'} data-testid="summary-row">
                <Table.Td>{row.label}</Table.Td>
                {summary.stages.map((s) => (
                  <Table.Td key={s.key} ta="right" data-stage={s.key}>
                    {formatCount(row.entries[s.key] ?? 0)}
                  </Table.Td>
                ))}
                <Table.Td ta="right">{formatMoney(row.revenue)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** Shows a loaded document, or why it is not there yet. */
export function Section<T>({
  loaded,
  children,
  testId,
}: {
  loaded: Loaded<T>;
  children(data: T): ReactNode;
  testId: string;
}) {
  return (
    <Card withBorder data-testid={testId} style={{ opacity: loaded.loading ? 0.6 : 1 }}>
      {loaded.error ? (
        <Text c="red" size="sm">
          {loaded.error.message}
        </Text>
      ) : loaded.data ? (
        children(loaded.data)
      ) : (
        <Text c="dimmed" size="sm">
          Loading…
        </Text>
      )}
    </Card>
  );
}

/** The plan of the current month, as on the plan page. */
export function PlanSection({ plan }: { plan: Loaded<Plan> }) {
  return (
    <Section loaded={plan} testId="dashboard-plan">
      {(p) => (
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>This month's plan</Title>
            <Anchor component={Link} to="/plan" size="sm">
              Open the plan
            </Anchor>
          </Group>
          <PlanFigures plan={p} />
        </Stack>
      )}
    </Section>
  );
}
