import { Badge, Card, Group, List, SimpleGrid, Text, Title } from '@mantine/core';
import { criteriaText } from './criteria-text';
import type { Persona } from './types';

/** Buyer profiles in matching order: a contact gets the first whose criteria hold. */
export function PersonaCards({
  personas,
  counts,
}: {
  personas: Persona[];
  /** Contacts matched now, per persona key (the personas page shows them). */
  counts?: ReadonlyMap<string, number>;
}) {
  if (personas.length === 0)
    return <Text c="dimmed">No personas are defined, so contacts are not matched to any.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {personas.map((p, i) => (
        <Card key={p.key} withBorder data-testid="persona" data-key={p.key}>
          <Group justify="space-between" align="start" wrap="nowrap">
            <div>
              <Title order={4}>{p.name}</Title>
              <Text size="xs" c="dimmed">
                Key <code>{p.key}</code> · checked {i + 1} of {personas.length}
              </Text>
            </div>
            {counts && (
              <Badge variant="light" size="lg" data-testid="persona-contacts">
                {(counts.get(p.key) ?? 0).toLocaleString('en')} contacts
              </Badge>
            )}
          </Group>
          <Text size="sm" mt="xs">
            {p.description}
          </Text>
          <SimpleGrid cols={2} mt="xs">
            <div>
              <Text size="sm" fw={600}>
                Goals
              </Text>
              <List size="sm">
                {p.goals.map((g) => (
                  <List.Item key={g}>{g}</List.Item>
                ))}
              </List>
            </div>
            <div>
              <Text size="sm" fw={600}>
                Pains
              </Text>
              <List size="sm">
                {p.pains.map((g) => (
                  <List.Item key={g}>{g}</List.Item>
                ))}
              </List>
            </div>
          </SimpleGrid>
          <Text size="sm" c="dimmed" mt="xs" data-testid="persona-criteria">
            <b>Matches when:</b> {criteriaText(p.criteria)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
