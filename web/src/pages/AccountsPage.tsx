import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { query } from '../api/client';
import type { Account } from '../api/types';
import { usePagedApi } from '../api/use-paged-api';
import { LoadMore } from '../components/LoadMore';
import { UrlSearchInput } from '../components/UrlSearchInput';

const number = new Intl.NumberFormat('en');
const money = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function AccountsPage() {
  const [params] = useSearchParams();
  const list = usePagedApi<Account>(`/api/v1/accounts${query({ q: params.get('q'), limit: 50 })}`);

  return (
    <Stack>
      <Title order={2}>Accounts</Title>
      <UrlSearchInput
        label="Search"
        placeholder="Company name or domain"
        data-testid="account-search"
      />
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {!list.loaded ? (
        !list.error && <Loader />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="accounts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Domain</Table.Th>
                <Table.Th>Industry</Table.Th>
                <Table.Th>Employees</Table.Th>
                <Table.Th>Annual revenue</Table.Th>
                <Table.Th>Country</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.rows.map((a) => (
                <Table.Tr key={a.id} data-testid="account-row">
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{a.domain ?? '—'}</Table.Td>
                  <Table.Td>{a.industry ?? '—'}</Table.Td>
                  <Table.Td>{a.employees === null ? '—' : number.format(a.employees)}</Table.Td>
                  <Table.Td>
                    {a.annualRevenue === null ? '—' : money.format(a.annualRevenue)}
                  </Table.Td>
                  <Table.Td>{a.country ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.loaded && list.rows.length === 0 && <Text c="dimmed">No accounts match.</Text>}
      <LoadMore list={list} />
    </Stack>
  );
}
