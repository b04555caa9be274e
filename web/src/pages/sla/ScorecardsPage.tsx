import {
  Alert,
  Badge,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { query } from '../../api/client';
import type {
  SalesClauseKey,
  SalesFigures,
  Scorecard,
  ScorecardStanding,
} from '../../api/sla-types';
import { useApi } from '../../api/use-api';
import { clauseName, percent } from './clause-text';
import { SlaNav } from './SlaNav';

const clauses: SalesClauseKey[] = [
  'accept_within',
  'first_attempt_within',
  'attempt_cadence',
  'outcome_recorded',
];

const share = (v: number | null) => (v === null ? '—' : percent(v));

/** Business time as "1h 05m"; a scorecard's precision is minutes. */
function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
}

function SalesRow({ name, f, testId }: { name: string; f: SalesFigures; testId: string }) {
  return (
    <Table.Tr data-testid={testId} data-name={name}>
      <Table.Td>{name}</Table.Td>
      <Table.Td>
        {f.delivered}
        {f.quota !== null ? ` / ${f.quota}` : ''}
      </Table.Td>
      <Table.Td>{share(f.acceptanceRate)}</Table.Td>
      <Table.Td data-testid="first-attempt-median">{duration(f.firstAttempt.medianMs)}</Table.Td>
      <Table.Td>{duration(f.firstAttempt.p90Ms)}</Table.Td>
      {clauses.map((c) => (
        <Table.Td key={c} data-clause={c}>
          {share(f.clauses[c].withinShare)}
          <Text span size="xs" c="dimmed">
            {' '}
            ({f.clauses[c].met}/{f.clauses[c].met + f.clauses[c].breached})
          </Text>
        </Table.Td>
      ))}
      <Table.Td>{share(f.cadenceCompliance)}</Table.Td>
      <Table.Td>
        {f.outcomesRecorded.recorded} ({share(f.outcomesRecorded.share)})
      </Table.Td>
    </Table.Tr>
  );
}

function SalesHead({ first }: { first: string }) {
  return (
    <Table.Thead>
      <Table.Tr>
        <Table.Th>{first}</Table.Th>
        <Table.Th>Leads / quota</Table.Th>
        <Table.Th>Accepted</Table.Th>
        <Table.Th>First attempt, median</Table.Th>
        <Table.Th>p90</Table.Th>
        {clauses.map((c) => (
          <Table.Th key={c}>{clauseName(c)} within SLA</Table.Th>
        ))}
        <Table.Th>Cadence compliance</Table.Th>
        <Table.Th>Outcomes recorded</Table.Th>
      </Table.Tr>
    </Table.Thead>
  );
}

function Award({
  title,
  who,
  unit,
}: {
  title: string;
  who: ScorecardStanding | null;
  unit: string;
}) {
  return (
    <Card withBorder data-testid="award" data-award={title}>
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      {who ? (
        <>
          <Title order={3} data-testid="award-winner">
            {who.name}
          </Title>
          <Text size="sm">
            {who.successes} of {who.trials} {unit} (score {who.score.toFixed(2)})
          </Text>
        </>
      ) : (
        <Text>Nobody yet: no {unit} were settled this month.</Text>
      )}
    </Card>
  );
}

