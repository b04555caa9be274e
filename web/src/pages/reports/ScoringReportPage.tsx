import { Stack, Table, Text, Title } from '@mantine/core';
import type { ScoringReport } from '../../api/report-types';
import { useApi } from '../../api/use-api';
import { HBarChart } from '../../components/charts/HBarChart';
import { formatCount, formatDecimal, formatRate } from './format';
import { ReportControls } from './ReportControls';
import { ReportFrame } from './ReportFrame';
import { reportPath, useReportChoices } from './report-query';

const rateSeries = (rows: { sqlRate: number | null; winRate: number | null }[]) => [
  {
    key: 'sqlRate',
    label: 'Reached SQL',
    color: 'var(--mantine-color-grape-6)',
    values: rows.map((r) => r.sqlRate),
  },
  {
    key: 'winRate',
    label: 'Won',
    color: 'var(--mantine-color-teal-6)',
    values: rows.map((r) => r.winRate),
  },
];

/**
 * Scoring performance (issue 7): do higher bands and higher scores at handoff
 * convert more? Conversion by band, and the calibration of the score in
 * 10-point buckets.
 */
export function ScoringReportPage() {
  const [choices, setChoices] = useReportChoices({});
  const loaded = useApi<ScoringReport>(reportPath('scoring', choices));
  return (
    <ReportFrame
      title="Scoring performance"
      description="Leads handed to sales in the period, by the band and score they had when handed (the last score at or before the handoff), and the share that reached SQL and was won since. A well calibrated score converts more in every higher bucket."
      controls={
        <ReportControls
          value={choices}
          onChange={setChoices}
          csvHref={reportPath('scoring', choices, 'csv')}
        />
      }
      loaded={loaded}
    >
      {(r) => <ScoringFigures report={r} />}
    </ReportFrame>
  );
}

const bandLabel = (band: string | null) => band ?? '(none)';

function ScoringFigures({ report: r }: { report: ScoringReport }) {
  if (r.bands.length === 0)
    return <Text c="dimmed">No lead was handed to sales in this period.</Text>;
  return (
    <>
      <Stack gap="xs">
        <Title order={4}>Conversion by band</Title>
        <HBarChart
          title="SQL and win rate by band at handoff"
          name="bands"
          categories={r.bands.map((b) => bandLabel(b.band))}
          series={rateSeries(r.bands)}
          max={1}
          format={(x) => formatRate(x)}
        />
      </Stack>
      <Table striped withTableBorder data-testid="bands-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Band</Table.Th>
            <Table.Th ta="right">Handed</Table.Th>
            <Table.Th ta="right">Accepted</Table.Th>
            <Table.Th ta="right">SQL</Table.Th>
            <Table.Th ta="right">Won</Table.Th>
            <Table.Th ta="right">SQL rate</Table.Th>
            <Table.Th ta="right">Win rate</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.bands.map((b) => (
            <Table.Tr key={b.band ?? '(none)'} data-testid="band-row">
              <Table.Td>{bandLabel(b.band)}</Table.Td>
              <Table.Td ta="right">{formatCount(b.handed)}</Table.Td>
              <Table.Td ta="right">{formatCount(b.accepted)}</Table.Td>
              <Table.Td ta="right">{formatCount(b.sql)}</Table.Td>
              <Table.Td ta="right">{formatCount(b.won)}</Table.Td>
              <Table.Td ta="right">{formatRate(b.sqlRate)}</Table.Td>
              <Table.Td ta="right">{formatRate(b.winRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack gap="xs">
        <Title order={4}>Calibration</Title>
        <Text size="sm" c="dimmed">
          The total score at handoff in 10-point buckets.
        </Text>
        {r.calibration.every((c) => c.handed === 0) && (
          <Text size="sm" data-testid="calibration-empty">
            No lead handed in this period had a score yet when it was handed.
          </Text>
        )}
        <HBarChart
          title="SQL and win rate by score at handoff"
          name="calibration"
          categories={r.calibration.map((c) => c.label)}
          series={rateSeries(r.calibration)}
          max={1}
          format={(x) => formatRate(x)}
        />
      </Stack>
      <Table striped withTableBorder data-testid="calibration-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Score</Table.Th>
            <Table.Th ta="right">Handed</Table.Th>
            <Table.Th ta="right">Mean score</Table.Th>
            <Table.Th ta="right">SQL rate</Table.Th>
            <Table.Th ta="right">Win rate</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.calibration.map((c) => (
            <Table.Tr key={c.bucket} data-testid="calibration-row">
              <Table.Td>{c.label}</Table.Td>
              <Table.Td ta="right">{formatCount(c.handed)}</Table.Td>
              <Table.Td ta="right">{formatDecimal(c.meanScore)}</Table.Td>
              <Table.Td ta="right">{formatRate(c.sqlRate)}</Table.Td>
              <Table.Td ta="right">{formatRate(c.winRate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
