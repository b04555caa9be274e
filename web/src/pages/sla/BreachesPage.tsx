import {
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, query } from '../../api/client';
import type { Breach } from '../../api/sla-types';
import type { Member } from '../../api/types';
import { useApi } from '../../api/use-api';
import { contactName } from '../../components/contact-name';
import { Time } from '../../components/Time';
import { useRefreshableApi } from '../contact/use-refreshable';
import { ProblemAlert } from './ContractVersions';
import { clauseName } from './clause-text';
import { SlaNav } from './SlaNav';

function Reassign({ breach, reps, onDone }: { breach: Breach; reps: Member[]; onDone(): void }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const options = reps
    .filter((m) => m.id !== breach.owner?.id)
    .map((m) => ({ value: m.id, label: m.teamName ? `${m.name} (${m.teamName})` : m.name }));
  const submit = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/v1/contacts/${breach.contact.id}`, {
        method: 'PATCH',
        body: { ownerId: chosen },
      });
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Select
          size="xs"
          w={220}
          placeholder="Pick a rep"
          searchable
          data={options}
          value={chosen}
          onChange={setChosen}
          data-testid="reassign-select"
        />
        <Button
          size="xs"
          variant="light"
          disabled={!chosen}
          loading={busy}
          onClick={() => void submit()}
          data-testid="reassign-submit"
        >
          Reassign
        </Button>
      </Group>
      {error && <ProblemAlert error={error} testId="reassign-error" />}
    </Stack>
  );
}

/**
 * Breached clocks of leads still open, by team, for the managers who can do
 * something about them: hand the lead to another rep (its clocks follow).
 */
export function BreachesPage() {
  const [params, setParams] = useSearchParams();
  const teamId = params.get('teamId');
  const [revision, setRevision] = useState(0);
  const breaches = useRefreshableApi<{ items: Breach[] }>(
    `/api/v1/sla/breaches${query({ teamId })}`,
    revision,
  );
  const members = useApi<{ items: Member[] }>('/api/v1/members');
  const all = members.data?.items ?? [];
  const byId = new Map(all.map((m) => [m.id, m]));
  const reps = all
    .filter((m) => m.active && m.role === 'sales_rep')
    .sort((a, b) => a.name.localeCompare(b.name));
  const teams = new Map<string, string>();
  for (const m of all)
    if (m.teamId && m.role === 'sales_rep') teams.set(m.teamId, m.teamName ?? m.teamId);

  // One row per lead, however many of its clocks broke. A lead handed to someone
  // else since its breach has been dealt with: the new owner's clocks run on.
  const leads = new Map<string, Breach[]>();
  let handled = 0;
  for (const b of breaches.data?.items ?? []) {
    if (b.owner && b.contact.ownerId !== b.owner.id) {
      handled++;
      continue;
    }
    leads.set(b.contact.id, [...(leads.get(b.contact.id) ?? []), b]);
  }
  const groups = new Map<string, Breach[][]>();
  for (const lead of leads.values()) {
    const owner = lead[0]!.owner ? byId.get(lead[0]!.owner.id) : undefined;
    const team = owner?.teamName ?? 'No team';
    groups.set(team, [...(groups.get(team) ?? []), lead]);
  }

  return (
    <Stack gap="md">
      <div>
        <SlaNav />
        <Title order={2}>Breaches</Title>
        <Text c="dimmed" size="sm">
          Open leads with a broken SLA promise. Reassigning hands the lead and its remaining clocks
          to another rep.
        </Text>
      </div>
      <Select
        label="Team"
        placeholder="All teams"
        clearable
        w={260}
        data={[...teams].map(([value, label]) => ({ value, label }))}
        value={teamId}
        onChange={(v) => setParams(v ? { teamId: v } : {})}
        data-testid="breaches-team"
      />
      {breaches.error && <ProblemAlert error={breaches.error} testId="breaches-error" />}
      {breaches.loading && !breaches.data && <Loader />}
      {breaches.data && leads.size === 0 && (
        <Card withBorder data-testid="breaches-empty">
          <Text>No breached lead is waiting for action.</Text>
        </Card>
      )}
      {handled > 0 && (
        <Text size="xs" c="dimmed" data-testid="breaches-handled">
          {handled} breach{handled === 1 ? '' : 'es'} of leads since handed to another rep not
          shown.
        </Text>
      )}
      {[...groups].map(([team, items]) => (
        <Stack key={team} gap="xs" data-testid="breaches-team-group" data-team={team}>
          <Title order={4}>
            {team} · {items.length}
          </Title>
          <Table data-testid="breaches">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Lead</Table.Th>
                <Table.Th>Promise broken</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Was due</Table.Th>
                <Table.Th>Hand to</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((lead) => {
                const b = lead[0]!;
                return (
                  <Table.Tr key={b.contact.id} data-testid="breach" data-contact={b.contact.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/contacts/${b.contact.id}`}>
                        {contactName(b.contact)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{lead.map((x) => clauseName(x.clause)).join(', ')}</Table.Td>
                    <Table.Td>{b.owner?.name ?? 'nobody'}</Table.Td>
                    <Table.Td>
                      <Time iso={b.dueAt} />
                    </Table.Td>
                    <Table.Td>
                      <Reassign breach={b} reps={reps} onDone={() => setRevision((n) => n + 1)} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
    </Stack>
  );
}