function Board({ title, rows }: { title: string; rows: ScorecardStanding[] }) {
  return (
    <Card withBorder>
      <Title order={5} mb="xs">
        {title}
      </Title>
      <Table data-testid="leaderboard" data-board={title}>
        <Table.Tbody>
          {rows.map((s, i) => (
            <Table.Tr key={s.id}>
              <Table.Td w={30}>{i + 1}</Table.Td>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>
                {s.successes}/{s.trials}
              </Table.Td>
              <Table.Td>{s.score.toFixed(2)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/**
 * The monthly scorecards: marketing's side (leads delivered against quota,
 * acceptance), sales' side per team and rep (time to first attempt in
 * business time, share within SLA per clause, cadence, outcomes), the
 * leaderboards and the month's two awards.
 */
export function ScorecardsPage() {
  const [params, setParams] = useSearchParams();
  const month = params.get('month');
  const card = useApi<Scorecard>(`/api/v1/sla/scorecards${query({ month })}`);
  const s = card.data;

  return (
    <Stack gap="lg">
      <div>
        <SlaNav />
        <Group justify="space-between" align="end">
          <Title order={2}>Scorecards</Title>
          <TextInput
            type="month"
            label="Month"
            value={month ?? s?.month ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setParams(v ? { month: v } : {});
            }}
            w={180}
            data-testid="scorecard-month"
          />
        </Group>
      </div>
      {card.error && <Alert color="red">{card.error.message}</Alert>}
      {card.loading && <Loader />}
      {s && !card.loading && (
        <Stack gap="lg" data-testid="scorecard" data-month={s.month}>
          <Text size="sm" c="dimmed">
            Leads handed to sales in {s.month}, under contract version {s.contractVersion}.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Award title="Rep of the month" who={s.awards.rep} unit="promises kept" />
            <Award title="Marketer of the month" who={s.awards.marketer} unit="leads accepted" />
          </SimpleGrid>

          <Card withBorder data-testid="scorecard-marketing">
            <Title order={4} mb="xs">
              Marketing
            </Title>
            <Group gap="xl">
              <div>
                <Text size="sm" c="dimmed">
                  Delivered / quota
                </Text>
                <Group gap="xs">
                  <Text fw={600} size="xl" data-testid="marketing-delivered">
                    {s.marketing.delivered}
                    {s.marketing.quota !== null ? ` / ${s.marketing.quota}` : ''}
                  </Text>
                  {s.marketing.quotaMet !== null && (
                    <Badge color={s.marketing.quotaMet ? 'green' : 'red'} variant="light">
                      {s.marketing.quotaMet ? 'met' : 'short'}
                    </Badge>
                  )}
                </Group>
              </div>
              <div>
                <Text size="sm" c="dimmed">
                  Accepted by sales
                </Text>
                <Group gap="xs">
                  <Text fw={600} size="xl" data-testid="marketing-acceptance">
                    {share(s.marketing.acceptanceRate)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    ({s.marketing.accepted} accepted, {s.marketing.rejected} rejected)
                  </Text>
                  {s.marketing.acceptedShareMet !== null && (
                    <Badge color={s.marketing.acceptedShareMet ? 'green' : 'red'} variant="light">
                      {s.marketing.acceptedShareMet ? 'met' : 'below target'}
                    </Badge>
                  )}
                </Group>
              </div>
              <Text size="xs" c="dimmed">
                {s.marketing.unassigned} waiting for an owner · {s.marketing.uncredited} credited to
                no marketer
              </Text>
            </Group>
            {s.marketers.length > 0 && (
              <Table mt="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Marketer</Table.Th>
                    <Table.Th>Delivered</Table.Th>
                    <Table.Th>Accepted</Table.Th>
                    <Table.Th>Rejected</Table.Th>
                    <Table.Th>Acceptance</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.marketers.map((m) => (
                    <Table.Tr key={m.id} data-testid="marketer-row">
                      <Table.Td>{m.name}</Table.Td>
                      <Table.Td>{m.delivered}</Table.Td>
                      <Table.Td>{m.accepted}</Table.Td>
                      <Table.Td>{m.rejected}</Table.Td>
                      <Table.Td>{share(m.acceptanceRate)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>

          <Card withBorder>
            <Title order={4} mb="xs">
              Sales by team
            </Title>
            <Table.ScrollContainer minWidth={1000}>
              <Table data-testid="scorecard-teams">
                <SalesHead first="Team" />
                <Table.Tbody>
                  {s.teams.map((t) => (
                    <SalesRow
                      key={t.id ?? 'none'}
                      name={t.name ?? 'No team'}
                      f={t}
                      testId="team-row"
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>

          <Card withBorder>
            <Title order={4} mb="xs">
              Sales by rep
            </Title>
            <Table.ScrollContainer minWidth={1000}>
              <Table data-testid="scorecard-reps">
                <SalesHead first="Rep" />
                <Table.Tbody>
                  {s.reps.map((r) => (
                    <SalesRow key={r.id} name={r.name} f={r} testId="rep-row" />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Board title="Reps: promises kept" rows={s.leaderboard.reps} />
            <Board title="Marketers: leads accepted" rows={s.leaderboard.marketers} />
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
