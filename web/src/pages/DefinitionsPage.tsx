import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { StagesResponse } from '../api/types';
import { useApi } from '../api/use-api';
import { StageBadge } from '../components/StageBadge';
import { formatAbsolute } from '../components/time';

/** The shared glossary, read-only for now: signing new versions arrives with the definitions work. */
export function DefinitionsPage() {
  const stages = useApi<StagesResponse>('/api/v1/stages');
  if (stages.error) return <Alert color="red">{stages.error.message}</Alert>;
  if (!stages.data) return <Loader />;
  const { version, items } = stages.data;
  return (
    <Stack>
      <Title order={2}>Definitions</Title>
      <Text c="dimmed">
        The stages marketing and sales agreed on — version {version.version}
        {version.activatedAt ? `, in force since ${formatAbsolute(version.activatedAt)}` : ''}.
        Proposing and co-signing new versions, personas and the qualification framework are coming
        to this page.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {items.map((s) => (
          <Card key={s.key} withBorder data-testid="stage-definition">
            <Group justify="space-between" mb="xs">
              <Title order={4}>{s.name}</Title>
              <Group gap="xs">
                <Badge variant="outline">{s.owningTeam}</Badge>
                <StageBadge stage={s.key} />
              </Group>
            </Group>
            <Text size="sm">{s.definition}</Text>
            <Text size="sm" mt="xs">
              <b>Enters when:</b> {s.entryCriteria}
            </Text>
            <Text size="sm">
              <b>Leaves when:</b> {s.exitCriteria}
            </Text>
            <Text size="sm" c="dimmed" mt="xs">
              Can move to:{' '}
              {s.allowedTransitions.length > 0
                ? s.allowedTransitions.map((t) => t.toUpperCase()).join(', ')
                : 'nothing (final)'}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
