import { Anchor, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { query } from '../../api/client';
import type { SummaryReport } from '../../api/report-types';
import type { Inbox, Scorecard } from '../../api/sla-types';
import type { Member } from '../../api/types';
import { useApi } from '../../api/use-api';
import { formatCount, formatRate } from '../reports/format';
import { currentMonth } from '../reports/report-query';
import {
  DashboardHeader,
  Section,
  SummaryFigures,
  summaryPath,
  useDashboardPeriod,
} from './dashboard-parts';

const openStates = new Set(['running', 'warned', 'paused']);

/** A rep's home: their own stage entries, their inbox and where they stand on the SLA. */
export function RepDashboard({ member }: { member: Member }) {
  const { period, setPeriod } = useDashboardPeriod();
  const options = { by: 'none', owner: member.id };
  const summary = useApi<SummaryReport>(summaryPath(period, options));
  const inbox = useApi<Inbox>('/api/v1/inbox');
  const month = currentMonth();
  const scorecard = useApi<Scorecard>(`/api/v1/sla/scorecards${query({ month })}`);
  return (
    <Stack gap="lg" data-testid="dashboard" data-role="sales_rep">
      <DashboardHeader
        title="Your desk"
        summary="The leads you own that entered each stage in the period, your open inbox and your SLA standing this month."
        period={period}
        onPeriod={setPeriod}
        csvHref={summaryPath(period, options, 'csv')}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section loaded={inbox} testId="dashboard-inbox">
          {(i) => {
            const overdue = i.items.filter((item) =>
              item.clocks.some((c) => openStates.has(c.state) && c.remainingBusinessMs < 0),
            ).length;
            return (
              <Stack gap={4}>
                <Title order={4}>Inbox</Title>
                <Text data-testid="inbox-open">
                  {formatCount(i.items.length)} open leads, {formatCount(overdue)} past an SLA
                  deadline
                </Text>
                <Anchor component={Link} to="/inbox" size="sm">
                  Open the inbox
                </Anchor>
              </Stack>
            );
          }}
        </Section>
        <Section loaded={scorecard} testId="dashboard-sla">
          {(card) => {
            const me = card.reps.find((r) => r.id === member.id);
            return (
              <Stack gap={4}>
                <Title order={4}>SLA this month</Title>
                {me ? (
                  <Text size="sm" data-testid="sla-standing">
                    {formatCount(me.delivered)} leads handed to you
                    {me.quota !== null ? ` (quota ${formatCount(me.quota)})` : ''},{' '}
                    {formatRate(me.acceptanceRate)} accepted, {formatRate(me.withinSla.withinShare)}{' '}
                    of deadlines met ({formatCount(me.withinSla.met)} met,{' '}
                    {formatCount(me.withinSla.breached)} breached, {formatCount(me.withinSla.open)}{' '}
                    open).
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed" data-testid="sla-standing">
                    No lead was handed to you this month yet.
                  </Text>
                )}
                <Anchor component={Link} to="/sla/scorecards" size="sm">
                  Scorecards
                </Anchor>
              </Stack>
            );
          }}
        </Section>
      </SimpleGrid>
      <Section loaded={summary} testId="dashboard-summary">
        {(s) => <SummaryFigures summary={s} title="Your leads entering each stage" />}
      </Section>
    </Stack>
  );
}
