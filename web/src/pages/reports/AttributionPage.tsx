import { Stack, Table, Text, Title } from '@mantine/core';
import type { AttributionReport } from '../../api/report-types';
import { useApi } from '../../api/use-api';
import { HBarChart } from '../../components/charts/HBarChart';
import { formatCount, formatMoney, formatRate } from './format';
import { byControl, touchControl } from './options';
import { ReportControls } from './ReportControls';
import { ReportFrame } from './ReportFrame';
import { reportPath, useReportChoices } from './report-query';

const chartedRows = 15;

/** Revenue attribution (issue 7): won revenue credited to the first or the last touch. */
export function AttributionPage() {
  const [choices, setChoices] = useReportChoices({ touch: 'first', by: 'source' });
  const loaded = useApi<AttributionReport>(reportPath('attribution', choices));
  return (
    <ReportFrame
      title="Revenue attribution"
      description="Deals won in the period (each move into Customer, by the month it happened) and their amounts, credited wholly to the source or campaign of the contact's first touch or of its last touch."
      controls={
        <ReportControls
          value={choices}
          onChange={setChoices}
          controls={[byControl, touchControl]}
          csvHref={reportPath('attribution', choices, 'csv')}
        />
      }
      loaded={loaded}
    >
      {(r) =>
        r.rows.length === 0 ? (
          <Text c="dimmed">No deal was won in this period.</Text>
        ) : (
          <>
            <Text size="sm" data-testid="attribution-summary">
              {formatCount(r.total.deals)} deals won, {formatMoney(r.total.revenue)} in revenue.
            </Text>
            <Stack gap="xs">
              <Title order={4}>Revenue by {r.by}</Title>
              {r.rows.length > chartedRows && (
                <Text size="sm" c="dimmed">
                  The {chartedRows} that brought the most; the table has them all.
                </Text>
              )}
              <HBarChart
                title={`Revenue by ${r.by}, ${r.touch} touch`}
                name="attribution"
                categories={r.rows.slice(0, chartedRows).map((row) => row.label)}
                series={[
                  {
                    key: 'revenue',
                    label: `Revenue (${r.touch} touch)`,
                    color: 'var(--mantine-color-teal-6)',
                    values: r.rows.slice(0, chartedRows).map((row) => row.revenue),
                  },
                ]}
                format={(x) => formatMoney(x)}
              />
            </Stack>
            <Table striped withTableBorder data-testid="attribution-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    {r.by === 'campaign' ? 'Campaign' : 'Source'} ({r.touch} touch)
                  </Table.Th>
                  <Table.Th ta="right">Deals</Table.Th>
                  <Table.Th ta="right">Revenue</Table.Th>
                  <Table.Th ta="right">Share</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.rows.map((row) => (
                  <Table.Tr key={row.key ?? '(none)'} data-testid="attribution-row">
                    <Table.Td>{row.label}</Table.Td>
                    <Table.Td ta="right">{formatCount(row.deals)}</Table.Td>
                    <Table.Td ta="right" data-testid="revenue">
                      {formatMoney(row.revenue)}
                    </Table.Td>
                    <Table.Td ta="right">{formatRate(row.share)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr data-testid="attribution-total">
                  <Table.Td fw={600}>Total</Table.Td>
                  <Table.Td ta="right">{formatCount(r.total.deals)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(r.total.revenue)}</Table.Td>
                  <Table.Td ta="right">{formatRate(r.total.revenue > 0 ? 1 : null)}</Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </>
        )
      }
    </ReportFrame>
  );
}
