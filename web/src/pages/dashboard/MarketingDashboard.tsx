import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { LeadQualityReport, Plan, SummaryReport } from '../../api/report-types';
import type { Member } from '../../api/types';
import { useApi } from '../../api/use-api';
import { formatCount, formatMoney, formatRate } from '../reports/format';
import { currentMonth, planPath, reportPath } from '../reports/report-query';
import {
  DashboardHeader,
  PlanSection,
  Section,
  SummaryFigures,
  summaryPath,
  useDashboardPeriod,
} from './dashboard-parts';

const topSources = 5;

/** A marketer's home: the leads credited to them, the best sources, and the plan. */
export function MarketingDashboard({ member }: { member: Member }) {
  const { period, setPeriod } = useDashboardPeriod();
  const options = { by: 'none', marketer: member.id };
  const summary = useApi<SummaryReport>(summaryPath(period, options));
  const quality = useApi<LeadQualityReport>(
    reportPath('lead-quality', { ...period, options: { touch: 'first', by: 'source' } }),
  );
  const plan = useApi<Plan>(planPath(currentMonth()));
  return (
    <Stack gap="lg" data-testid="dashboard" data-role="marketing">
      <DashboardHeader
        title="Marketing"
        summary="The contacts credited to you that entered each stage in the period, the sources that sent the leads sales took and won, and this month's plan."
        period={period}
        onPeriod={setPeriod}
        csvHref={summaryPath(period, options, 'csv')}
      />
      <Section loaded={summary} testId="dashboard-summary">
        {(s) => <SummaryFigures summary={s} title="Your contacts entering each stage" />}
      </Section>
      <Section loaded={quality} testId="dashboard-sources">
        {(q) => (
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={4}>Top sources (first touch)</Title>
              <Anchor component={Link} to="/reports/lead-quality" size="sm">
                Lead quality
              </Anchor>
            </Group>
            {q.rows.length === 0 ? (
              <Text c="dimmed" size="sm">
                No lead was handed to sales in this period.
              </Text>
            ) : (
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Source</Table.Th>
                    <Table.Th ta="right">Handed</Table.Th>
                    <Table.Th ta="right">Accepted</Table.Th>
                    <Table.Th ta="right">SQL</Table.Th>
                    <Table.Th ta="right">Won</Table.Th>
                    <Table.Th ta="right">Revenue</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...q.rows]
                    .sort((a, b) => b.handed - a.handed)
                    .slice(0, topSources)
                    .map((row) => (
                      <Table.Tr key={row.key ?? '(none)'} data-testid="top-source">
                        <Table.Td>{row.label}</Table.Td>
                        <Table.Td ta="right">{formatCount(row.handed)}</Table.Td>
                        <Table.Td ta="right">{formatRate(row.acceptanceRate)}</Table.Td>
                        <Table.Td ta="right">{formatRate(row.sqlRate)}</Table.Td>
                        <Table.Td ta="right">{formatRate(row.winRate)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(row.revenue)}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Section>
      <PlanSection plan={plan} />
    </Stack>
  );
}
