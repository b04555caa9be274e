import { Alert, Button, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { query } from '../api/client';
import type { Account } from '../api/types';
import { usePagedApi } from '../api/use-paged-api';

const number = new Intl.NumberFormat('en');
const money = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function AccountsPage() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 300);
  const list = usePagedApi<Account>(`/api/v1/accounts${query({ q, limit: 50 })}`);

  return (
    <Stack>
      <Title order={2}>Accounts</Title>
      <TextInput
        label="Search"
        placeholder="Company name or domain"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        w={320}
      />
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Domain</Table.Th>
            <Table.Th>Industry</Table.Th>
            <Table.Th>Employees</Table.Th>
            <Table.Th>Revenue</Table.Th>
            <Table.Th>Country</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.rows.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.domain ?? '—'}</Table.Td>
              <Table.Td>{a.industry ?? '—'}</Table.Td>
              <Table.Td>{a.employees === null ? '—' : number.format(a.employees)}</Table.Td>
              <Table.Td>{a.annualRevenue === null ? '—' : money.format(a.annualRevenue)}</Table.Td>
              <Table.Td>{a.country ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.loaded && list.rows.length === 0 && <Text c="dimmed">No accounts match.</Text>}
      {list.hasMore && (
        <Button variant="light" w={160} onClick={() => void list.loadMore()}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
