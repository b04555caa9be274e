import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';

const reports = [
  {
    path: '/reports/funnel',
    title: 'Funnel',
    summary:
      'Contacts reaching each stage and the conversion between stages, by monthly cohort; split by source, campaign, persona or team.',
  },
  {
    path: '/reports/velocity',
    title: 'Velocity',
    summary: 'Median and 90th-percentile time spent in each stage.',
  },
  {
    path: '/reports/lead-quality',
    title: 'Lead quality',
    summary:
      'Acceptance, SQL and win rate, revenue and reject reasons by source and campaign, first or last touch.',
  },
  {
    path: '/reports/scoring',
    title: 'Scoring performance',
    summary: 'Conversion by band, and how well the score at handoff predicts SQL and won deals.',
  },
  {
    path: '/reports/attribution',
    title: 'Revenue attribution',
    summary: 'Won revenue credited to the first or the last touch.',
  },
  {
    path: '/plan',
    title: 'Plan',
    summary:
      "The month's revenue target worked back into deals, SQLs, MQLs and leads, against actuals and the SLA quota.",
  },
  {
    path: '/sla/scorecards',
    title: 'SLA scorecards',
    summary: 'Both sides against the service level agreement, month by month.',
  },
  {
    path: '/feedback',
    title: 'Feedback',
    summary: 'What sales did with the leads of each source, medium, campaign and persona, by day.',
  },
];

/** Every report, computed once from the same rollups and the same definitions for both teams. */
export function ReportsIndexPage() {
  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Reports</Title>
        <Text c="dimmed" size="sm" maw={860}>
          One set of numbers for marketing and sales: every report counts by the stage definitions
          in force, in UTC calendar months, and can be downloaded as CSV.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {reports.map((r) => (
          <Card withBorder key={r.path} data-testid="report-link">
            <Anchor component={Link} to={r.path} fw={600}>
              {r.title}
            </Anchor>
            <Text size="sm" c="dimmed" mt={4}>
              {r.summary}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
