import { Stack } from '@mantine/core';
import type { Plan, SummaryReport } from '../../api/report-types';
import type { Member } from '../../api/types';
import { useApi } from '../../api/use-api';
import { currentMonth, planPath } from '../reports/report-query';
import {
  DashboardHeader,
  PlanSection,
  Section,
  SummaryFigures,
  summaryPath,
  useDashboardPeriod,
} from './dashboard-parts';

/** A sales manager's or admin's home: every team's stage entries and revenue, and the plan. */
export function ManagerDashboard({ member }: { member: Member }) {
  const { period, setPeriod } = useDashboardPeriod();
  const options = { by: 'team' };
  const summary = useApi<SummaryReport>(summaryPath(period, options));
  const plan = useApi<Plan>(planPath(currentMonth()));
  return (
    <Stack gap="lg" data-testid="dashboard" data-role={member.role}>
      <DashboardHeader
        title="Teams"
        summary="Leads entering each stage in the period and the revenue won, team by team (a lead counts for its owner's team), and this month's plan."
        period={period}
        onPeriod={setPeriod}
        csvHref={summaryPath(period, options, 'csv')}
      />
      <Section loaded={summary} testId="dashboard-summary">
        {(s) => <SummaryFigures summary={s} title="Leads entering each stage, by team" />}
      </Section>
      <PlanSection plan={plan} />
    </Stack>
  );
}
