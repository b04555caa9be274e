import { SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { BarChart } from '../../components/charts/BarChart';
import {
  type BacktestResult,
  formatCount,
  formatRate,
  modelColors,
  modelLabel,
  type OutcomeCounts,
} from './backtest-types';

type Rate = 'acceptanceRate' | 'sqlRate' | 'winRate';

const rateLabels: Record<Rate, string> = {
  acceptanceRate: 'Accepted (SAL)',
  sqlRate: 'SQL',
  winRate: 'Won',
};

const groups = ['hot', 'warm', 'cold', 'qualified', 'not qualified'] as const;

function countsOf(m: BacktestResult['models'][number], group: (typeof groups)[number]) {
  if (group === 'qualified') return m.qualifiedCohort;
  if (group === 'not qualified') return m.notQualifiedCohort;
  return m.bands.find((b) => b.band === group)!;
}

/** How the cohort converted, by the band each model put it in. */
export function BandRates({ result }: { result: BacktestResult }) {
  const [rate, setRate] = useState<Rate>('acceptanceRate');
  const { models } = result;
  return (
    <Stack gap="xs" data-testid="backtest-bands">
      <Title order={4}>Outcomes by band</Title>
      <Text size="sm" c="dimmed">
        The {formatCount(result.cohort)} contacts handed to sales in the period (or never), each in
        the band a model gave it when it first qualified, else at the period's end, and what sales
        recorded for them since.
      </Text>
      <SegmentedControl
        w="fit-content"
        value={rate}
        onChange={(r) => setRate(r as Rate)}
        data={(Object.keys(rateLabels) as Rate[]).map((r) => ({ value: r, label: rateLabels[r] }))}
        data-testid="band-rate"
      />
      <BarChart
        title={`${rateLabels[rate]} rate by band for each model`}
        testId="bands-chart"
        categories={groups}
        series={models.map((m, i) => ({
          key: m.key,
          label: modelLabel(m.model),
          color: modelColors[i]!,
          values: groups.map((g) => countsOf(m, g)[rate]),
        }))}
        max={1}
        format={(x) => formatRate(x)}
        height={220}
      />
      <Table.ScrollContainer minWidth={720}>
        <Table striped fz="sm" data-testid="bands-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Band</Table.Th>
              {models.map((m) => (
                <Table.Th key={m.key} ta="right">
                  {modelLabel(m.model)}
                  <Text span size="xs" c="dimmed" display="block">
                    contacts · accepted · SQL · won
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((g) => (
              <Table.Tr key={g} data-testid="band-row" data-band={g}>
                <Table.Td>{g}</Table.Td>
                {models.map((m) => (
                  <Table.Td key={m.key} ta="right">
                    <Rates counts={countsOf(m, g)} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Rates({ counts }: { counts: OutcomeCounts }) {
  return (
    <>
      <b>{formatCount(counts.contacts)}</b> · {formatRate(counts.acceptanceRate)} ·{' '}
      {formatRate(counts.sqlRate)} · {formatRate(counts.winRate)}
    </>
  );
}
