import { Stack, Table, Text } from '@mantine/core';
import type { PlanFigures as Figures, Plan } from '../../api/report-types';
import { HBarChart } from '../../components/charts/HBarChart';
import { formatCount, formatMoney, formatRate } from './format';
import { monthLabel } from './report-query';

const measures: { key: keyof Figures; label: string; money?: boolean }[] = [
  { key: 'revenue', label: 'Revenue', money: true },
  { key: 'deals', label: 'Deals won' },
  { key: 'sqls', label: 'SQLs' },
  { key: 'mqls', label: 'MQLs (qualified)' },
  { key: 'leads', label: 'Leads' },
];

/** The plan as CSV: one row per measure, needed / actual / SLA quota, then the rates. */
export function planCsv(plan: Plan): string {
  const cell = (n: number | null) => (n === null ? '' : String(n));
  const lines = [
    'month,measure,needed,actual,sla_quota',
    ...measures.map((m) =>
      [
        plan.month.slice(0, 7),
        m.key,
        cell(plan.needed ? plan.needed[m.key] : null),
        cell(plan.actual[m.key]),
        cell(m.key === 'mqls' ? plan.slaQuota : null),
      ].join(','),
    ),
    '',
    'revenue_target,average_deal,win_rate,sql_rate,hand_rate,basis_from,basis_to',
    [
      cell(plan.revenueTarget),
      cell(plan.rates.averageDeal),
      cell(plan.rates.winRate),
      cell(plan.rates.sqlRate),
      cell(plan.rates.handRate),
      plan.basis.from,
      plan.basis.to,
    ].join(','),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The plan of a month: the reverse funnel from the revenue target (what is
 * needed), what happened so far, and the MQLs the SLA promises. Each row has
 * its own scale, since revenue and leads are not in the same unit.
 */
export function PlanFigures({ plan }: { plan: Plan }) {
  const needed = plan.needed;
  const format = (key: keyof Figures, n: number | null) =>
    key === 'revenue' ? formatMoney(n) : formatCount(n);
  return (
    <Stack gap="md" data-testid="plan-figures">
      <HBarChart
        title={`Needed and actual, ${monthLabel(plan.month)}`}
        name="plan"
        scale="row"
        categories={measures.map((m) => m.label)}
        series={[
          ...(needed
            ? [
                {
                  key: 'needed',
                  label: 'Needed for the target',
                  color: 'var(--mantine-color-gray-5)',
                  values: measures.map((m) => needed[m.key]),
                },
              ]
            : []),
          {
            key: 'actual',
            label: 'Actual so far',
            color: 'var(--mantine-color-blue-6)',
            values: measures.map((m) => plan.actual[m.key]),
          },
        ]}
        markers={
          plan.slaQuota === null
            ? undefined
            : {
                label: 'SLA quota (MQLs)',
                values: measures.map((m) => (m.key === 'mqls' ? plan.slaQuota : null)),
              }
        }
        format={(n) => formatCount(Math.round(n))}
      />
      <Table striped withTableBorder data-testid="plan-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">Needed</Table.Th>
            <Table.Th ta="right">Actual</Table.Th>
            <Table.Th ta="right">Of needed</Table.Th>
            <Table.Th ta="right">SLA quota</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {measures.map((m) => {
            const need = needed ? needed[m.key] : null;
            const actual = plan.actual[m.key];
            return (
              <Table.Tr key={m.key} data-testid="plan-row" data-measure={m.key}>
                <Table.Td>{m.label}</Table.Td>
                <Table.Td ta="right" data-testid="needed">
                  {format(m.key, need)}
                </Table.Td>
                <Table.Td ta="right" data-testid="actual">
                  {format(m.key, actual)}
                </Table.Td>
                <Table.Td ta="right">{formatRate(need ? actual / need : null)}</Table.Td>
                <Table.Td ta="right" data-testid={m.key === 'mqls' ? 'sla-quota' : undefined}>
                  {m.key === 'mqls' ? formatCount(plan.slaQuota) : ''}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" data-testid="plan-rates">
        Measured over {monthLabel(plan.basis.from)} to {monthLabel(plan.basis.to)}: average deal{' '}
        {formatMoney(plan.rates.averageDeal)}, win rate (won ÷ SQL) {formatRate(plan.rates.winRate)}
        , SQL rate (SQL ÷ handed) {formatRate(plan.rates.sqlRate)}, hand-off rate (handed ÷ leads){' '}
        {formatRate(plan.rates.handRate)}.
        {plan.revenueTarget === null
          ? ' No revenue target is set for this month.'
          : needed === null
            ? ' Too little history to work the target back into a funnel.'
            : ''}
      </Text>
    </Stack>
  );
}
