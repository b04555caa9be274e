import { Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { FullTime } from '../../components/Time';
import { type Change, diffDefinitions } from './diff';
import { SignatureNotes, Signatures } from './Signatures';
import { SignPanel } from './SignPanel';
import type { DefinitionsVersion } from './types';

const kindColors: Record<Change['kind'], string> = {
  added: 'green',
  removed: 'red',
  changed: 'blue',
};

function ChangeList({ changes }: { changes: Change[] }) {
  if (changes.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing differs from the version in force.
      </Text>
    );
  return (
    <List spacing={6} size="sm" data-testid="proposal-changes">
      {changes.map((c) => (
        <List.Item key={`${c.area}:${c.key}:${c.kind}`} data-testid="proposal-change">
          <Group gap={6}>
            <Badge size="xs" color={kindColors[c.kind]} variant="light">
              {c.kind}
            </Badge>
            <Text size="sm" fw={600}>
              {c.area} <code>{c.key}</code>
            </Text>
          </Group>
          {c.details.map((d) => (
            <Text key={d} size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {d}
            </Text>
          ))}
        </List.Item>
      ))}
    </List>
  );
}

/** A proposal waiting for signatures: what it changes against the version in force, who signed, and signing. */
export function ProposalCard({
  proposal,
  inForce,
  onSigned,
}: {
  proposal: DefinitionsVersion;
  inForce: DefinitionsVersion;
  onSigned(v: DefinitionsVersion): void;
}) {
  return (
    <Card withBorder data-testid="proposal" data-version={proposal.version}>
      <Stack gap="sm">
        <Group justify="space-between" align="start">
          <div>
            <Title order={4}>
              Version {proposal.version} awaits signatures
              {proposal.summary ? `: ${proposal.summary}` : ''}
            </Title>
            <Text size="sm" c="dimmed">
              Proposed by {proposal.proposedBy?.name ?? 'Tandem'},{' '}
              <FullTime iso={proposal.createdAt} />. It takes effect once marketing and sales have
              both signed.
            </Text>
          </div>
          <Badge color="yellow" variant="light" data-testid="proposal-status">
            pending
          </Badge>
        </Group>
        <Signatures version={proposal} />
        <SignatureNotes version={proposal} />
        <Text size="sm" fw={600}>
          Changes against version {inForce.version} (in force)
        </Text>
        <ChangeList changes={diffDefinitions(inForce.document, proposal.document)} />
        <SignPanel version={proposal} onSigned={onSigned} />
      </Stack>
    </Card>
  );
}
