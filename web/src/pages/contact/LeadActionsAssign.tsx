import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import type { Member } from '../../api/types';
import { useApi } from '../../api/use-api';

const roleOrder: Record<Member['role'], number> = {
  sales_rep: 0,
  sales_manager: 1,
  admin: 2,
  marketing: 3,
};

interface Props {
  ownerId: string | null;
  busy: boolean;
  onAssign(ownerId: string): void;
}

/** The manager's "Assign to": active sales members, grouped by team. Keyed by owner, so a change clears it. */
export function LeadActionsAssign({ ownerId, busy, onAssign }: Props) {
  const members = useApi<{ items: Member[] }>('/api/v1/members');
  const [chosen, setChosen] = useState<string | null>(null);

  const candidates = (members.data?.items ?? [])
    .filter((m) => m.active && m.id !== ownerId && m.role !== 'marketing')
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name));
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const m of candidates) {
    const group = m.teamName ?? (m.role === 'sales_rep' ? 'No team' : 'Managers and admins');
    groups.set(group, [...(groups.get(group) ?? []), { value: m.id, label: m.name }]);
  }

  return (
    <Group gap="xs" align="end" data-testid="assign-owner">
      <Select
        label={ownerId ? 'Reassign to' : 'Assign to'}
        placeholder={members.error ? members.error.message : 'Pick a member'}
        searchable
        size="xs"
        w={220}
        data={[...groups].map(([group, items]) => ({ group, items }))}
        value={chosen}
        onChange={setChosen}
        disabled={members.loading || members.error !== null}
        data-testid="assign-owner-select"
      />
      <Button
        size="xs"
        variant="light"
        disabled={chosen === null}
        loading={busy}
        onClick={() => chosen && onAssign(chosen)}
        data-testid="assign-owner-submit"
      >
        Assign
      </Button>
    </Group>
  );
}
