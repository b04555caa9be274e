import { Alert, Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { ContactScore, Route } from '../../api/scoring-types';
import { useApi } from '../../api/use-api';
import { FullTime } from '../../components/Time';
import { bandColors, formatPoints } from '../scoring/scoring-format';
import { ContributionsTable } from './ContributionsTable';
import { ScoreHistory } from './ScoreHistory';
import { checkContributions, fromUnits } from './score-sum';

const routes: Route[] = ['mql', 'pql', 'cql'];
const reasonLabels: Record<'band' | Route, string> = {
  band: 'the band',
  mql: 'MQL',
  pql: 'PQL',
  cql: 'CQL',
};

function Figure({
  label,
  value,
  testId,
}: {
  label: string;
  value: number | string;
  testId: string;
}) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={600} data-testid={testId} data-value={value}>
        {typeof value === 'number' ? formatPoints(value) : value}
      </Text>
    </Stack>
  );
}

/** The contact's score now, explained rule by rule, and how it got here. */
export function ScorePanel({ contactId }: { contactId: string }) {
  const score = useApi<ContactScore>(`/api/v1/contacts/${encodeURIComponent(contactId)}/score`);
  const noModel = score.error instanceof ApiError && score.error.problem.status === 404;

  return (
    <Card withBorder data-testid="score-panel">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Score</Title>
        {score.data && (
          <Text size="xs" c="dimmed">
            by{' '}
            <Anchor component={Link} to={`/scoring/models/${score.data.model.id}`} size="xs">
              {score.data.model.name} (v{score.data.model.version})
            </Anchor>
            , as of <FullTime iso={score.data.at} />
          </Text>
        )}
      </Group>
      {noModel ? (
        <Text size="sm" c="dimmed" data-testid="score-no-model">
          No scoring model is active, so this contact has no score now.
        </Text>
      ) : score.error ? (
        <Alert color="red">{score.error.message}</Alert>
      ) : !score.data ? (
        <Loader size="sm" />
      ) : (
        <ScoreNow score={score.data} />
      )}
      <Title order={5} mt="lg" mb="xs">
        History
      </Title>
      <ScoreHistory contactId={contactId} />
    </Card>
  );
}

function ScoreNow({ score }: { score: ContactScore }) {
  const check = checkContributions(score.contributions, score);
  return (
    <Stack gap="sm">
      <Group gap="xl" align="end">
        <Figure label="Fit" value={score.fit} testId="score-fit" />
        <Figure label="Engagement" value={score.engagement} testId="score-engagement" />
        <Figure label="Total" value={score.total} testId="score-total" />
        {score.probability !== null ? (
          <Figure
            label="Probability"
            value={`${(score.probability * 100).toFixed(1)}%`}
            testId="score-probability"
          />
        ) : null}
        <Badge size="lg" color={bandColors[score.band]} data-testid="score-band">
          {score.band}
        </Badge>
        <Group gap={6}>
          {routes.map((r) => (
            <Badge
              key={r}
              variant={score.qualifies[r] ? 'filled' : 'outline'}
              color={score.qualifies[r] ? 'teal' : 'gray'}
              data-testid={`qualifies-${r}`}
              data-qualifies={score.qualifies[r]}
            >
              {score.qualifies[r] ? '✓' : '✗'} {r.toUpperCase()}
            </Badge>
          ))}
        </Group>
      </Group>
      <ContributionsTable contributions={score.contributions} />
      <Text
        size="sm"
        c={check.matches ? 'teal' : 'red'}
        data-testid="score-check"
        data-matches={check.matches}
      >
        {check.matches ? '✓' : '✗'} {score.contributions.length} contributions add up to{' '}
        {formatPoints(fromUnits(check.sum))} (fit {formatPoints(fromUnits(check.fitSum))} +
        engagement {formatPoints(fromUnits(check.engagementSum))})
        {check.matches
          ? ', the total shown.'
          : `, but the total shown is ${formatPoints(score.total)}.`}
      </Text>
      {score.nextChange ? (
        <Text size="sm" data-testid="score-next-change">
          Without new activity, decay changes{' '}
          {score.nextChange.reasons.map((r) => reasonLabels[r]).join(' and ')} at{' '}
          <FullTime iso={score.nextChange.at} />.
        </Text>
      ) : (
        <Text size="sm" c="dimmed" data-testid="score-next-change">
          Decay alone will not change the band or a qualification.
        </Text>
      )}
    </Stack>
  );
}
