import { Badge, Table, Text } from '@mantine/core';
import { Time } from '../../components/Time';
import { SignatureNotes, Signatures, statusColors, statusLabel } from './Signatures';
import type { DefinitionsVersion } from './types';

/** Every version, newest first: who proposed it, who signed for which side, when it was in force. */
export function VersionHistory({ versions }: { versions: DefinitionsVersion[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped data-testid="definitions-versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">Version</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Summary</Table.Th>
            <Table.Th>Proposed</Table.Th>
            <Table.Th>Signatures</Table.Th>
            <Table.Th>In force from</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr
              key={v.id}
              data-testid="definitions-version-row"
              data-version={v.version}
              data-status={v.status}
            >
              <Table.Td ta="right">v{v.version}</Table.Td>
              <Table.Td>
                {/* A cell is as narrow as its content allows: an ellipsis label would let it shrink. */}
                <Badge
                  color={statusColors[v.status]}
                  variant="light"
                  styles={{ label: { overflow: 'visible' } }}
                >
                  {statusLabel(v)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{v.summary ?? '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {v.proposedBy?.name ?? 'Tandem'} · <Time iso={v.createdAt} />
                </Text>
              </Table.Td>
              <Table.Td>
                <Signatures version={v} />
                <SignatureNotes version={v} />
              </Table.Td>
              <Table.Td>{v.activatedAt ? <Time iso={v.activatedAt} /> : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
