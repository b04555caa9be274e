import { Alert, Anchor, Badge, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ScoreHistoryEntry } from '../../api/scoring-types';
import { useApi } from '../../api/use-api';
import { Time } from '../../components/Time';
import { bandColors, formatPoints } from '../scoring/scoring-format';
import { Sparkline } from './Sparkline';

const causeLabels: Record<ScoreHistoryEntry['cause'], string> = {
  activity: 'Activity',
  profile: 'Profile change',
  decay: 'Decay',
  rescore: 'Model change',
};

const collapsedRows = 8;

/** How the contact's score changed and why, newest first, with the total drawn over time. */
export function ScoreHistory({ contactId }: { contactId: string }) {
  const history = useApi<{ items: ScoreHistoryEntry[] }>(
    `/api/v1/contacts/${encodeURIComponent(contactId)}/score-history`,
  );
  const [all, setAll] = useState(false);
  if (history.error) return <Alert color="red">{history.error.message}</Alert>;
  if (!history.data) return <Loader size="sm" />;
  const items = history.data.items;
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="score-history-empty">
        No score changes recorded yet.
      </Text>
    );
  }
  const oldestFirst = [...items].reverse().map((h) => ({
    at: new Date(h.occurredAt).getTime(),
    value: h.total,
  }));
  const shown = all ? items : items.slice(0, collapsedRows);
  return (
    <Stack gap="xs" data-testid="score-history">
      <Group gap="sm" align="end">
        <Sparkline points={oldestFirst} label={`Total score over ${items.length} changes`} />
        <Text size="xs" c="dimmed">
          total score, {items.length} change{items.length === 1 ? '' : 's'}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={620}>
        <Table striped data-testid="score-history-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th ta="right">Model</Table.Th>
              <Table.Th ta="right">Fit</Table.Th>
              <Table.Th ta="right">Engagement</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th>Band</Table.Th>
              <Table.Th>Qualifies</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: history rows have no id; the list only grows at the top
              <Table.Tr key={`${h.occurredAt}:${i}`} data-testid="score-history-row">
                <Table.Td>
                  <Time iso={h.occurredAt} />
                </Table.Td>
                <Table.Td>{causeLabels[h.cause] ?? h.cause}</Table.Td>
                <Table.Td ta="right">v{h.modelVersion}</Table.Td>
                <Table.Td ta="right">{formatPoints(h.fit)}</Table.Td>
                <Table.Td ta="right">{formatPoints(h.engagement)}</Table.Td>
                <Table.Td ta="right" fw={500}>
                  {formatPoints(h.total)}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={bandColors[h.band]}>
                    {h.band}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {h.qualifies.length > 0
                    ? h.qualifies.map((q) => q.toUpperCase()).join(', ')
                    : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {items.length > collapsedRows && (
        <Anchor component="button" size="sm" onClick={() => setAll((a) => !a)} w="fit-content">
          {all ? 'Show fewer' : `Show all ${items.length} changes`}
        </Anchor>
      )}
    </Stack>
  );
}
