import { Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { SlaContract, SlaStanding } from '../../api/sla-types';
import { escalationSentence, marketingSentences, percent, salesSentences } from './clause-text';

function StandingBadge({ met, label }: { met: boolean | null; label: string }) {
  const color = met === null ? 'gray' : met ? 'green' : 'red';
  return (
    <Badge color={color} variant="light" tt="none" data-testid="standing" data-met={String(met)}>
      {label}
    </Badge>
  );
}

/**
 * Both sides' promises in plain words, side by side; with a standing, how each
 * clause stands this month beneath it.
 */
export function ContractSides({
  document,
  standing,
}: {
  document: SlaContract;
  standing?: SlaStanding;
}) {
  const marketing = marketingSentences(document);
  const sales = salesSentences(document);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder data-testid="contract-side" data-side="marketing">
          <Title order={4} mb="xs">
            Marketing commits to
          </Title>
          <List spacing="sm">
            {marketing.map((c) => {
              const s = standing?.marketing.find((m) => m.clause === c.key);
              return (
                <List.Item key={c.key} data-testid="clause" data-clause={c.key}>
                  <Text size="sm">{c.text}</Text>
                  {s && (
                    <Group gap={6} mt={4}>
                      <StandingBadge
                        met={s.met}
                        label={s.met === null ? 'not measured yet' : s.met ? 'met' : 'not met yet'}
                      />
                      <Text size="xs" c="dimmed">
                        {s.detail}
                      </Text>
                    </Group>
                  )}
                </List.Item>
              );
            })}
          </List>
        </Card>
        <Card withBorder data-testid="contract-side" data-side="sales">
          <Title order={4} mb="xs">
            Sales commits to
          </Title>
          <List spacing="sm">
            {sales.map((c) => {
              const s = standing?.sales.find((m) => m.clause === c.key);
              return (
                <List.Item key={c.key} data-testid="clause" data-clause={c.key}>
                  <Text size="sm">{c.text}</Text>
                  {s && (
                    <Group gap={6} mt={4}>
                      <StandingBadge
                        met={s.share === null ? null : s.breached === 0}
                        label={
                          s.share === null
                            ? 'nothing settled yet'
                            : `${percent(s.share)} kept · ${s.breached} breached`
                        }
                      />
                      <Text size="xs" c="dimmed">
                        {s.detail}
                      </Text>
                    </Group>
                  )}
                </List.Item>
              );
            })}
          </List>
        </Card>
      </SimpleGrid>
      <Text size="sm" c="dimmed" data-testid="escalation">
        {escalationSentence(document)}
      </Text>
    </Stack>
  );
}
