import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { query } from '../api/client';
import type { Contact, Member } from '../api/types';
import { useApi } from '../api/use-api';
import { usePagedApi } from '../api/use-paged-api';
import { contactName } from '../components/contact-name';
import { LoadMore } from '../components/LoadMore';
import { Time } from '../components/Time';
import { UrlSearchInput } from '../components/UrlSearchInput';
import { StageBadge } from '../stages/StageBadge';
import { useStages } from '../stages/stages';

const roleLabels: Record<Member['role'], string> = {
  admin: 'Admins',
  marketing: 'Marketing',
  sales_manager: 'Sales managers',
  sales_rep: 'Sales reps',
};

/** Owner choices grouped by role: contacts can be owned by anyone, not only reps. */
function ownerOptions(members: Member[]) {
  const groups = (Object.keys(roleLabels) as Member['role'][])
    .map((role) => ({
      group: roleLabels[role],
      items: members
        .filter((m) => m.role === role)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => ({ value: m.id, label: m.active ? m.name : `${m.name} (inactive)` })),
    }))
    .filter((g) => g.items.length > 0);
  return [{ group: 'No owner', items: [{ value: 'none', label: 'Unassigned' }] }, ...groups];
}

export function ContactsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const stage = params.get('stage');
  const owner = params.get('ownerId');
  const { stages } = useStages();
  const members = useApi<{ items: Member[] }>('/api/v1/members');

  const list = usePagedApi<Contact>(
    `/api/v1/contacts${query({ q: params.get('q'), stage, ownerId: owner, limit: 50 })}`,
  );

  function setFilter(key: string, value: string | null) {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Contacts</Title>
        <Button
          component="a"
          variant="default"
          href={`/api/v1/contacts/export${query({ q: params.get('q'), stage, ownerId: owner })}`}
          download
          data-testid="export-csv"
        >
          Download CSV
        </Button>
      </Group>
      <Group align="end">
        <UrlSearchInput
          label="Search"
          placeholder="Name, email or company"
          data-testid="contact-search"
        />
        <Select
          label="Stage"
          placeholder="Any stage"
          clearable
          value={stage}
          onChange={(v) => setFilter('stage', v)}
          data={stages.map((s) => ({ value: s.key, label: s.name }))}
          w={280}
          data-testid="stage-filter"
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          clearable
          searchable
          value={owner}
          onChange={(v) => setFilter('ownerId', v)}
          data={ownerOptions(members.data?.items ?? [])}
          data-testid="owner-filter"
        />
        {list.loading && list.loaded && <Loader size="sm" mb={8} />}
      </Group>
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {!list.loaded ? (
        !list.error && <Loader />
      ) : (
        <Table.ScrollContainer minWidth={900}>
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
                  <Table.Td>
                    {/* A real link too, so keyboard users and "open in new tab" work. */}
                    <Anchor
                      component={Link}
                      to={`/contacts/${c.id}`}
                      onClick={(e) => e.stopPropagation()}
                      data-testid="contact-name"
                    >
                      {contactName(c)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.email ?? '—'}</Table.Td>
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
        </Table.ScrollContainer>
      )}
      {list.loaded && list.rows.length === 0 && (
        <Text c="dimmed">No contacts match these filters.</Text>
      )}
      <LoadMore list={list} />
    </Stack>
  );
}
