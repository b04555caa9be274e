import { Stack, Table, Text, Title } from '@mantine/core';
import type { LeadQualityFigures, LeadQualityReport, ReasonTally } from '../../api/report-types';
import { useApi } from '../../api/use-api';
import { HBarChart } from '../../components/charts/HBarChart';
import { formatCount, formatMoney, formatRate } from './format';
import { byControl, touchControl } from './options';
import { ReportControls } from './ReportControls';
import { ReportFrame } from './ReportFrame';
import { reportPath, useReportChoices } from './report-query';

/** More groups than this make the chart unreadable; the table has them all. */
const chartedRows = 12;

/**
 * Lead quality (issue 7): what sales did with the leads each source or campaign
 * sent — accepted, SQL, won, revenue — and why the rest were rejected or lost.
 */
export function LeadQualityPage() {
  const [choices, setChoices] = useReportChoices({ touch: 'first', by: 'source' });
  const loaded = useApi<LeadQualityReport>(reportPath('lead-quality', choices));
  return (
    <ReportFrame
      title="Lead quality"
      description="Leads handed to sales in the period (their first entry into MQL, PQL or CQL), by the source or campaign of their first or last touch, and what became of them since: accepted (SAL or later), SQL, won and the revenue, and the latest reason of those rejected or lost. Rates are shares of the leads handed."
      controls={
        <ReportControls
          value={choices}
          onChange={setChoices}
          controls={[byControl, touchControl]}
          csvHref={reportPath('lead-quality', choices, 'csv')}
        />
      }
      loaded={loaded}
    >
      {(r) => <LeadQualityBody report={r} />}
    </ReportFrame>
  );
}

function LeadQualityBody({ report: r }: { report: LeadQualityReport }) {
  if (r.rows.length === 0)
    return <Text c="dimmed">No lead was handed to sales in this period.</Text>;
  const charted = r.rows.slice(0, chartedRows);
  const group = r.by === 'campaign' ? 'Campaign' : 'Source';
  return (
    <>
      <Text size="sm" data-testid="lead-quality-summary">
        {formatCount(r.total.handed)} leads handed: {formatRate(r.total.acceptanceRate)} accepted,{' '}
        {formatRate(r.total.sqlRate)} reached SQL, {formatRate(r.total.winRate)} won (
        {formatMoney(r.total.revenue)} in revenue).
      </Text>
      <Stack gap="xs">
        <Title order={4}>Acceptance, SQL and win rate</Title>
        {r.rows.length > chartedRows && (
          <Text size="sm" c="dimmed">
            The {chartedRows} groups that sent the most leads; the table has them all.
          </Text>
        )}
        <HBarChart
          title={`Acceptance, SQL and win rate by ${group.toLowerCase()}`}
          name="lead-quality"
          categories={charted.map((row) => row.label)}
          series={[
            {
              key: 'acceptanceRate',
              label: 'Accepted',
              color: 'var(--mantine-color-blue-6)',
              values: charted.map((row) => row.acceptanceRate),
            },
            {
              key: 'sqlRate',
              label: 'SQL',
              color: 'var(--mantine-color-grape-6)',
              values: charted.map((row) => row.sqlRate),
            },
            {
              key: 'winRate',
              label: 'Won',
              color: 'var(--mantine-color-teal-6)',
              values: charted.map((row) => row.winRate),
            },
          ]}
          max={1}
          format={(x) => formatRate(x)}
        />
      </Stack>
      <Table.ScrollContainer minWidth={900}>
        <Table striped withTableBorder data-testid="lead-quality-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                {group} ({r.touch} touch)
              </Table.Th>
              <Table.Th ta="right">Handed</Table.Th>
              <Table.Th ta="right">Accepted</Table.Th>
              <Table.Th ta="right">Rejected</Table.Th>
              <Table.Th ta="right">SQL</Table.Th>
              <Table.Th ta="right">Won</Table.Th>
              <Table.Th ta="right">Lost</Table.Th>
              <Table.Th ta="right">Revenue</Table.Th>
              <Table.Th>Reject reasons</Table.Th>
              <Table.Th>Lost reasons</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.rows.map((row) => (
              <FiguresRow key={row.key ?? '(none)'} label={row.label} f={row} testId="lq-row" />
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <FiguresRow label="Total" f={r.total} testId="lq-total" />
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

function reasons(list: ReasonTally[]): string {
  return list.map((x) => `${x.label} (${x.count})`).join(', ') || '–';
}

function FiguresRow({
  label,
  f,
  testId,
}: {
  label: string;
  f: LeadQualityFigures;
  testId: string;
}) {
  const rate = (x: number | null) => (
    <Text span size="xs" c="dimmed">
      {' '}
      {formatRate(x)}
    </Text>
  );
  return (
    <Table.Tr data-testid={testId}>
      <Table.Td fw={testId === 'lq-total' ? 600 : undefined}>{label}</Table.Td>
      <Table.Td ta="right" data-testid="handed">
        {formatCount(f.handed)}
      </Table.Td>
      <Table.Td ta="right">
        {formatCount(f.accepted)}
        {rate(f.acceptanceRate)}
      </Table.Td>
      <Table.Td ta="right">{formatCount(f.rejected)}</Table.Td>
      <Table.Td ta="right">
        {formatCount(f.sql)}
        {rate(f.sqlRate)}
      </Table.Td>
      <Table.Td ta="right">
        {formatCount(f.won)}
        {rate(f.winRate)}
      </Table.Td>
      <Table.Td ta="right">{formatCount(f.lost)}</Table.Td>
      <Table.Td ta="right">{formatMoney(f.revenue)}</Table.Td>
      <Table.Td>
        <Text size="xs">{reasons(f.rejectReasons)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{reasons(f.lostReasons)}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
