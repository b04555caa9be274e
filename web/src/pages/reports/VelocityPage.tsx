import { Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { VelocityReport } from '../../api/report-types';
import { useApi } from '../../api/use-api';
import { HBarChart } from '../../components/charts/HBarChart';
import { formatCount, formatHours } from './format';
import { splitControl } from './options';
import { ReportControls } from './ReportControls';
import { ReportFrame } from './ReportFrame';
import { reportPath, useReportChoices } from './report-query';

/** Velocity (issue 7): how long completed stays in each stage lasted — median, p90 and mean. */
export function VelocityPage() {
  const [choices, setChoices] = useReportChoices({ split: 'none' });
  const loaded = useApi<VelocityReport>(reportPath('velocity', choices));
  return (
    <ReportFrame
      title="Velocity"
      description="How long contacts of the period's cohorts stayed in each funnel and route stage before moving on, counting only stays that ended. Median and 90th percentile are read from 5%-wide buckets of the stay's length, so they are exact to ±2.5%; the mean is exact. Time is wall-clock time, not business time."
      controls={
        <ReportControls
          value={choices}
          onChange={setChoices}
          controls={[splitControl]}
          csvHref={reportPath('velocity', choices, 'csv')}
        />
      }
      loaded={loaded}
    >
      {(r) => <VelocityFigures report={r} />}
    </ReportFrame>
  );
}

function VelocityFigures({ report: r }: { report: VelocityReport }) {
  const [picked, setPicked] = useState<string | null>(null);
  const keyOf = (row: VelocityReport['rows'][number]) => row.key ?? '(none)';
  const row = r.rows.find((x) => keyOf(x) === picked) ?? r.rows[0];
  if (!row) return <Text c="dimmed">No stay ended in this period.</Text>;
  const stages = row.stages;
  return (
    <>
      <Stack gap="xs">
        <Title order={4}>Time in each stage</Title>
        {r.rows.length > 1 && (
          <Select
            label="Chart of"
            data={r.rows.map((x) => ({ value: keyOf(x), label: x.label }))}
            value={keyOf(row)}
            onChange={setPicked}
            allowDeselect={false}
            w={280}
            data-testid="velocity-row"
          />
        )}
        <HBarChart
          title={`Median and p90 time in each stage, ${row.label}`}
          name="velocity"
          categories={stages.map((s) => s.label)}
          series={[
            {
              key: 'medianHours',
              label: 'Median',
              color: 'var(--mantine-color-blue-6)',
              values: stages.map((s) => s.medianHours),
            },
            {
              key: 'p90Hours',
              label: '90th percentile',
              color: 'var(--mantine-color-orange-6)',
              values: stages.map((s) => s.p90Hours),
            },
          ]}
          format={formatHours}
        />
      </Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder data-testid="velocity-table">
          <Table.Thead>
            <Table.Tr>
              {r.rows.length > 1 && <Table.Th>Group</Table.Th>}
              <Table.Th>Stage</Table.Th>
              <Table.Th ta="right">Stays</Table.Th>
              <Table.Th ta="right">Median</Table.Th>
              <Table.Th ta="right">p90</Table.Th>
              <Table.Th ta="right">Mean</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.rows.flatMap((group) =>
              group.stages.map((s) => (
                <Table.Tr key={`${keyOf(group)}:${s.key}`} data-testid="velocity-stage">
                  {r.rows.length > 1 && <Table.Td>{group.label}</Table.Td>}
                  <Table.Td>{s.label}</Table.Td>
                  <Table.Td ta="right">{formatCount(s.stays)}</Table.Td>
                  <Table.Td ta="right">{formatHours(s.medianHours)}</Table.Td>
                  <Table.Td ta="right">{formatHours(s.p90Hours)}</Table.Td>
                  <Table.Td ta="right">{formatHours(s.meanHours)}</Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
