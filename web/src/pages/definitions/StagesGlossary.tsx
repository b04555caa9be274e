import { Badge, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { StageBadge } from '../../stages/StageBadge';
import type { EntryRequirement, StageDefinition } from './types';

const kindLabels = { funnel: 'funnel stage', route: 'qualification route', exit: 'exit' };

export const requirementLabels: Record<EntryRequirement, string> = {
  qualification: 'qualification framework complete',
  amount: 'won amount',
  reason: 'reason code',
};

/** The stages of one version, in order: what each means, when leads enter and leave, where they may go. */
export function StagesGlossary({ stages }: { stages: StageDefinition[] }) {
  const nameOf = (key: string) => stages.find((s) => s.key === key)?.name ?? key;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {stages.map((s) => (
        <Card key={s.key} withBorder data-testid="stage-definition" data-stage={s.key}>
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
          <Text size="sm" data-testid="stage-text">
            {s.definition}
          </Text>
          <Text size="sm" mt="xs">
            <b>Enters when:</b> {s.entryCriteria}
          </Text>
          <Text size="sm">
            <b>Leaves when:</b> {s.exitCriteria}
          </Text>
          {s.entryRequirements.length > 0 && (
            <Text size="sm" mt="xs">
              <b>A move here needs:</b>{' '}
              {s.entryRequirements.map((r) => requirementLabels[r]).join(', ')}
            </Text>
          )}
          <Text size="sm" c="dimmed" mt="xs">
            Can move to:{' '}
            {s.allowedTransitions.length > 0
              ? s.allowedTransitions.map(nameOf).join(', ')
              : 'nothing (final)'}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
