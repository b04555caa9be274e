import { Alert, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatAbsolute } from '../components/Time';
import { StageBadge } from '../stages/StageBadge';
import { useStages } from '../stages/stages';

const kindLabels = { funnel: 'funnel stage', route: 'qualification route', exit: 'exit' };

/** The shared glossary, read-only for now: signing new versions arrives with the definitions work. */
export function DefinitionsPage() {
  const { data, error, stages, nameOf } = useStages();
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!data) return <Loader />;
  const { version } = data;
  return (
    <Stack>
      <Title order={2}>Definitions</Title>
      <Text c="dimmed" maw={800}>
        The lifecycle stages marketing and sales agreed on — version {version.version}
        {version.activatedAt ? `, in force since ${formatAbsolute(version.activatedAt)}` : ''}.
        Coming to this page: proposing a new version and having marketing and sales co-sign it,
        personas, and the qualification framework (BANT or GPCT).
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {stages.map((s) => (
          <Card key={s.key} withBorder data-testid="stage-definition">
            <Group justify="space-between" mb="xs" wrap="nowrap" align="start">
              <Title order={4}>{s.name}</Title>
              <Group gap="xs" wrap="nowrap">
                <Badge variant="outline" color="gray">
                  {s.owningTeam}
                </Badge>
                <StageBadge stage={s.key} />
              </Group>
            </Group>
            <Text size="xs" c="dimmed" mb="xs">
              Key <code>{s.key}</code> · {kindLabels[s.kind]}
            </Text>
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
                ? s.allowedTransitions.map(nameOf).join(', ')
                : 'nothing (final)'}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
