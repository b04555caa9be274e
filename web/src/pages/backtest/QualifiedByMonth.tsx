import { Stack, Table, Text, Title } from '@mantine/core';
import { BarChart } from '../../components/charts/BarChart';
import {
  type BacktestResult,
  formatCount,
  handoffColor,
  modelColors,
  modelLabel,
} from './backtest-types';

/** Contacts each model first qualifies per month, beside the SLA quota and the actual handoffs. */
export function QualifiedByMonth({ result }: { result: BacktestResult }) {
  const { period, quota, models, handoffs } = result;
  return (
    <Stack gap="xs" data-testid="backtest-months">
      <Title order={4}>Qualified per month, against the quota</Title>
      <Text size="sm" c="dimmed">
        Contacts each model would first have qualified (MQL, PQL or CQL) in each month. The quota is{' '}
        {quota.perRep} MQLs × {quota.reps} sales reps = {formatCount(quota.perMonth)} a month.
      </Text>
      <BarChart
        title="Contacts qualified per month by each model, with the quota"
        testId="months-chart"
        categories={period.months}
        series={[
          ...models.map((m, i) => ({
            key: m.key,
            label: modelLabel(m.model),
            color: modelColors[i]!,
            values: m.months.map((x) => x.qualified),
          })),
          {
            key: 'handoffs',
            label: 'Actually handed to sales',
            color: handoffColor,
            values: handoffs.map((h) => h.count),
          },
        ]}
        reference={{ value: quota.perMonth, label: `Quota (${formatCount(quota.perMonth)})` }}
        format={formatCount}
      />
      <Table.ScrollContainer minWidth={720}>
        <Table striped fz="sm" data-testid="months-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              <Table.Th ta="right">Quota</Table.Th>
              {models.map((m) => (
                <Table.Th key={m.key} ta="right">
                  {modelLabel(m.model)}
                  <Text span size="xs" c="dimmed" display="block">
                    MQL / PQL / CQL · accepted · SQL · won
                  </Text>
                </Table.Th>
              ))}
              <Table.Th ta="right">Handed to sales</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {period.months.map((month, i) => (
              <Table.Tr key={month} data-testid="month-row" data-month={month}>
                <Table.Td>{month}</Table.Td>
                <Table.Td ta="right">{formatCount(quota.perMonth)}</Table.Td>
                {models.map((m) => {
                  const x = m.months[i]!;
                  return (
                    <Table.Td key={m.key} ta="right" data-testid={`month-${m.key}`}>
                      <b>{formatCount(x.qualified)}</b>{' '}
                      <Text span size="xs" c="dimmed">
                        {x.mql}/{x.pql}/{x.cql} · {x.accepted} · {x.sql} · {x.won}
                      </Text>
                    </Table.Td>
                  );
                })}
                <Table.Td ta="right">{formatCount(handoffs[i]!.count)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
