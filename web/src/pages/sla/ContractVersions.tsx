import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { SlaContract, SlaContractVersion } from '../../api/sla-types';
import { SignatureBadges, SignControl } from '../../components/Signatures';
import { formatAbsolute } from '../../components/Time';
import { ContractSides } from './ContractSides';

export const statusColors: Record<SlaContractVersion['status'], string> = {
  active: 'green',
  proposed: 'yellow',
  superseded: 'gray',
  withdrawn: 'gray',
};

const statusLabels: Record<SlaContractVersion['status'], string> = {
  active: 'in force',
  proposed: 'awaiting signatures',
  superseded: 'superseded',
  withdrawn: 'withdrawn',
};

/** The server's refusal, with every field problem it names. */
export function ProblemAlert({ error, testId }: { error: Error; testId: string }) {
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  const status = error instanceof ApiError ? error.problem.status : 0;
  return (
    <Alert color="red" data-testid={testId} data-status={status}>
      <Text size="sm">{error.message}</Text>
      {fields.length > 0 && (
        <List size="xs" mt={4}>
          {fields.map((f) => (
            <List.Item key={`${f.field}:${f.message}`}>
              <code>{f.field}</code> {f.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

export function ContractSignatures({ version }: { version: SlaContractVersion }) {
  return (
    <SignatureBadges
      signatures={version.signatures}
      proposed={version.status === 'proposed'}
      none="none: the defaults the workspace started with"
    />
  );
}

function SignContract({ version, onSigned }: { version: SlaContractVersion; onSigned(): void }) {
  return (
    <SignControl
      signatures={version.signatures}
      sign={async (choice) => {
        await api(`/api/v1/sla/contracts/${version.version}/sign`, {
          method: 'POST',
          body: choice,
        });
        onSigned();
      }}
      showError={(error) => <ProblemAlert error={error} testId="sign-error" />}
    />
  );
}

/** A proposal awaiting signatures: what it says, who signed, and signing it. */
export function ProposalCard({
  version,
  onSigned,
}: {
  version: SlaContractVersion;
  onSigned(): void;
}) {
  return (
    <Card withBorder data-testid="contract-proposal" data-version={version.version}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Proposed version {version.version}</Title>
          <Text size="sm" c="dimmed">
            by {version.proposedBy?.name ?? 'the system'}, {formatAbsolute(version.createdAt)}
          </Text>
        </Group>
        <Text size="sm">
          It takes effect once one member signs for marketing and another for sales.
        </Text>
        <ContractSides document={version.document} />
        <ContractSignatures version={version} />
        <SignContract version={version} onSigned={onSigned} />
      </Stack>
    </Card>
  );
}

/** Proposing a new version as the JSON document, starting from the one in force. */
export function ProposeContract({ base, onProposed }: { base: SlaContract; onProposed(): void }) {
  const [text, setText] = useState(() => JSON.stringify(base, null, 2));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async () => {
    setError(null);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (e) {
      setError(new Error(`The document is not valid JSON: ${(e as Error).message}`));
      return;
    }
    setBusy(true);
    try {
      await api('/api/v1/sla/contracts', { method: 'POST', body: { document } });
      onProposed();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm" maw={720}>
      <Text size="sm" c="dimmed">
        The whole contract as JSON: marketing's clauses (mqls_per_rep, accepted_share), sales'
        (accept_within and first_attempt_within in business hours, attempt_cadence and
        outcome_recorded in business days) and the escalation. Leave a clause out to drop it.
      </Text>
      <Textarea
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={12}
        ff="monospace"
        spellCheck={false}
        data-testid="propose-json"
      />
      <Group>
        <Button onClick={() => void submit()} loading={busy} data-testid="propose-submit">
          Propose this version
        </Button>
      </Group>
      {error && <ProblemAlert error={error} testId="propose-error" />}
    </Stack>
  );
}

export function ContractHistory({ versions }: { versions: SlaContractVersion[] }) {
  return (
    <Table data-testid="contract-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Version</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Proposed</Table.Th>
          <Table.Th>In force from</Table.Th>
          <Table.Th>Signatures</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {versions.map((v) => (
          <Table.Tr key={v.version} data-testid="contract-version" data-status={v.status}>
            <Table.Td>{v.version}</Table.Td>
            <Table.Td>
              <Badge color={statusColors[v.status]} variant="light" tt="none">
                {statusLabels[v.status]}
              </Badge>
            </Table.Td>
            <Table.Td>
              {v.proposedBy?.name ?? 'defaults'}, {formatAbsolute(v.createdAt)}
            </Table.Td>
            <Table.Td>{v.activatedAt ? formatAbsolute(v.activatedAt) : '—'}</Table.Td>
            <Table.Td>
              {v.signatures.map((s) => `${s.member.name} (${s.side})`).join(', ') || '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
