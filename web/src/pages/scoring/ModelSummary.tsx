import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { RouteCriteria, ScoringModel } from '../../api/scoring-types';
import { formatPoints, plural } from './scoring-format';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function routeText(route: RouteCriteria | undefined): string {
  if (!route) return 'Not used';
  const conditions = route.conditions.map(
    (c) =>
      `${c.minOccurrences}× ${c.eventTypes.join(' or ')} within ${c.withinDays} ${c.withinDays === 1 ? 'day' : 'days'}`,
  );
  const fit = route.minFit === undefined ? [] : [`fit ≥ ${formatPoints(route.minFit)}`];
  return [...conditions, ...fit].join(', and ');
}

function mqlText(model: ScoringModel): string {
  const { minTotal, minFit, minEngagement } = model.qualification.mql;
  return [
    `total ≥ ${formatPoints(minTotal)}`,
    ...(minFit === undefined ? [] : [`fit ≥ ${formatPoints(minFit)}`]),
    ...(minEngagement === undefined ? [] : [`engagement ≥ ${formatPoints(minEngagement)}`]),
  ].join(', ');
}

/** What a model does, in a few lines: decay, bands, qualification and how many rules. */
export function ModelSummary({ model, title }: { model: ScoringModel; title: ReactNode }) {
  const { warm, hot } = model.bands;
  return (
    <Card withBorder data-testid="active-model-summary">
      <Title order={4} mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <Fact label="Decay">
          Engagement halves every {plural(model.halfLifeDays, 'day')}; fit does not decay
        </Fact>
        <Fact label="Bands">
          <Group gap={6}>
            <Badge color="blue" variant="light">
              cold &lt; {formatPoints(warm)}
            </Badge>
            <Badge color="orange" variant="light">
              warm ≥ {formatPoints(warm)}
            </Badge>
            <Badge color="red" variant="light">
              hot ≥ {formatPoints(hot)}
            </Badge>
          </Group>
        </Fact>
        <Fact label="Rules">
          <span data-testid="rule-counts">
            {plural(model.fit.length, 'fit rule')},{' '}
            {plural(model.engagement.length, 'engagement rule')},{' '}
            {plural(model.negative.length, 'negative rule')}
          </span>
        </Fact>
        <Fact label="MQL when">{mqlText(model)}</Fact>
        <Fact label="PQL when">{routeText(model.qualification.pql)}</Fact>
        <Fact label="CQL when">{routeText(model.qualification.cql)}</Fact>
      </SimpleGrid>
    </Card>
  );
}
