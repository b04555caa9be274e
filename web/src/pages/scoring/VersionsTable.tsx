import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { ModelVersion } from '../../api/scoring-types';
import { Time } from '../../components/Time';
import { originLabels, statusColors } from './scoring-format';

/** Every version of the scoring model, newest first, each linking to its editor. */
export function VersionsTable({ items }: { items: ModelVersion[] }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover data-testid="model-versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">Version</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Origin</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Activated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr
              key={m.id}
              data-testid="model-version-row"
              data-status={m.status}
              data-version={m.version}
            >
              <Table.Td ta="right">v{m.version}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/scoring/models/${m.id}`} size="sm">
                  {m.name}
                </Anchor>
                {m.note && (
                  <Text size="xs" c="dimmed" lineClamp={1} maw={320}>
                    {m.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={statusColors[m.status]} variant="light" data-testid="model-status">
                  {m.status}
                </Badge>
              </Table.Td>
              <Table.Td>{originLabels[m.origin] ?? m.origin}</Table.Td>
              <Table.Td>
                <Text size="sm">
                  {m.createdBy?.name ?? 'Tandem'} · <Time iso={m.createdAt} />
                </Text>
              </Table.Td>
              <Table.Td>
                {m.activatedAt ? (
                  <Text size="sm">
                    {m.activatedBy?.name ?? 'Tandem'} · <Time iso={m.activatedAt} />
                    {m.retiredAt && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (retired <Time iso={m.retiredAt} />)
                      </Text>
                    )}
                  </Text>
                ) : m.retiredAt ? (
                  <Text size="sm" c="dimmed">
                    Retired <Time iso={m.retiredAt} /> without being active
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
