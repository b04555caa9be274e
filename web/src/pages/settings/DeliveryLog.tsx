import { Alert, Badge, Table, Text } from '@mantine/core';
import type { Delivery } from '../../api/notification-types';
import { LoadMore } from '../../components/LoadMore';
import { Time } from '../../components/Time';
import { useRefreshablePages } from '../contact/use-refreshable';

const statusColors = { pending: 'yellow', succeeded: 'green', failed: 'red' } as const;

/** An endpoint's deliveries, newest first: what was sent, how it went, and any retry ahead. */
export function DeliveryLog({ endpointId, revision }: { endpointId: string; revision: number }) {
  const list = useRefreshablePages<Delivery>(
    `/api/v1/webhook-endpoints/${endpointId}/deliveries`,
    revision,
  );
  if (list.error) return <Alert color="red">{list.error.message}</Alert>;
  if (list.loaded && list.rows.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="delivery-log-empty">
        Nothing sent yet.
      </Text>
    );
  return (
    <>
      <Table data-testid="delivery-log" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Event</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Last answer</Table.Th>
            <Table.Th>Queued</Table.Th>
            <Table.Th>Delivered / next try</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.rows.map((d) => (
            <Table.Tr
              key={d.id}
              data-testid="delivery"
              data-status={d.status}
              data-type={d.notificationType}
            >
              <Table.Td>{d.notificationType}</Table.Td>
              <Table.Td>
                <Badge color={statusColors[d.status]} variant="light">
                  {d.status}
                </Badge>
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
              <Table.Td>
                {d.lastStatus ?? ''}
                {d.lastError ? (
                  <Text size="xs" c="red">
                    {d.lastError}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Time iso={d.createdAt} />
              </Table.Td>
              <Table.Td>
                {d.deliveredAt ? (
                  <Time iso={d.deliveredAt} />
                ) : d.nextAttemptAt ? (
                  <>
                    retry <Time iso={d.nextAttemptAt} />
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LoadMore list={list} />
    </>
  );
}
