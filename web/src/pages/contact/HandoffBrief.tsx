import {
  Alert,
  Badge,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import type { Touch } from '../../api/types';
import { useApi } from '../../api/use-api';
import { Time } from '../../components/Time';
import { StageBadge } from '../../stages/StageBadge';
import { useStages } from '../../stages/stages';
import { formatPoints } from '../scoring/scoring-format';

/** GET /api/v1/contacts/{id}/brief (server: core/handoff-brief.ts). */
export interface HandoffBrief {
  contactId: string;
  generatedAt: string;
  qualifiedAs: string | null;
  qualifiedAt: string | null;
  score: { total: number; fit: number; engagement: number; band: string } | null;
  topContributions: { rule: string; label: string; points: number }[];
  persona: { key: string; name: string } | null;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  recentActivities: {
    type: string;
    name: string | null;
    occurredAt: string;
    url: string | null;
    title: string | null;
  }[];
  contentConsumed: {
    kind: 'page' | 'download' | 'webinar';
    title: string | null;
    url: string | null;
    times: number;
    lastAt: string;
  }[];
  stageHistory: {
    from: string | null;
    to: string;
    occurredAt: string;
    actor: { kind: 'member' | 'api_key' | 'system'; id: string | null; name: string | null };
    reasonCode: string | null;
  }[];
}

function touchText(t: Touch | null): string {
  if (!t) return '—';
  return [t.source, t.medium, t.campaign].filter(Boolean).join(' · ') || '—';
}

const kindLabels = { page: 'Page', download: 'Download', webinar: 'Webinar' } as const;

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}

/**
 * "Why this lead": what a rep reads first on a lead handed to sales. Shown for
 * contacts in a route stage (MQL, PQL, CQL) or one of sales' stages.
 */
export function HandoffBriefCard({ contactId, stage }: { contactId: string; stage: string }) {
  const { stages } = useStages();
  const def = stages.find((s) => s.key === stage);
  const isLead = def !== undefined && (def.kind === 'route' || def.owningTeam === 'sales');
  const brief = useApi<HandoffBrief>(
    isLead ? `/api/v1/contacts/${encodeURIComponent(contactId)}/brief` : null,
  );
  if (!isLead) return null;

  return (
    <Card withBorder data-testid="handoff-brief">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Why this lead</Title>
        {brief.data?.qualifiedAs && (
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              qualified as
            </Text>
            <StageBadge stage={brief.data.qualifiedAs} />
            {brief.data.qualifiedAt && (
              <Text size="xs" c="dimmed">
                <Time iso={brief.data.qualifiedAt} />
              </Text>
            )}
          </Group>
        )}
      </Group>
      {brief.error ? (
        <Alert color="red">{brief.error.message}</Alert>
      ) : !brief.data ? (
        <Loader size="sm" />
      ) : (
        <BriefBody brief={brief.data} />
      )}
    </Card>
  );
}

function BriefBody({ brief }: { brief: HandoffBrief }) {
  const s = brief.score;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
      <Stack gap="sm">
        <Section title="Score">
          {s ? (
            <Text size="sm" data-testid="brief-score">
              <b>{formatPoints(s.total)}</b> ({s.band}) · fit {formatPoints(s.fit)} · engagement{' '}
              {formatPoints(s.engagement)}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              Not scored by the active model
            </Text>
          )}
        </Section>
        <Section title="Top reasons">
          {brief.topContributions.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <Table withRowBorders={false} verticalSpacing={2} data-testid="brief-contributions">
              <Table.Tbody>
                {brief.topContributions.map((c) => (
                  <Table.Tr key={c.rule}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Text size="sm">{c.label}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" c={c.points < 0 ? 'red' : undefined}>
                        {c.points > 0 ? '+' : ''}
                        {formatPoints(c.points)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Section>
        <Section title="Persona">
          <Text size="sm">{brief.persona?.name ?? '—'}</Text>
        </Section>
      </Stack>
      <Stack gap="sm">
        <Section title="First touch">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {touchText(brief.firstTouch)}
          </Text>
        </Section>
        <Section title="Last touch">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {touchText(brief.lastTouch)}
          </Text>
        </Section>
        <Section title="Content consumed">
          {brief.contentConsumed.length === 0 ? (
            <Text size="sm" c="dimmed">
              None tracked
            </Text>
          ) : (
            <List size="sm" spacing={2} data-testid="brief-content">
              {brief.contentConsumed.map((c) => (
                <List.Item key={`${c.kind}:${c.url ?? c.title}`}>
                  <Group gap={6} wrap="nowrap">
                    <Badge size="xs" variant="light" color="gray">
                      {kindLabels[c.kind]}
                    </Badge>
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {c.title ?? c.url}
                      {c.times > 1 ? ` ×${c.times}` : ''}
                    </Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
        </Section>
      </Stack>
      <Section title="Last activities">
        {brief.recentActivities.length === 0 ? (
          <Text size="sm" c="dimmed">
            No activity yet
          </Text>
        ) : (
          <Table withRowBorders={false} verticalSpacing={2} data-testid="brief-activities">
            <Table.Tbody>
              {brief.recentActivities.map((a, i) => (
                // Two events can share type and time; the position is their identity here.
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed, ordered list of ten
                <Table.Tr key={i}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{a.title ?? a.name ?? a.type}</Text>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Text size="xs" c="dimmed">
                      <Time iso={a.occurredAt} />
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
    </SimpleGrid>
  );
}
