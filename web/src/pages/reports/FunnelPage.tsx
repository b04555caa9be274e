import { Stack, Table, Text, Title } from '@mantine/core';
import type { FunnelReport } from '../../api/report-types';
import { useApi } from '../../api/use-api';
import { HBarChart } from '../../components/charts/HBarChart';
import { colorAt, formatCount, formatRate } from './format';
import { splitControl } from './options';
import { ReportControls } from './ReportControls';
import { ReportFrame } from './ReportFrame';
import { monthLabel, reportPath, useReportChoices } from './report-query';

/** More split rows than this make the chart unreadable; the table has them all. */
const chartedRows = 4;

/**
 * The funnel (issue 7): the contacts of each monthly cohort that reached each
 * stage, with the conversion between consecutive stages of the main path.
 */
export function FunnelPage() {
  const [choices, setChoices] = useReportChoices({ split: 'none' });
  const loaded = useApi<FunnelReport>(reportPath('funnel', choices));
  return (
    <ReportFrame
      title="Funnel"
      description="Contacts created in the period (their cohort is the month they were created) that reached each stage, by the definitions in force. A stage counts as reached when the contact entered it or any later one; Qualified is any route stage (MQL, PQL, CQL). Conversion is each stage's count over the one before it on the main path."
      controls={
        <ReportControls
          value={choices}
          onChange={setChoices}
          controls={[splitControl]}
          csvHref={reportPath('funnel', choices, 'csv')}
        />
      }
      loaded={loaded}
    >
      {(r) => <FunnelFigures report={r} />}
    </ReportFrame>
  );
}

/** Share of each cohort that was qualified and that was won: are newer cohorts converting? */
function CohortChart({ report: r }: { report: FunnelReport }) {
  const qualified = r.steps.findIndex((s) => s.key === 'qualified');
  const won = r.steps.findIndex((s) => s.key === 'customer');
  const shareOf = (counts: number[], i: number) =>
    i < 0 || !counts[0] ? null : (counts[i] ?? 0) / counts[0];
  if (r.cohorts.length === 0 || (qualified < 0 && won < 0)) return null;
  return (
    <Stack gap="xs">
      <Title order={4}>Conversion by cohort</Title>
      <Text size="sm" c="dimmed">
        Of the contacts created each month, the share that reached each stage by now.
      </Text>
      <HBarChart
        title="Share of each monthly cohort qualified and won"
        name="cohorts"
        categories={r.cohorts.map((c) => monthLabel(c.month))}
        series={[
          ...(qualified < 0
            ? []
            : [
                {
                  key: 'qualified',
                  label: r.steps[qualified]!.label,
                  color: 'var(--mantine-color-blue-6)',
                  values: r.cohorts.map((c) => shareOf(c.counts, qualified)),
                },
              ]),
          ...(won < 0
            ? []
            : [
                {
                  key: 'customer',
                  label: r.steps[won]!.label,
                  color: 'var(--mantine-color-teal-6)',
                  values: r.cohorts.map((c) => shareOf(c.counts, won)),
                },
              ]),
        ]}
        max={1}
        format={(x) => formatRate(x)}
      />
    </Stack>
  );
}

function FunnelFigures({ report: r }: { report: FunnelReport }) {
  const charted = r.rows.slice(0, r.split === 'none' ? 1 : chartedRows + 1);
  return (
    <>
      <Stack gap="xs">
        <Title order={4}>Contacts reaching each stage</Title>
        {r.rows.length > charted.length && (
          <Text size="sm" c="dimmed">
            All contacts and the {chartedRows} largest groups; the table has every group.
          </Text>
        )}
        <HBarChart
          title="Contacts reaching each stage"
          name="funnel"
          categories={r.steps.map((s) => s.label)}
          series={charted.map((row, i) => ({
            key: row.key ?? '(none)',
            label: row.label,
            color: colorAt(i),
            values: row.counts,
            labels: row.counts.map((n, k) => {
              const conversion = row.conversions[k] ?? null;
              return conversion === null
                ? formatCount(n)
                : `${formatCount(n)} · ${formatRate(conversion)}`;
            }),
          }))}
          format={formatCount}
        />
      </Stack>
      <CohortChart report={r} />
      <Table.ScrollContainer minWidth={700}>
        <Table striped withTableBorder data-testid="funnel-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{r.split === 'none' ? '' : 'Group'}</Table.Th>
              {r.steps.map((s) => (
                <Table.Th key={s.key} ta="right">
                  {s.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.rows.map((row) => (
              <Table.Tr key={row.key ?? '(none)'} data-testid="funnel-row">
                <Table.Td fw={row.key === '__all__' ? 600 : undefined}>{row.label}</Table.Td>
                {row.counts.map((n, i) => (
                  <Table.Td key={r.steps[i]?.key ?? i} ta="right" data-step={r.steps[i]?.key}>
                    {formatCount(n)}
                    {row.conversions[i] != null && (
                      <Text span size="xs" c="dimmed" display="block">
                        {formatRate(row.conversions[i] ?? null)}
                      </Text>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="xs">
        <Title order={4}>By cohort</Title>
        <Table.ScrollContainer minWidth={700}>
          <Table striped withTableBorder data-testid="cohort-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created in</Table.Th>
                {r.steps.map((s) => (
                  <Table.Th key={s.key} ta="right">
                    {s.label}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.cohorts.map((c) => (
                <Table.Tr key={c.month} data-testid="cohort-row">
                  <Table.Td>{monthLabel(c.month)}</Table.Td>
                  {c.counts.map((n, i) => (
                    <Table.Td key={r.steps[i]?.key ?? i} ta="right">
                      {formatCount(n)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </>
  );
}
