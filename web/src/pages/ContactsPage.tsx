import {
  Alert,
  Button,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { query } from '../api/client';
import type { Contact, Member, StagesResponse } from '../api/types';
import { useApi } from '../api/use-api';
import { usePagedApi } from '../api/use-paged-api';
import { StageBadge } from '../components/StageBadge';
import { Time } from '../components/time';

function contactName(c: Contact): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '(no name)';
}

export function ContactsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(text, 300);
  const stage = params.get('stage');
  const owner = params.get('ownerId');

  const stages = useApi<StagesResponse>('/api/v1/stages');
  const members = useApi<{ items: Member[] }>('/api/v1/members');

  // Filters live in the URL so a link reproduces the view.
  useEffect(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (debounced) next.set('q', debounced);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debounced, setParams]);

  const list = usePagedApi<Contact>(
    `/api/v1/contacts${query({ q: params.get('q'), stage, ownerId: owner, limit: 50 })}`,
  );

  function setFilter(key: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  }

  return (
    <Stack>
      <Title order={2}>Contacts</Title>
      <Group align="end">
        <TextInput
          label="Search"
          placeholder="Name, email or company"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={320}
          data-testid="contact-search"
        />
        <Select
          label="Stage"
          placeholder="Any stage"
          clearable
          value={stage}
          onChange={(v) => setFilter('stage', v)}
          data={(stages.data?.items ?? []).map((s) => ({ value: s.key, label: s.name }))}
          data-testid="stage-filter"
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          clearable
          searchable
          value={owner}
          onChange={(v) => setFilter('ownerId', v)}
          data={[
            { value: 'none', label: 'Unassigned' },
            ...(members.data?.items ?? [])
              .filter((m) => m.role === 'sales_rep' || m.role === 'sales_manager')
              .map((m) => ({ value: m.id, label: m.name })),
          ]}
          data-testid="owner-filter"
        />
      </Group>
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {!list.loaded ? (
        <Loader />
      ) : (
        <Table highlightOnHover striped data-testid="contacts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Score</Table.Th>
              <Table.Th>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.rows.map((c) => (
              <Table.Tr
                key={c.id}
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(`/contacts/${c.id}`)}
                data-testid="contact-row"
              >
                <Table.Td data-testid="contact-name">{contactName(c)}</Table.Td>
                <Table.Td>{c.email}</Table.Td>
                <Table.Td>{c.account?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <StageBadge stage={c.lifecycleStage} />
                </Table.Td>
                <Table.Td>{c.owner?.name ?? <Text c="dimmed">Unassigned</Text>}</Table.Td>
                <Table.Td>{c.totalScore ?? '—'}</Table.Td>
                <Table.Td>
                  <Time iso={c.updatedAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.loaded && list.rows.length === 0 && (
        <Text c="dimmed">No contacts match these filters.</Text>
      )}
      {list.hasMore && (
        <Button variant="light" onClick={() => void list.loadMore()} w={160}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
